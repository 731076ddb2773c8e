/**
 * Worker thread: builds its own copy of the (read-only) world from the configuration and simulates
 * the batches it is sent, returning their rows to the writer in the main thread.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteSink } from '../exporters';
import type { SimulationConfig } from '../scenario';
import { World } from '../world';
import { BatchRunner, type Batch } from './batches';

/** What a worker is started with. */
export interface WorkerInput {
  readonly config: SimulationConfig;
  /** Folder for batch files; when undefined, rows are sent back as messages. */
  readonly batchDir: string | undefined;
}

/** Messages from the main thread. */
export type ToWorker = { readonly type: 'batch'; readonly batch: Batch };
/** Messages to the main thread. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'rows'; readonly index: number; readonly persons: number; readonly tables: [string, unknown[][]][] }
  | { readonly type: 'file'; readonly index: number; readonly persons: number; readonly path: string; readonly tables: [string, number][] }
  | { readonly type: 'error'; readonly message: string; readonly stack: string };

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('worker.ts must run in a worker thread');
  const send = (m: FromWorker): void => port.postMessage(m);
  try {
    const input = workerData as WorkerInput;
    const runner = new BatchRunner(new World(input.config));
    const defs = new Map(runner.mapper.tables.map((t) => [t.name, t]));
    port.on('message', (m: ToWorker) => {
      try {
        const r = runner.run(m.batch);
        if (input.batchDir === undefined) {
          send({ type: 'rows', index: r.index, persons: r.persons, tables: [...r.rows] });
          return;
        }
        // Insert the batch into a file of its own, in this thread; the writer copies it in SQLite.
        const path = join(input.batchDir, `batch-${r.index}.db`);
        const sink = new SqliteSink({ path, intermediate: true });
        const tables: [string, number][] = [];
        try {
          for (const [name, rows] of r.rows) {
            const def = defs.get(name);
            if (!def) throw new Error(`no definition for table ${name}`);
            sink.createTable(def);
            sink.write(name, rows);
            tables.push([name, rows.length]);
          }
          sink.close();
        } catch (e) {
          sink.abort();
          throw e;
        }
        send({ type: 'file', index: r.index, persons: r.persons, path, tables });
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        send({ type: 'error', message: err.message, stack: err.stack ?? '' });
      }
    });
    send({ type: 'ready' });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    send({ type: 'error', message: err.message, stack: err.stack ?? '' });
  }
}

main();
