import { ageInYears, dayFromYmd, nextBirthday, yearOfDay, ymdFromDay, type Day } from '../events';
import type { ReportDatabase, ReportPerson } from './database';

/** Days per year for person-years. */
const YEAR_DAYS = 365.25;

/** A stretch of a person's time in the simulated period with constant age and calendar year. */
export interface Segment {
  readonly sex: 1 | 2;
  readonly age: number;
  readonly dept: string;
  readonly year: number;
  /** Person-years. */
  readonly years: number;
}

/**
 * Calls `fn` for each segment of the time `p` spends alive in [start, end] (end included), split at birthdays
 * and on 1 January, so that rates by age and year can be summed into expected counts.
 */
export function forEachSegment(p: ReportPerson, start: Day, end: Day, fn: (s: Segment) => void): void {
  let cur = Math.max(start, p.birth);
  const exit = Math.min(end + 1, p.death ?? Infinity);
  while (cur < exit) {
    const year = yearOfDay(cur);
    const next = Math.min(exit, nextBirthday(p.birth, cur), dayFromYmd(year + 1, 1, 1));
    fn({ sex: p.sex, age: Math.max(0, ageInYears(p.birth, cur)), dept: p.dept, year, years: (next - cur) / YEAR_DAYS });
    cur = next;
  }
}

/** Total person-years of the database's persons in its period. */
export function personYears(r: ReportDatabase): number {
  let t = 0;
  for (const p of r.persons.values()) forEachSegment(p, r.start, r.end, (s) => (t += s.years));
  return t;
}

/** Whether the person is alive on `day` (born before it, not dead before it). */
export function aliveOn(p: ReportPerson, day: Day): boolean {
  return p.birth <= day && (p.death === undefined || p.death >= day);
}

/** Age of a person on the 15th of a month given as 'YYYY-MM' (for events aggregated by month). */
export function ageInMonth(p: ReportPerson, ym: string): number {
  const y = Number(ym.slice(0, 4));
  const m = Number(ym.slice(5, 7));
  return Math.max(0, ageInYears(p.birth, dayFromYmd(y, m, 15)));
}

/** Age bands given by their lower bounds (the last is open): [0, 5, 10] → 0-4, 5-9, 10+. */
export class AgeBands {
  readonly labels: readonly string[];
  constructor(readonly lows: readonly number[]) {
    this.labels = lows.map((lo, i) => {
      const next = lows[i + 1];
      return next === undefined ? `${lo}+` : next - 1 === lo ? `${lo}` : `${lo}-${next - 1}`;
    });
  }
  /** Index of the band of an age. */
  index(age: number): number {
    let i = 0;
    while (i + 1 < this.lows.length && age >= (this.lows[i + 1] as number)) i++;
    return i;
  }
  get length(): number {
    return this.lows.length;
  }
}

/** Year of a Day (re-exported for sections). */
export function monthOf(day: Day): string {
  const { year, month } = ymdFromDay(day);
  return `${year}-${String(month).padStart(2, '0')}`;
}
