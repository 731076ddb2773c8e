import { PersonSimulator } from '../agents';
import { SndsMapper, type TableRows } from '../exporters';
import type { World } from '../world';

/** A contiguous range of initial persons [first, last) simulated and written together. */
export interface Batch {
  readonly index: number;
  readonly first: number;
  readonly last: number;
}

/**
 * A simulated batch with the number of persons it holds (newborns included): its rows, or the
 * part a worker wrote them to in the output's format (with its tables and their row counts, in the order written).
 */
export type BatchResult =
  | { readonly index: number; readonly persons: number; readonly rows: TableRows }
  | { readonly index: number; readonly persons: number; readonly part: string; readonly tables: readonly (readonly [string, number])[] };

/** Splits persons [from, to) into batches of `size` (the last one shorter). */
export function makeBatches(from: number, to: number, size: number): Batch[] {
  const out: Batch[] = [];
  for (let first = from, index = 0; first < to; first += size, index++) out.push({ index, first, last: Math.min(to, first + size) });
  return out;
}

/** Simulates a batch in this thread: the same code runs in the main thread and in workers. */
export class BatchRunner {
  private readonly simulator: PersonSimulator;
  readonly mapper: SndsMapper;

  constructor(readonly world: World) {
    this.simulator = new PersonSimulator(world);
    this.mapper = new SndsMapper(world);
  }

  run(batch: Batch): { index: number; persons: number; rows: TableRows } {
    const rows: TableRows = new Map();
    let persons = 0;
    for (let i = batch.first; i < batch.last; i++) {
      this.simulator.simulateInitial(i, (outcome) => {
        persons += 1;
        this.mapper.map(outcome, rows);
      });
    }
    return { index: batch.index, rows, persons };
  }
}
