import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DiskFullError, InterruptedError, isDiskFull } from '../errors';
import { DISCLAIMER_TABLE, disclaimerRows, formatOf, DEFAULT_FORMAT, MANIFEST_TABLE, manifestRows, type SinkFormat, type TableRows, type TableSink } from '../exporters';
import { makeBatches } from './batches';
import { InProcessExecutor, WorkerPool, type BatchExecutor } from './executors';
import { BATCH_DIR_PREFIX, checkOutput, freeBytes, removeLeftovers, spaceWarning } from './output';
import { describeConfig, type SimulationConfig } from '../scenario';
import { packageVersion } from '../util/paths';
import type { DataRegistry } from '../data';
import { World } from '../world';

/** Progress of a run, reported after each batch. */
export interface RunProgress {
  readonly done: number;
  readonly total: number;
}

/** What a finished run reports. */
export interface RunSummary {
  readonly personsAtStart: number;
  readonly personsSimulated: number;
  readonly rows: Readonly<Record<string, number>>;
  readonly out: string;
}

/** Options of a run that are not part of the scenario (they do not change the output). */
export interface RunOptions {
  /** Receives progress after each batch. */
  readonly onProgress?: (p: RunProgress) => void;
  /** Checked between batches: returns the signal that asked to stop, if any. */
  readonly interrupted?: () => NodeJS.Signals | undefined;
  /** Persons per write batch (memory/speed trade-off; the output is the same). */
  readonly batchSize?: number;
  /** Output format (default SQLite); its sink writes config.out, its `writePart` the workers' batches. */
  readonly format?: SinkFormat;
  /** Worker threads simulating batches (1 = simulate in this thread). The output is the same for any number. */
  readonly workers?: number;
  /** Simulate only shard `index` (1-based) of `count`: a contiguous range of the initial persons. */
  readonly shard?: Shard;
  /** Replace an output already at config.out (else the run is refused before any work). */
  readonly overwrite?: boolean;
  /** Receives what the run did or fears beside the simulation (dead runs' leftovers removed, little free space). */
  readonly onNotice?: (level: 'info' | 'warn', message: string) => void;
  /** The data tables the scenario was validated with (`resolveScenario`), so that they are not read again. */
  readonly data?: DataRegistry;
}

/** One of `count` equal parts of the initial persons (1 ≤ index ≤ count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Initial persons [first, last) of a shard: ids and random streams are those of the full run. */
export function shardRange(total: number, shard: Shard | undefined): [number, number] {
  if (!shard) return [0, total];
  return [Math.floor(((shard.index - 1) * total) / shard.count), Math.floor((shard.index * total) / shard.count)];
}

/** Person-years per worker of the default format (SQLite): see SinkFormat.personYearsPerWorker. */
export const PERSON_YEARS_PER_WORKER = formatOf(DEFAULT_FORMAT).personYearsPerWorker;

/**
 * Default number of workers: the number of cores, but one worker per `perWorker` person-years at most (a single
 * thread below), so that small runs do not pay for worlds they do not use. `personYears` undefined (the real
 * population of the départements) gives the number of cores.
 */
export function defaultWorkers(personYears?: number, perWorker: number = PERSON_YEARS_PER_WORKER): number {
  const cores = Math.max(1, availableParallelism());
  if (personYears === undefined) return cores;
  return Math.max(1, Math.min(cores, Math.floor(personYears / perWorker)));
}

/** Person-years a configuration simulates, as defaultWorkers takes them (undefined for the real population). */
export function configPersonYears(config: Pick<SimulationConfig, 'population' | 'start' | 'end'>, shard?: Shard): number | undefined {
  if (config.population === null) return undefined;
  const [from, to] = shardRange(config.population, shard);
  return ((to - from) * (config.end - config.start + 1)) / 365.25;
}

/**
 * The default number of workers of a run written in `format` (the default format when absent): the CLI's when
 * --workers is not given, defaultWorkers of its person-years.
 */
export function defaultWorkersFor(config: Pick<SimulationConfig, 'population' | 'start' | 'end'>, shard?: Shard, format?: Pick<SinkFormat, 'personYearsPerWorker'>): number {
  return defaultWorkers(configPersonYears(config, shard), format?.personYearsPerWorker);
}

/**
 * Simulates every person of the scenario and streams their SNDS rows to the sink in batches,
 * yielding to the event loop between batches so that signals are handled.
 * The output appears under its final name only when complete; on any error or interruption the
 * partial output is removed.
 */
