import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { formatOf } from '../../src/exporters';
import { configPersonYears, defaultWorkers, defaultWorkersFor, mergeShards, PERSON_YEARS_PER_WORKER } from '../../src/run';
import { InputError } from '../../src/errors';
import { expectSameContents, simulateCompiled, tempDir } from '../helpers/simulate';

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
/** 240 persons in batches of 60: four batches, so that each of 4 workers simulates one. */
const opts = { region: '35', population: 240, seed: 5, start: '2019-01-01', end: '2019-12-31' };
const BATCH = 60;

describe('default number of workers', () => {
  const cores = availableParallelism();
  it('is the number of cores for the real population, one per PERSON_YEARS_PER_WORKER person-years at most, at least one', () => {
    expect(defaultWorkers()).toBe(cores);
    expect(defaultWorkers(0)).toBe(1);
    expect(defaultWorkers(PERSON_YEARS_PER_WORKER - 1)).toBe(1);
    expect(defaultWorkers(2 * PERSON_YEARS_PER_WORKER)).toBe(Math.min(cores, 2));
    expect(defaultWorkers(1e9)).toBe(cores);
  });
  it("follows the output format's threshold: 10 000 persons × 1 year take two workers in Parquet and DuckDB, one in SQLite", () => {
    const run = { population: 10_000, start: 0, end: 364 };
    for (const f of ['parquet', 'duckdb']) {
      expect(formatOf(f).personYearsPerWorker).toBeLessThan(PERSON_YEARS_PER_WORKER);
      expect(defaultWorkersFor(run, undefined, formatOf(f))).toBe(Math.min(cores, 2));
    }
    expect(defaultWorkersFor(run, undefined, formatOf('sqlite'))).toBe(1);
    // Without a format: the default format's (SQLite).
    expect(defaultWorkersFor(run)).toBe(1);
    expect(defaultWorkers(formatOf('parquet').personYearsPerWorker - 1, formatOf('parquet').personYearsPerWorker)).toBe(1);
  });
  it('counts the person-years of the population, the period and the shard', () => {
    const year = { population: 20_000, start: 0, end: 365 };
    expect(configPersonYears({ ...year, population: null })).toBeUndefined();
    expect(configPersonYears(year)).toBeCloseTo(20_000 * (366 / 365.25), 6);
    expect(configPersonYears({ ...year, end: 3 * 365 }, { index: 2, count: 4 })).toBeCloseTo(5_000 * ((3 * 365 + 1) / 365.25), 6);
  });
});

// The runs are simulated by the compiled code in child processes (simulateCompiled): twice as fast as in jest.
describe('workers and shards', () => {
  const dir = tempDir();
  /** The single-thread run the others are compared with. */
  const single = join(dir, 'single.db');
  /** Shards 1, 2 and 3 of 3 of the same run, simulated in the order 3, 1, 2. */
  const shards = [1, 2, 3].map((index) => join(dir, `shard${index}.db`));
  beforeAll(() => {
    simulateCompiled({ ...opts, out: single }, { workers: 1, batchSize: BATCH });
    for (const index of [3, 1, 2]) simulateCompiled({ ...opts, out: shards[index - 1] as string }, { shard: { index, count: 3 }, batchSize: 50 });
  });

  it.each([2, 4])('gives a byte-identical database with %i workers', async (workers) => {
    const out = join(dir, `w${workers}.db`);
    simulateCompiled({ ...opts, out }, { workers, batchSize: BATCH });
    // The same bytes are the same contents; the contents are compared only to show what differs when the bytes do.
    if (sha(out) !== sha(single)) expectSameContents(out, single);
    expect(sha(out)).toBe(sha(single));
  });

  it('gives the same table contents for 3 shards merged as for one machine', async () => {
    const merged = join(dir, 'merged.db');
    // Given out of order: merge takes them in shard order.
    await mergeShards(merged, [shards[2], shards[0], shards[1]] as string[]);
    expectSameContents(merged, single);
  });

  it('refuses shards of different scenarios or an incomplete set', async () => {
    // Shard 2 of 3 of another seed, between shards 1 and 3 of the run: shard 2 with the seed of its manifest changed
    // (merge tells shards apart by their manifests; simulating the other seed would cost a run for the same check).
    const other = join(dir, 'other2.db');
    copyFileSync(shards[1] as string, other);
    const db = new Database(other);
    expect(db.prepare("UPDATE SIM_RUN_MANIFEST SET VALUE = '99' WHERE KEY = 'seed'").run().changes).toBe(1);
    db.close();
    await expect(mergeShards(join(dir, 'bad.db'), [shards[0], other, shards[2]] as string[])).rejects.toThrow(/its seed \(99\) differs from shard 1's \(5\)/);
    await expect(mergeShards(join(dir, 'bad.db'), [shards[0]] as string[])).rejects.toThrow(/1 shards given, 3 expected/);
    await expect(mergeShards(join(dir, 'bad.db'), [shards[0]] as string[])).rejects.toThrow(InputError);
    await expect(mergeShards(join(dir, 'bad.db'), [single])).rejects.toThrow(/is not a shard/);
    await expect(mergeShards(join(dir, 'bad.db'), [join(dir, 'nope.db')])).rejects.toThrow(/does not exist/);
  });
});
