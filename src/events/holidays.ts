/**
 * French public holidays (jours fériés) and days of the week on the project's integer-day calendar.
 *
 * The eleven holidays observed in the whole of France are those of the Code du travail, article
 * L3133-1: 1 January, Easter Monday, 1 May, 8 May, Ascension Day, 14 July, Assumption (15 August),
 * All Saints' Day (1 November), Armistice (11 November), Christmas (25 December) and Whit Monday
 * (lundi de Pentecôte, a "journée de solidarité" for many employees since 2004 but still a public
 * holiday on which most practices and pharmacies close). Alsace-Moselle's extra days (Good Friday,
 * 26 December) and the overseas abolition-of-slavery days are regional and left out: the simulator
 * applies one national calendar.
 *
 * Everything is integer arithmetic on day numbers (see `calendar.ts`), never `Date`.
 */
import { dayFromYmd, yearOfDay, ymdFromDay, type Day } from './calendar';

/** Day of the week in ISO order: 0 = Monday … 5 = Saturday, 6 = Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Short English names of the ISO weekdays, index = `Weekday`. */
export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * ISO day of the week of a day number (0 = Monday … 6 = Sunday). Day 0, 1970-01-01, was a
 * Thursday (ISO index 3).
 */
export function dayOfWeek(d: Day): Weekday {
  return (((d + 3) % 7) + 7) % 7 as Weekday;
}

/**
 * ISO 8601 year and week (1–53) of a day: weeks start on Monday and week 1 is the week holding the
 * year's first Thursday, so the week's Thursday decides the year (the Sentinelles series are by ISO week).
 */
export function isoWeek(d: Day): { readonly year: number; readonly week: number } {
  const thursday = d - dayOfWeek(d) + 3;
  const year = ymdFromDay(thursday).year;
  const jan4 = dayFromYmd(year, 1, 4);
  const week1Monday = jan4 - dayOfWeek(jan4);
  return { year, week: Math.floor((thursday - 3 - week1Monday) / 7) + 1 };
}

/**
 * Easter Sunday of a Gregorian year by the anonymous Gregorian computus (Meeus/Jones/Butcher
 * algorithm), valid for every year from 1583 on.
 */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromYmd(year, month, day);
}

/** A public holiday: its day number and a stable identifier. */
export interface PublicHoliday {
  readonly day: Day;
  readonly name: string;
}

/**
 * The eleven French public holidays of a year, sorted by day. Easter-based ones: Easter Monday =
 * Easter + 1, Ascension = Easter + 39 (a Thursday), Whit Monday = Easter + 50. Ascension can fall on
 * 1 or 8 May (e.g. 2008: 1 May); both names are then kept, on the same day.
 */
export function frenchPublicHolidays(year: number): readonly PublicHoliday[] {
  const easter = easterSunday(year);
  const list: PublicHoliday[] = [
    { day: dayFromYmd(year, 1, 1), name: 'new_year' },
    { day: easter + 1, name: 'easter_monday' },
    { day: dayFromYmd(year, 5, 1), name: 'labour_day' },
    { day: dayFromYmd(year, 5, 8), name: 'victory_1945' },
    { day: easter + 39, name: 'ascension' },
    { day: easter + 50, name: 'whit_monday' },
    { day: dayFromYmd(year, 7, 14), name: 'bastille_day' },
    { day: dayFromYmd(year, 8, 15), name: 'assumption' },
    { day: dayFromYmd(year, 11, 1), name: 'all_saints' },
    { day: dayFromYmd(year, 11, 11), name: 'armistice_1918' },
    { day: dayFromYmd(year, 12, 25), name: 'christmas' },
  ];
  return list.sort((x, y) => x.day - y.day || (x.name < y.name ? -1 : 1));
}

/** Cache of the holiday sets by year: `isFrenchPublicHoliday` is called for every candidate day. */
const holidaySets = new Map<number, ReadonlySet<Day>>();

/** The set of holiday day numbers of a year (cached; pure function of the year). */
export function frenchPublicHolidaySet(year: number): ReadonlySet<Day> {
  let s = holidaySets.get(year);
  if (!s) {
    s = new Set(frenchPublicHolidays(year).map((h) => h.day));
    holidaySets.set(year, s);
  }
  return s;
}

/** Whether a day is a French public holiday. */
export function isFrenchPublicHoliday(d: Day): boolean {
  return frenchPublicHolidaySet(yearOfDay(d)).has(d);
}
