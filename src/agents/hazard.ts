import { dayFromYmd, nextBirthday, ymdFromDay, type Day } from '../events';
import { ageInYears } from '../events';

/** Rate (events per year) of a process for a person of completed age `age` during calendar year `year`. */
export type AgeYearRate = (year: number, age: number) => number;

const DAYS_PER_YEAR = 365.25;

/**
 * First arrival of a non-homogeneous Poisson process whose rate is constant between birthdays and
 * calendar-year boundaries, found by spending a unit-exponential budget `budget` (= −ln U) of
 * cumulative hazard from day `from`. Returns the day of the arrival, or undefined when it falls
 * after `limit` (inclusive).
 */
export function nextArrival(birth: Day, from: Day, limit: Day, rate: AgeYearRate, budget: number): Day | undefined {
  let t = from;
  let e = budget;
  while (t <= limit) {
    const { year } = ymdFromDay(t);
    const age = ageInYears(birth, t);
    const segEnd = Math.min(nextBirthday(birth, t), dayFromYmd(year + 1, 1, 1), limit + 1);
    const perDay = rate(year, age) / DAYS_PER_YEAR;
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
