/**
 * Worker thread: builds its own copy of the (read-only) world from the configuration and simulates
 * the batches it is sent, writing each as a part in the output's format (or returning its rows).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DataError } from '../errors';
import { formatOf, type OutputFormat, type OutputTable } from '../exporters';
import type { SimulationConfig } from '../scenario';
import { World } from '../world';
import { BatchRunner, type Batch } from './batches';

/** What a worker is started with. */
export interface WorkerInput {
  readonly config: SimulationConfig;
  /** Folder and format of the parts; when undefined, rows are sent back as messages. */
  readonly parts: { readonly dir: string; readonly format: OutputFormat } | undefined;
  /** The first worker: sends the run's model (tables, reference rows, manifest facts) before it is ready. */
  readonly lead?: boolean;
}

/** Messages from the main thread. */
export type ToWorker = { readonly type: 'batch'; readonly batch: Batch };
/** Messages to the main thread. */
export type FromWorker =
  | {
      readonly type: 'lead';
      readonly tables: readonly OutputTable[];
      readonly reference: [string, unknown[][]][];
      readonly total: number;
      readonly populationYear: number;
      readonly dataHashes: Record<string, string>;
    }
  | { readonly type: 'ready' }
  | { readonly type: 'rows'; readonly index: number; readonly persons: number; readonly tables: [string, unknown[][]][] }
  | { readonly type: 'part'; readonly index: number; readonly persons: number; readonly path: string; readonly tables: [string, number][] }
  | { readonly type: 'error'; readonly message: string; readonly stack: string; readonly code?: string; readonly dataError?: boolean };

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('worker.ts must run in a worker thread');
  const send = (m: FromWorker): void => port.postMessage(m);
  const fail = (e: unknown): void => {
    const err = e instanceof Error ? e : new Error(String(e));
    // The code crosses the thread boundary so that the writer can tell, e.g., a full disk (ENOSPC).
    const code = (err as Error & { code?: unknown }).code;
    // A DataError (a bad table of data/ or of the scenario's tables folder) stays one: the writer reports its message alone.
    send({ type: 'error', message: err.message, stack: err.stack ?? '', ...(typeof code === 'string' ? { code } : {}), ...(err instanceof DataError ? { dataError: true } : {}) });
  };
  try {
    const input = workerData as WorkerInput;
    const world = new World(input.config);
    const runner = new BatchRunner(world);
    const defs = new Map(runner.mapper.tables.map((t) => [t.name, t]));
    if (input.lead === true) {
      // What the writer would otherwise build a world of its own for; the data hashes once the reference tables are read.
      const reference = runner.mapper.referenceRows();
      world.data.release();
      send({ type: 'lead', tables: runner.mapper.tables, reference: [...reference], total: world.population.total, populationYear: world.population.year, dataHashes: world.data.hashes() });
    }
    const parts = input.parts;
    const format = parts === undefined ? undefined : formatOf(parts.format);
    port.on('message', (m: ToWorker) => {
      const work = async (): Promise<void> => {
        const r = runner.run(m.batch);
        if (parts === undefined || format === undefined) {
          send({ type: 'rows', index: r.index, persons: r.persons, tables: [...r.rows] });
          return;
        }
        // Write the batch as a part of its own, in this thread; the writer appends it to the output.
        const path = await format.writePart(parts.dir, r.index, defs, r.rows);
        send({ type: 'part', index: r.index, persons: r.persons, path, tables: [...r.rows].map(([name, rows]) => [name, rows.length]) });
      };
      // The main thread hands a worker its next batch only after this one's answer, so batches do not overlap.
      work().catch(fail);
    });
    send({ type: 'ready' });
  } catch (e) {
    fail(e);
  }
}

main();
