/** One part of a published group (a fine age band or a single age): its exposure and the open-data rate there. */
export interface ProfilePart {
  /** Person-years (rates) or persons (prevalences) of the calibrating database in the part. */
  readonly exposure: number;
  /** Rate of the open data (`data/`) in the part: only its shape within the group matters. */
  readonly profile: number;
}

/** How a group's level was spread over its parts. */
export interface Spread {
  /** Rate of each part, in the order given. */
  readonly rates: readonly number[];
  /** Ratio of the group's rates to the open data's (1: the database agrees with the open data). */
  readonly factor: number;
  /** `open data`: rates ∝ the open-data profile; `flat`: the open data are 0 there, every part gets the group's rate. */
  readonly shape: 'open data' | 'flat';
}

/**
 * Spreads the published count of a group of ages over its parts: rate(part) = factor × profile(part), with the factor
 * chosen so that Σ rate × exposure over the group equals the count. The level comes from the database (the count
 * passed the small-cell rule for the group as a whole, so no part's own count is published), the shape within the
 * group from the open data: publishing the group's mean rate at every age would give children the death rate of
 * adults when a child band had to be merged with older ones. Where the open data are 0 over the whole group (or
 * the group has no exposure there), the group's mean rate is used flat.
 */
export function spreadLevel(count: number, parts: readonly ProfilePart[]): Spread {
  let expected = 0;
  let exposure = 0;
  for (const p of parts) {
    expected += p.exposure * p.profile;
    exposure += p.exposure;
  }
  if (expected > 0) {
    const factor = count / expected;
    return { rates: parts.map((p) => factor * p.profile), factor, shape: 'open data' };
  }
  const flat = exposure > 0 ? count / exposure : 0;
  return { rates: parts.map(() => flat), factor: 1, shape: 'flat' };
}

/** The note of calibration.json saying how merged groups were spread, shared by the tables. */
export function spreadNote(what: string, groups: number, flat: number): string {
  const base = `Each published cell gives the level of its group of ages; ${what} within the group follow the open data of data/ (rate at each age = the group's count / the count the open-data rates would give on the database's exposure × the open-data rate there), so that a group's rows, applied to the database's persons, give back the published count.`;
  return `${base} ${groups} group(s) span more than one age band${flat > 0 ? `; ${flat} group(s) where the open data are 0 carry the group's mean rate at every age` : ''}.`;
}

/** The factor of a spread, rounded for calibration.json. */
export function describeFactor(s: Spread): Record<string, number> {
  return { factor_vs_open_data: Math.round(s.factor * 1e4) / 1e4 };
}
