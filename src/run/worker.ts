/**
 * Worker thread: builds its own copy of the (read-only) world from the configuration and simulates
 * the batches it is sent, returning their rows to the writer in the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SimulationConfig } from '../scenario';
import { World } from '../world';
import { BatchRunner, type Batch } from './batches';

/** Messages from the main thread. */
export type ToWorker = { readonly type: 'batch'; readonly batch: Batch } | { readonly type: 'stop' };
/** Messages to the main thread. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'rows'; readonly index: number; readonly persons: number; readonly tables: [string, unknown[][]][] }
  | { readonly type: 'error'; readonly message: string; readonly stack: string };

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('worker.ts must run in a worker thread');
  const send = (m: FromWorker): void => port.postMessage(m);
  try {
    const runner = new BatchRunner(new World(workerData as SimulationConfig));
    port.on('message', (m: ToWorker) => {
      if (m.type === 'stop') {
        port.close();
        return;
      }
      try {
        const r = runner.run(m.batch);
        send({ type: 'rows', index: r.index, persons: r.persons, tables: [...r.rows] });
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
