/** MCO stay types: 0 full hospitalisation (at least one night), 1 same-day stay, 2 session. */
export type StayType = 0 | 1 | 2;

/** Number of stay types. */
export const STAY_TYPES = 3;
/** Oldest age of the rate tables (older persons use it). */
export const MAX_AGE = 120;
/** Ages 0 … MAX_AGE. */
export const AGES = MAX_AGE + 1;

/** An age in years clamped to the tables' range. */
export function tableAge(age: number): number {
  return Math.min(MAX_AGE, Math.max(0, age));
}
