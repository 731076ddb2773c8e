import { DataRegistry } from '../../src/data';
import { dayFromYmd, ymdFromDay } from '../../src/events/calendar';
import { dayOfWeek, frenchPublicHolidays, isFrenchPublicHoliday } from '../../src/events/holidays';
import { CARE_KINDS, CareCalendar } from '../../src/world/CareCalendar';

const cal = CareCalendar.fromData(new DataRegistry());
const y2019 = dayFromYmd(2019, 1, 1);
const days2019 = Array.from({ length: 365 }, (_, i) => y2019 + i);

/** Mean of a function over the days of 2019 that satisfy a filter. */
function meanOver(f: (d: number) => number, keep: (d: number) => boolean): number {
  const sel = days2019.filter(keep);
  return sel.reduce((s, d) => s + f(d), 0) / sel.length;
}

/** A tiny deterministic uniform stream for the tests (no Math.random). */
function* uniforms(seed: number): Generator<number> {
  let x = seed >>> 0;
  for (;;) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    yield x / 4294967296;
  }
}

describe('CareCalendar', () => {
  it('keeps pharmacies almost closed on Sundays and holidays (≤ 3 % of a weekday), Saturday ≈ 59 %', () => {
    const weekday = meanOver((d) => cal.weight('pharmacy_dispensing', d), (d) => dayOfWeek(d) < 5 && !isFrenchPublicHoliday(d));
    const sunday = meanOver((d) => cal.weight('pharmacy_dispensing', d), (d) => dayOfWeek(d) === 6);
    const holidays = frenchPublicHolidays(2019).map((h) => cal.weight('pharmacy_dispensing', h.day));
    const saturday = cal.weight('pharmacy_dispensing', dayFromYmd(2019, 3, 9));
    expect(sunday / weekday).toBeLessThanOrEqual(0.03);
    for (const h of holidays) expect(h / weekday).toBeLessThanOrEqual(0.03);
    expect(saturday).toBeGreaterThan(0.55);
    expect(saturday).toBeLessThan(0.65);
  });

  it('makes Monday the busiest day for GPs, Sunday about 1 % of the week', () => {
    const byWeekday = [0, 1, 2, 3, 4, 5, 6].map((w) =>
      meanOver((d) => cal.weight('gp_consultation', d), (d) => dayOfWeek(d) === w && !isFrenchPublicHoliday(d)),
    );
    const monday = byWeekday[0] as number;
    for (const other of byWeekday.slice(1)) expect(monday).toBeGreaterThan(other);
    const week = byWeekday.reduce((a, b) => a + b, 0);
    expect(monday / week).toBeCloseTo(0.2, 3);
    expect((byWeekday[6] as number) / week).toBeCloseTo(0.01, 3);
  });

  it('closes specialists, CCAM acts, labs and scheduled admissions on Sundays and holidays; emergencies never close', () => {
    const sunday = dayFromYmd(2019, 3, 10);
    const ascension = dayFromYmd(2019, 5, 30);
    for (const k of ['specialist_consultation', 'ccam_act', 'lab_test', 'scheduled_admission'] as const) {
      expect(cal.weight(k, sunday)).toBe(0);
      expect(cal.weight(k, ascension)).toBe(0);
    }
    expect(cal.weight('scheduled_admission', dayFromYmd(2019, 3, 9))).toBe(0);
    for (const k of ['emergency_admission', 'death', 'birth'] as const) {
      for (const d of days2019) expect(cal.weight(k, d)).toBe(1);
    }
  });

  it('keeps every yearly total: the day multipliers of a year add up to its number of days', () => {
    for (const year of [2016, 2019, 2020, 2023, 2030]) {
      const first = dayFromYmd(year, 1, 1);
      const n = dayFromYmd(year + 1, 1, 1) - first;
      for (const kind of CARE_KINDS) {
        for (const region of ['53', 'FR', '971']) {
          let sum = 0;
          for (let i = 0; i < n; i += 1) sum += cal.dayMultiplier(kind, region, first + i);
          expect(Math.abs(sum - n)).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('moves a chronic refill planned on a closed day to the nearest open day, never dropping it', () => {
    const sunday = dayFromYmd(2019, 3, 10);
    // Saturday and Monday are both one day away: the earlier one is taken.
    expect(cal.nearestOpenDay('pharmacy_dispensing', sunday)).toBe(sunday - 1);
    expect(cal.moveToOpenDay('pharmacy_dispensing', sunday)).toBe(sunday - 1);
    // Open days stay.
    expect(cal.moveToOpenDay('pharmacy_dispensing', sunday + 1)).toBe(sunday + 1);
    // Easter Monday 2019 (22 April): Sunday before closed, Tuesday after open, Saturday two days before.
    const easterMonday = dayFromYmd(2019, 4, 22);
    expect(cal.nearestOpenDay('pharmacy_dispensing', easterMonday)).toBe(easterMonday + 1);
    // Scheduled admissions on Saturday go back to Friday.
    expect(cal.nearestOpenDay('scheduled_admission', dayFromYmd(2019, 3, 9))).toBe(dayFromYmd(2019, 3, 8));
    // Every day of the year lands on an open day, within three days, and the count is kept.
    const moved = days2019.map((d) => cal.moveToOpenDay('pharmacy_dispensing', d));
    expect(moved).toHaveLength(365);
    for (let i = 0; i < moved.length; i += 1) {
      expect(cal.isOpen('pharmacy_dispensing', moved[i] as number)).toBe(true);
      expect(Math.abs((moved[i] as number) - (days2019[i] as number))).toBeLessThanOrEqual(3);
    }
  });

  it('lets on-duty pharmacies keep a Sunday refill with the Sunday weight when given a uniform', () => {
    const sunday = dayFromYmd(2019, 3, 10);
    const u = uniforms(11);
    let kept = 0;
    const n = 20000;
    for (let i = 0; i < n; i += 1) if (cal.moveToOpenDay('pharmacy_dispensing', sunday, u.next().value as number) === sunday) kept += 1;
    expect(kept / n).toBeCloseTo(cal.weight('pharmacy_dispensing', sunday), 2);
  });

  it('re-dates within the week following the weekday profile, keeping week counts', () => {
    const u = uniforms(5);
    const counts = new Array<number>(7).fill(0);
    const start = dayFromYmd(2019, 3, 4); // a Monday, no holiday in the week
    const n = 70000;
    let outside = 0;
    for (let i = 0; i < n; i += 1) {
      const planned = start + (i % 7);
      const d = cal.reassignInWeek('pharmacy_dispensing', planned, u.next().value as number);
      if (d - dayOfWeek(d) !== start) outside += 1;
      counts[dayOfWeek(d)] = (counts[dayOfWeek(d)] as number) + 1;
    }
    expect(outside).toBe(0);
    const w = [0, 1, 2, 3, 4, 5, 6].map((k) => cal.weight('pharmacy_dispensing', start + k));
    const tw = w.reduce((a, b) => a + b, 0);
    for (let k = 0; k < 7; k += 1) expect((counts[k] as number) / n).toBeCloseTo((w[k] as number) / tw, 2);
    // The year boundary is never crossed: Tuesday 31 December 2019 stays in 2019.
    for (let i = 0; i < 100; i += 1) expect(ymdFromDay(cal.reassignInWeek('gp_consultation', dayFromYmd(2019, 12, 31), u.next().value as number)).year).toBe(2019);
  });

  it('thins arrivals so that the weekday profile is followed and the total kept', () => {
    const u = uniforms(3);
    const max = cal.maxMultiplier('gp_consultation', '53', 2019);
    let kept = 0;
    let candidates = 0;
    // One candidate per day and repetition at rate max: the expected number kept is Σ multipliers = 365.
    for (let rep = 0; rep < 200; rep += 1) {
      for (const d of days2019) {
        candidates += 1;
        if (cal.accept('gp_consultation', '53', d, u.next().value as number)) kept += 1;
      }
    }
    expect(kept / 200).toBeCloseTo(365 / max, -1);
    expect(Math.abs(kept / candidates - 1 / max)).toBeLessThan(0.01);
  });

  it('follows the ILI season for GP consultations (January–February ≥ 1.15 × August) in Brittany and France', () => {
    for (const region of ['53', 'FR']) {
      for (const year of [2016, 2018, 2019]) {
        const first = dayFromYmd(year, 1, 1);
        const n = dayFromYmd(year + 1, 1, 1) - first;
        const days = Array.from({ length: n }, (_, i) => first + i);
        const mean = (months: number[]): number => {
          const sel = days.filter((d) => months.includes(ymdFromDay(d).month));
          return sel.reduce((s, d) => s + cal.seasonal('gp_consultation', region, d), 0) / sel.length;
        };
        expect(mean([1, 2])).toBeGreaterThanOrEqual(1.15 * mean([8]));
        expect(days.reduce((s, d) => s + cal.seasonal('gp_consultation', region, d), 0)).toBeCloseTo(n, 6);
      }
    }
  });

  it('gives chronic refills and non-acute kinds no season', () => {
    for (const kind of ['pharmacy_dispensing', 'specialist_consultation', 'ccam_act', 'death'] as const) {
      expect(cal.isSeasonal(kind)).toBe(false);
      expect(cal.seasonal(kind, '53', dayFromYmd(2019, 2, 1))).toBe(1);
    }
    expect(cal.isSeasonal('acute_dispensing')).toBe(true);
    // Same weekday, no holiday: February and October Tuesdays differ only by the season for acute kinds.
    const feb = dayFromYmd(2019, 2, 5);
    const oct = dayFromYmd(2019, 10, 8);
    expect(cal.dayMultiplier('pharmacy_dispensing', '53', feb)).toBeCloseTo(cal.dayMultiplier('pharmacy_dispensing', '53', oct), 12);
    expect(cal.dayMultiplier('acute_dispensing', '53', feb)).toBeGreaterThan(cal.dayMultiplier('acute_dispensing', '53', oct));
  });

  it('averages the nearest years where the ILI series has no year', () => {
    // The regional series stops at 2019-45 and the France one at 2021-01: later years use the mean of
    // the ten nearest years, so a winter peak remains and the total is kept.
    for (const region of ['53', 'FR']) {
      const jan = cal.seasonal('gp_consultation', region, dayFromYmd(2030, 1, 20));
      const aug = cal.seasonal('gp_consultation', region, dayFromYmd(2030, 8, 20));
      expect(jan).toBeGreaterThan(1.15 * aug);
    }
    // A region without a series (Guadeloupe, 01) follows France.
    expect(cal.seasonal('gp_consultation', '01', dayFromYmd(2019, 2, 1))).toBe(cal.seasonal('gp_consultation', 'FR', dayFromYmd(2019, 2, 1)));
  });
});
