import type { Drug } from './DrugReferential';

/** A pool of drugs with cumulative drawing weights. */
export interface DrugPool {
  readonly drugs: readonly Drug[];
  readonly cumulative: Float64Array;
}

/** The drugs of positive weight (`weight` of each drug and its calibrated boxes), in referential order. */
export function drugPool(drugs: readonly Drug[], weight: (d: Drug, boxes: number) => number, boxes: ReadonlyMap<Drug, number>): DrugPool {
  const weights = new Float64Array(drugs.length);
  for (let i = 0; i < drugs.length; i++) weights[i] = weight(drugs[i] as Drug, boxes.get(drugs[i] as Drug) ?? 0);
  return poolOfWeights(drugs, weights);
}

/** The drugs whose weight (`weights[i]` for `drugs[i]`) is positive, in referential order. */
export function poolOfWeights(drugs: readonly Drug[], weights: Float64Array): DrugPool {
  let n = 0;
  for (let i = 0; i < weights.length; i++) if ((weights[i] as number) > 0) n += 1;
  const kept = new Array<Drug>(n);
  const cumulative = new Float64Array(n);
  let acc = 0;
  for (let i = 0, k = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (!(w > 0)) continue;
    acc += w;
    kept[k] = drugs[i] as Drug;
    cumulative[k++] = acc;
  }
  return { drugs: kept, cumulative };
}