export async function runSimulation(config: SimulationConfig, options: RunOptions = {}): Promise<RunSummary> {
  const format = options.format ?? formatOf(DEFAULT_FORMAT);
  // Before any work: a refused output costs nothing, and dead runs' leftovers go before new ones appear.
  checkOutput({ out: config.out, folder: format.folder, overwrite: options.overwrite === true, argName: '--out' });
  const removed = removeLeftovers(config.out);
  if (removed.length > 0) options.onNotice?.('info', `removed what a dead run left beside ${config.out}: ${removed.join(', ')}`);
  const workers = options.workers ?? 1;
  // Workers write their batches as parts of the output's format, which the writer appends; the pid in
  // the folder's name tells a later run whether its owner is still alive.
  const batchDir = workers > 1 ? mkdtempSync(join(dirname(resolve(config.out)), `${BATCH_DIR_PREFIX}${process.pid}-`)) : undefined;
  let executor: BatchExecutor | undefined;
  let sink: TableSink | undefined;
  let neededBytes = 0;
  let free: number | undefined;
  try {
    // Every world builds every model up front, so the manifest lists the same data tables whatever the number of
    // workers. With workers, the first one's world gives the model: this thread, which writes, builds none.
    executor =
      batchDir !== undefined ? new WorkerPool(config, workers, { dir: batchDir, format: format.name }, options.data) : new InProcessExecutor(new World(config, options.data));
    const model = await executor.model();
    const total = model.total;
    const [from, to] = shardRange(total, options.shard);
    const years = Math.max(1, (config.end - config.start + 1) / 365.25);
    // Births and deaths about cancel out over a few years: persons at the start × years estimates the person-years.
    neededBytes = Math.round((to - from) * ((config.end - config.start + 1) / 365.25) * format.bytesPerPersonYear);
    free = freeBytes(config.out);
    const warning = spaceWarning(config.out, neededBytes, free);
    if (warning !== undefined) options.onNotice?.('warn', warning);
    const out = format.create({ path: config.out });
    sink = out;
    const counts: Record<string, number> = {};
    const write = async (rows: TableRows): Promise<void> => {
      await out.write(rows);
      for (const [table, list] of rows) counts[table] = (counts[table] ?? 0) + list.length;
    };
    await out.open([...model.tables, MANIFEST_TABLE, DISCLAIMER_TABLE]);
    const reference = model.reference;
    await write(reference);
    await write(new Map([[DISCLAIMER_TABLE.name, disclaimerRows()]]));

    // The format's person-years per batch: rows in flight (and memory) do not grow with the length of the period.
    const batches = makeBatches(from, to, options.batchSize ?? Math.max(50, Math.round(format.batchPersonYears / years)));
    let persons = 0;
    // One batch's rows may still be going into the sink while the next batch is simulated: the DuckDB formats do
    // their part of a write in their own thread (SQLite's writes end before `write` returns). Writes stay in order.
    let writing: Promise<void> | undefined;
    try {
      for await (const result of executor.results(batches)) {
        const signal = options.interrupted?.();
        if (signal) throw new InterruptedError(signal);
        await writing;
        writing = undefined;
        if ('rows' in result) {
          writing = write(result.rows);
          // Handled here, thrown by the `await` above at the next batch or at the end: a failure while the next batch
          // is simulated is not an unhandled rejection.
          writing.catch(() => undefined);
        } else {
          await out.appendPart(result.part);
          for (const [t, n] of result.tables) counts[t] = (counts[t] ?? 0) + n;
        }
        persons += result.persons;
        options.onProgress?.({ done: (batches[result.index] as { last: number }).last, total });
      }
      await writing;
    } catch (e) {
      // A write still under way ends (or fails, which `e` already reports) before the sink is aborted.
      await writing?.catch(() => undefined);
      throw e;
    }

    const summary: RunSummary = { personsAtStart: to - from, personsSimulated: persons, rows: { ...counts }, out: config.out };
    const dataHashes = model.dataHashes();
    await write(
      new Map([
        [
          MANIFEST_TABLE.name,
          manifestRows({
            generator: 'snds-sim',
            version: packageVersion(),
            options: describeConfig(config),
            seed: String(config.seed),
            population_source_year: model.populationYear,
            persons_at_start: total,
            persons_simulated: persons,
            rows: summary.rows,
            data_sha256: dataHashes,
            // The tables read from the scenario's `tables` folder rather than data/: the report's targets.
            ...(config.tables !== undefined ? { tables_sha256: Object.fromEntries(Object.entries(dataHashes).filter(([n]) => existsSync(join(config.tables as string, n)))) } : {}),
            synthetic: 'true',
            reference_tables: [...reference.keys(), DISCLAIMER_TABLE.name].sort(),
            ...(options.shard ? { shard: `${options.shard.index}/${options.shard.count}` } : {}),
          }),
        ],
      ]),
    );
    const late = options.interrupted?.();
    if (late) throw new InterruptedError(late);
    await out.close();
    return summary;
  } catch (e) {
    await sink?.abort();
    if (isDiskFull(e)) throw new DiskFullError(config.out, neededBytes, free);
    throw e;
  } finally {
    await executor?.close();
    if (batchDir !== undefined) rmSync(batchDir, { recursive: true, force: true });
  }
}
