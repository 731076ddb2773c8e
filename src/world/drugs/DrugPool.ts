import type { Drug } from './DrugReferential';

/** A pool of drugs with cumulative drawing weights. */
export interface DrugPool {
  readonly drugs: readonly Drug[];
  readonly cumulative: Float64Array;
}

/** The drugs of positive weight (`weight` of each drug and its calibrated boxes), in referential order. */
export function drugPool(drugs: readonly Drug[], weight: (d: Drug, boxes: number) => number, boxes: ReadonlyMap<Drug, number>): DrugPool {
  const kept = drugs.filter((d) => weight(d, boxes.get(d) ?? 0) > 0);
  const cumulative = new Float64Array(kept.length);
  let acc = 0;
  kept.forEach((d, i) => {
    acc += weight(d, boxes.get(d) ?? 0);
    cumulative[i] = acc;
  });
  return { drugs: kept, cumulative };
}
