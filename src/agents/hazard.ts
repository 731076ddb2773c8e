import { dayFromYmd, nextBirthday, ymdFromDay, type Day } from '../events';
import { ageInYears } from '../events';

/**
 * Rate (events per year) of a process for a person of completed age `age` during calendar year `year`;
 * `day` is the first day of the segment the rate applies to (segments also end at the `breaks`).
 */
export type AgeYearRate = (year: number, age: number, day: Day) => number;

const DAYS_PER_YEAR = 365.25;

/**
 * First arrival of a non-homogeneous Poisson process whose rate is constant between birthdays and
 * calendar-year boundaries, found by spending a unit-exponential budget `budget` (= −ln U) of
 * cumulative hazard from day `from`. Returns the day of the arrival, or undefined when it falls
 * after `limit` (inclusive). `breaks` (ascending days) are further days where the rate may change.
 */
export function nextArrival(birth: Day, from: Day, limit: Day, rate: AgeYearRate, budget: number, breaks: readonly Day[] = []): Day | undefined {
  let t = from;
  let e = budget;
  let b = 0;
  while (t <= limit) {
    const { year } = ymdFromDay(t);
    const age = ageInYears(birth, t);
    while (b < breaks.length && (breaks[b] as Day) <= t) b++;
    const segEnd = Math.min(nextBirthday(birth, t), dayFromYmd(year + 1, 1, 1), limit + 1, b < breaks.length ? (breaks[b] as Day) : Infinity);
    const perDay = rate(year, age, t) / DAYS_PER_YEAR;
    const span = segEnd - t;
    if (perDay > 0) {
      const need = e / perDay;
      if (need < span) return t + Math.floor(need);
      e -= perDay * span;
    }
    t = segEnd;
  }
  return undefined;
}
