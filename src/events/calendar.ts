/**
 * Simulated time is an integer number of days since 1970-01-01 on the proleptic Gregorian UTC
 * calendar. The core never uses `Date`: conversions are exact integer arithmetic
 * (H. Hinnant, "chrono-compatible low-level date algorithms", days_from_civil / civil_from_days).
 */

/** Day number: days since 1970-01-01 (UTC). */
export type Day = number;

/** A calendar date split into its parts (month 1–12, day 1–31). */
export interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Day number of a calendar date. */
export function dayFromYmd(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Calendar date of a day number packed in one number, year × 512 + month × 32 + day (days since 1970-01-01,
 * proleptic Gregorian): the arithmetic of ymdFromDay and yearOfDay, without an object on the hot paths.
 */
function packedYmd(d: Day): number {
  const z = d + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (month <= 2 ? 1 : 0)) * 512 + month * 32 + day;
}

/** Calendar date of a day number. */
export function ymdFromDay(d: Day): Ymd {
  const p = packedYmd(d);
  const year = Math.floor(p / 512);
  const rest = p - year * 512;
  const month = Math.floor(rest / 32);
  return { year, month, day: rest - month * 32 };
}

/** Year of a day number (without building the date parts: a hot path). */
export function yearOfDay(d: Day): number {
  return Math.floor(packedYmd(d) / 512);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Days either side of 1970-01-01 whose texts memoByDay keeps: 1696 to 2243, births of the oldest persons included. */
const MEMO_SPAN = 100_000;

/**
 * `format` remembering its texts by day number: a run writes millions of dates over a few thousand days, and each
 * formatting allocates (the date parts, the text). Kept in arrays indexed by the day (a lookup is an array load, not
 * a hash); days beyond MEMO_SPAN either side of 1970 are formatted each time.
 */
export function memoByDay(format: (d: Day) => string): (d: Day) => string {
  const after: (string | undefined)[] = [];
  const before: (string | undefined)[] = [];
  return (d) => {
    const memo = d >= 0 ? after : before;
    const i = d >= 0 ? d : -d;
    if (i >= MEMO_SPAN || !Number.isInteger(i)) return format(d);
    let text = memo[i];
    if (text === undefined) memo[i] = text = format(d);
    return text;
  };
}

/** ISO text `YYYY-MM-DD`, the SNDS date format of the output. */
export const isoDate = memoByDay((d: Day): string => {
  const { year, month, day } = ymdFromDay(d);
  return `${year}-${pad2(month)}-${pad2(day)}`;
});

/** Parses `YYYY-MM-DD` (strictly) into a day number, or returns undefined when it is not a real date. */
export function parseIsoDate(text: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayFromYmd(year, month, day);
}

/** Number of days of a month. */
export function daysInMonth(year: number, month: number): number {
  return dayFromYmd(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - dayFromYmd(year, month, 1);
}

/** First day of the month containing `d`. */
export function firstOfMonth(d: Day): Day {
  // The day of the month is the low 5 bits of the packed date.
  return d - (packedYmd(d) & 31) + 1;
}

/** First day of the month after the one containing `d` (the SNDS flux date rule). */
export function firstOfNextMonth(d: Day): Day {
  const p = packedYmd(d);
  const year = Math.floor(p / 512);
  const month = (p >> 5) & 15;
  return month === 12 ? dayFromYmd(year + 1, 1, 1) : dayFromYmd(year, month + 1, 1);
}

/** Day `n` months after `d`, clamped to the last day of the target month. */
export function addMonths(d: Day, n: number): Day {
  const { year, month, day } = ymdFromDay(d);
  const m0 = year * 12 + (month - 1) + n;
  const y = Math.floor(m0 / 12);
  const m = (m0 % 12) + 1;
  return dayFromYmd(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Completed years between a birth date and a later date (age in the civil sense). */
export function ageInYears(birth: Day, at: Day): number {
  const b = packedYmd(birth);
  const a = packedYmd(at);
  // Month × 32 + day, the low 9 bits of the packed date, orders the days of a year.
  return Math.floor(a / 512) - Math.floor(b / 512) - ((a & 511) < (b & 511) ? 1 : 0);
}

/**
 * Day of the next birthday strictly after `after` for someone born on `birth`: the day `ageInYears`
 * increases, so 1 March in non-leap years for someone born on 29 February.
 */
export function nextBirthday(birth: Day, after: Day): Day {
  const b = ymdFromDay(birth);
  let y = ymdFromDay(after).year;
  for (;;) {
    const d = b.month === 2 && b.day === 29 && daysInMonth(y, 2) === 28 ? dayFromYmd(y, 3, 1) : dayFromYmd(y, b.month, b.day);
    if (d > after) return d;
    y += 1;
  }
}
