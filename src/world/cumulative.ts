/** Running sums of drawing weights: `pickCumulative` draws index i with probability weight i / total. */
export function cumulate(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (out[i] = s += w));
  return out;
}

/** Total weight of a cumulative array (0 when empty). */
export function cumulativeTotal(cum: Float64Array): number {
  return cum.length === 0 ? 0 : (cum[cum.length - 1] as number);
}
