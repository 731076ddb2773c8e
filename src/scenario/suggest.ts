/**
 * "Did you mean" for mistyped keys: the nearest known key by edit distance, as the command line
 * does for a mistyped flag.
 */

/**
 * Edit distance between two strings counting an insertion, a deletion, a substitution or the swap of
 * two neighbouring characters as one edit (optimal string alignment): `regoins` is one edit from
 * `regions`, as a typist would count it.
 */
export function editDistance(a: string, b: string): number {
  // d[i][j]: distance between the first i characters of a and the first j of b.
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The known key nearest to `key`, or undefined when none is near enough to be a plausible typo: at
 * most 3 edits and at least 40 % of the key's characters kept (the thresholds commander uses for
 * flags, so that a scenario key and a flag are corrected alike). Case differences count as edits but
 * a key differing only by case is always suggested.
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    if (k.toLowerCase() === key.toLowerCase()) return k;
    const distance = editDistance(key, k);
    const length = Math.max(key.length, k.length);
    if (distance > 3 || (length - distance) / length <= 0.4) continue;
    if (distance < bestDistance) {
      best = k;
      bestDistance = distance;
    }
  }
  return best;
}
