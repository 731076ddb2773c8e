import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Row } from '../exporters';
import type { OutputFormat } from '../exporters';
import type { SimulationConfig } from '../scenario';
import { repoRoot } from '../util/paths';
import type { World } from '../world';
import { BatchRunner, type Batch, type BatchResult } from './batches';
import type { FromWorker, ToWorker, WorkerInput } from './worker';

/** Produces the results of batches, in batch order. */
export interface BatchExecutor {
  results(batches: readonly Batch[]): AsyncIterable<BatchResult>;
  close(): Promise<void>;
}

/** Simulates the batches in the calling thread, yielding to the event loop between batches. */
export class InProcessExecutor implements BatchExecutor {
  private readonly runner: BatchRunner;

  constructor(world: World) {
    this.runner = new BatchRunner(world);
  }

  async *results(batches: readonly Batch[]): AsyncIterable<BatchResult> {
    for (const b of batches) {
      yield this.runner.run(b);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    // Nothing to release.
  }
}

/** Path of the compiled worker script (tests run the TypeScript sources; workers run compiled code). */
function workerScript(): string {
  if (__filename.endsWith('.js')) return join(__dirname, 'worker.js');
  const compiled = join(repoRoot(), 'dist', 'src', 'run', 'worker.js');
  if (!existsSync(compiled)) throw new Error(`worker script ${compiled} is missing: run \`npm run build\``);
  return compiled;
}

/**
 * A pool of worker threads, each with its own world, simulating batches handed out in order; the
 * results are re-ordered so the writer receives them exactly as a single thread would produce them.
 * At most `2 × workers` batches are in flight, which bounds memory.
 */
export class WorkerPool implements BatchExecutor {
  private readonly workers: Worker[] = [];
  private closing = false;

  /**
   * @param parts where workers write their batches: a folder and the output format whose `writePart`
   *   they call (the writer appends the parts); undefined to send rows back as messages.
   */
  constructor(
    private readonly config: SimulationConfig,
    private readonly size: number,
    private readonly parts: { readonly dir: string; readonly format: OutputFormat } | undefined,
  ) {}

  async *results(batches: readonly Batch[]): AsyncIterable<BatchResult> {
    const script = workerScript();
    const done = new Map<number, BatchResult>();
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    let nextToSend = 0;
    const idle: Worker[] = [];
    const window = this.size * 2;
    let nextToYield = 0;

    const dispatch = (): void => {
      while (idle.length > 0 && nextToSend < batches.length && nextToSend - nextToYield < window) {
        const w = idle.pop() as Worker;
        const msg: ToWorker = { type: 'batch', batch: batches[nextToSend++] as Batch };
        w.postMessage(msg);
      }
    };

    const ready = Array.from({ length: this.size }, () => {
      const input: WorkerInput = { config: this.config, parts: this.parts };
      const w = new Worker(script, { workerData: input });
      this.workers.push(w);
      return new Promise<void>((resolve, reject) => {
        w.on('message', (m: FromWorker) => {
          if (m.type === 'ready') {
            idle.push(w);
            resolve();
            dispatch();
          } else if (m.type === 'rows' || m.type === 'part') {
            done.set(
              m.index,
              m.type === 'rows'
                ? { index: m.index, persons: m.persons, rows: new Map(m.tables as [string, Row[]][]) }
                : { index: m.index, persons: m.persons, part: m.path, tables: m.tables },
            );
            idle.push(w);
            dispatch();
            notify();
          } else {
            const err: Error & { code?: string } = new Error(`worker failed: ${m.message}\n${m.stack}`);
            if (m.code !== undefined) err.code = m.code;
            failure ??= err;
            reject(err);
            notify();
          }
        });
        w.on('error', (e) => {
          failure ??= e;
          reject(e);
          notify();
        });
        w.on('exit', (code) => {
          if (this.closing) return;
          const e = new Error(`a worker thread exited unexpectedly (code ${code})`);
          failure ??= e;
          reject(e);
          notify();
        });
      });
    });
    await Promise.all(ready);

    while (nextToYield < batches.length) {
      if (failure) throw failure;
      const r = done.get(nextToYield);
      if (r) {
        done.delete(nextToYield);
        nextToYield += 1;
        dispatch();
        yield r;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
