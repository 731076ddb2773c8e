import { ageInYears, dayFromYmd, nextBirthday, yearOfDay, type Day, type EventQueue } from '../events';
import type { RandomStream } from '../random';

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
    const year = yearOfDay(t);
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

/** A Poisson arrival process of a person, for `scheduleArrivals`. */
export interface ArrivalProcess {
  /** Rate per year by calendar year and completed age. */
  readonly rate: AgeYearRate;
  /** The process's own stream: one unit exponential per arrival searched. */
  readonly rng: RandomStream;
  /** Last day an arrival may fall on. */
  readonly until: Day;
  /** Priority of the arrival events within their day. */
  readonly priority: number;
  /** Further days where the rate may change (see nextArrival). */
  readonly breaks?: readonly Day[];
  /**
   * Handles an arrival on `day` (its draws come before the next arrival's); returns the day the search for the
   * next arrival starts from, or undefined to stop.
   */
  readonly onArrival: (day: Day) => Day | undefined;
}

/**
 * Schedules the arrivals of a Poisson process on the person's queue, one at a time: each arrival is searched
 * from the day its predecessor's handler returns (at first `from`), so that handlers can enforce gaps (one a
 * day, not during a stay).
 */
export function scheduleArrivals(birth: Day, queue: EventQueue, from: Day, p: ArrivalProcess): void {
  const search = (start: Day): void => {
    const day = nextArrival(birth, start, p.until, p.rate, p.rng.exponential(1), p.breaks);
    if (day === undefined) return;
    queue.schedule(day, p.priority, (d) => {
      const after = p.onArrival(d);
      if (after !== undefined) search(after);
    });
  };
  search(from);
}
