import { PersonSimulator } from '../agents';
import { InterruptedError } from '../errors';
import { createSink, DISCLAIMER_TABLE, disclaimerRows, MANIFEST_TABLE, manifestRows, SndsMapper, type TableRows, type TableSink } from '../exporters';
import { describeConfig, type SimulationConfig } from '../scenario';
import { packageVersion } from '../util/paths';
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
  /** Where to write (defaults to a SQLite file at config.out). */
  readonly sink?: TableSink;
}

/**
 * Simulates every person of the scenario and streams their SNDS rows to the sink in batches,
 * yielding to the event loop between batches so that signals are handled.
 * The output appears under its final name only when complete; on any error or interruption the
 * partial output is removed.
 */
export async function runSimulation(config: SimulationConfig, options: RunOptions = {}): Promise<RunSummary> {
  const world = new World(config);
  const mapper = new SndsMapper(world);
  const simulator = new PersonSimulator(world);
  const sink = options.sink ?? createSink('sqlite', { path: config.out });
  const counts: Record<string, number> = {};
  const write = (rows: TableRows): void => {
    for (const [table, list] of rows) {
      sink.write(table, list);
      counts[table] = (counts[table] ?? 0) + list.length;
    }
  };
  try {
    for (const t of [...mapper.tables, MANIFEST_TABLE, DISCLAIMER_TABLE]) sink.createTable(t);
    write(mapper.referenceRows());
    write(new Map([[DISCLAIMER_TABLE.name, disclaimerRows()]]));

    const total = world.population.total;
    const batchSize = options.batchSize ?? 2000;
    let persons = 0;
    for (let first = 0; first < total; first += batchSize) {
      const signal = options.interrupted?.();
      if (signal) throw new InterruptedError(signal);
      const batch: TableRows = new Map();
      const last = Math.min(total, first + batchSize);
      for (let i = first; i < last; i++) {
        simulator.simulateInitial(i, (outcome) => {
          persons += 1;
          mapper.map(outcome, batch);
        });
      }
      write(batch);
      options.onProgress?.({ done: last, total });
      // Let signal handlers and I/O run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }

    const summary: RunSummary = { personsAtStart: total, personsSimulated: persons, rows: { ...counts }, out: config.out };
    write(
      new Map([
        [
          MANIFEST_TABLE.name,
          manifestRows({
            generator: 'snds-sim',
            version: packageVersion(),
            options: describeConfig(config),
            seed: String(config.seed),
            population_source_year: world.population.year,
            persons_at_start: total,
            persons_simulated: persons,
            rows: summary.rows,
            data_sha256: world.data.hashes(),
            synthetic: 'true',
          }),
        ],
      ]),
    );
    sink.close();
    return summary;
  } catch (e) {
    sink.abort();
    throw e;
  }
}
