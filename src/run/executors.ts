import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OutputFormat, OutputTable, Row, TableRows } from '../exporters';
import type { SimulationConfig } from '../scenario';
import { repoRoot } from '../util/paths';
import type { DataRegistry } from '../data';
import { DataError } from '../errors';
import type { World } from '../world';
import { BatchRunner, type Batch, type BatchResult } from './batches';
import type { FromWorker, ToWorker, WorkerInput } from './worker';

/**
 * What the writer needs of a world besides the batches: the output's tables, the reference rows written once, and the
 * facts of the run manifest.
 */
export interface RunModel {
  readonly tables: readonly OutputTable[];
  /** Practitioners, referentials and nomenclatures. */
  readonly reference: TableRows;
  /** Persons at the start of the whole run (all shards). */
  readonly total: number;
  /** Year of the population the persons were drawn from. */
  readonly populationYear: number;
  /** The data tables read (name → SHA-256, sorted by name), asked once the run is done. */
  dataHashes(): Record<string, string>;
}

/** Produces the run's model and the results of batches, in batch order. */
export interface BatchExecutor {
  model(): Promise<RunModel>;
  results(batches: readonly Batch[]): AsyncIterable<BatchResult>;
  close(): Promise<void>;
}

/** Simulates the batches in the calling thread, yielding to the event loop between batches. */
export class InProcessExecutor implements BatchExecutor {
  private readonly runner: BatchRunner;

  constructor(private readonly world: World) {
    this.runner = new BatchRunner(world);
  }

  async model(): Promise<RunModel> {
    const { world, runner } = this;
    const reference = runner.mapper.referenceRows();
    // The world models keep what they need: the parsed tables go (their hashes stay for the manifest).
    world.data.release();
    return { tables: runner.mapper.tables, reference, total: world.population.total, populationYear: world.population.year, dataHashes: () => world.data.hashes() };
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

/** The model a lead worker sends, before its data hashes are merged with the calling thread's. */
type LeadModel = Omit<RunModel, 'dataHashes'> & { readonly dataHashes: Record<string, string> };

/**
 * A pool of worker threads, each with its own world, simulating batches handed out in order; the
 * results are re-ordered so the writer receives them exactly as a single thread would produce them.
 * At most `2 × workers` batches are in flight, which bounds memory. The first worker also gives the run's model (its
 * world's tables, reference rows and manifest facts): the calling thread, which writes, builds no world of its own.
 */
export class WorkerPool implements BatchExecutor {
  private readonly workers: Worker[] = [];
  private closing = false;
  private started: Promise<LeadModel> | undefined;
  /** Workers waiting for a batch. */
  private readonly idle: Worker[] = [];
  /** Results received and not yet yielded, by batch index. */
  private readonly done = new Map<number, BatchResult>();
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  /** Hands idle workers the next batches of the running `results` (nothing before it starts). */
  private dispatch: () => void = () => undefined;

  /**
   * @param parts where workers write their batches: a folder and the output format whose `writePart`
   *   they call (the writer appends the parts); undefined to send rows back as messages.
   * @param validated the data tables the scenario was validated with (resolveScenario), whose hashes the manifest
   *   lists with those of the workers' worlds, as a world built from them in this thread would.
   */
  constructor(
    private readonly config: SimulationConfig,
    private readonly size: number,
    private readonly parts: { readonly dir: string; readonly format: OutputFormat } | undefined,
    private readonly validated?: DataRegistry,
  ) {}

  async model(): Promise<RunModel> {
    const lead = await this.start();
    const validated = this.validated?.hashes() ?? {};
    return {
      ...lead,
      dataHashes: () => {
        const all: Record<string, string> = { ...validated, ...lead.dataHashes };
        return Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k] as string]));
      },
    };
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.notify();
  }

  /** Starts the workers (once); resolves with the lead worker's model when every worker is ready. */
  private start(): Promise<LeadModel> {
    if (this.started) return this.started;
    const script = workerScript();
    let lead: LeadModel | undefined;
    const ready = Array.from({ length: this.size }, (_, k) => {
      const input: WorkerInput = { config: this.config, parts: this.parts, lead: k === 0 };
      const w = new Worker(script, { workerData: input });
      this.workers.push(w);
      return new Promise<void>((resolve, reject) => {
        const failed = (e: Error): void => {
          this.fail(e);
          reject(e);
        };
        w.on('message', (m: FromWorker) => {
          if (m.type === 'lead') {
            lead = { tables: m.tables, reference: new Map(m.reference as [string, Row[]][]), total: m.total, populationYear: m.populationYear, dataHashes: m.dataHashes };
          } else if (m.type === 'ready') {
            this.idle.push(w);
            resolve();
          } else if (m.type === 'rows' || m.type === 'part') {
            this.done.set(
              m.index,
              m.type === 'rows'
                ? { index: m.index, persons: m.persons, rows: new Map(m.tables as [string, Row[]][]) }
                : { index: m.index, persons: m.persons, part: m.path, tables: m.tables },
            );
            this.idle.push(w);
            this.dispatch();
            this.notify();
          } else {
            const err: Error & { code?: string } = m.dataError === true ? new DataError(m.message) : new Error(`worker failed: ${m.message}\n${m.stack}`);
            if (m.code !== undefined) err.code = m.code;
            failed(err);
          }
        });
        w.on('error', failed);
        w.on('exit', (code) => {
          if (!this.closing) failed(new Error(`a worker thread exited unexpectedly (code ${code})`));
        });
      });
    });
    this.started = Promise.all(ready).then(() => {
      if (lead === undefined) throw new Error('the lead worker sent no model');
      return lead;
    });
    return this.started;
  }

  async *results(batches: readonly Batch[]): AsyncIterable<BatchResult> {
    await this.start();
    let nextToSend = 0;
    let nextToYield = 0;
    const window = this.size * 2;
    const dispatch = (): void => {
      while (this.idle.length > 0 && nextToSend < batches.length && nextToSend - nextToYield < window) {
        const w = this.idle.pop() as Worker;
        const msg: ToWorker = { type: 'batch', batch: batches[nextToSend++] as Batch };
        w.postMessage(msg);
      }
    };
    this.dispatch = dispatch;
    dispatch();
    while (nextToYield < batches.length) {
      if (this.failure) throw this.failure;
      const r = this.done.get(nextToYield);
      if (r) {
        this.done.delete(nextToYield);
        nextToYield += 1;
        dispatch();
        yield r;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
