import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeShards } from '../../src/run';
import { InputError } from '../../src/errors';
import { sharedDatabase, simulateCompiled, tableContents, tempDir } from '../helpers/simulate';

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
// The options of the shared small database, simulated in one thread by batches of 300 persons (tests/helpers/sharedDatabases.js).
const opts = { region: '35', population: 700, seed: 5, start: '2019-01-01', end: '2019-12-31' };

// The runs are simulated by the compiled code in child processes (simulateCompiled): twice as fast as in jest.
describe('workers and shards', () => {
  const dir = tempDir();
  const single = sharedDatabase('small');

  it.each([2, 4])('gives a byte-identical database with %i workers', async (workers) => {
    const out = join(dir, `w${workers}.db`);
    simulateCompiled({ ...opts, out }, { workers, batchSize: 300 });
    expect(tableContents(out)).toEqual(tableContents(single));
    expect(sha(out)).toBe(sha(single));
  });

  it('gives the same table contents for 3 shards merged as for one machine', async () => {
    const parts: string[] = [];
    for (const index of [3, 1, 2]) {
      const out = join(dir, `shard${index}.db`);
      simulateCompiled({ ...opts, out }, { shard: { index, count: 3 }, batchSize: 200 });
      parts.push(out);
    }
    const merged = join(dir, 'merged.db');
    await mergeShards(merged, parts);
    expect(tableContents(merged)).toEqual(tableContents(single));
  });

  it('refuses shards of different scenarios or an incomplete set', async () => {
    const a = join(dir, 'a1.db');
    const b = join(dir, 'b2.db');
    simulateCompiled({ ...opts, population: 40, out: a }, { shard: { index: 1, count: 2 } });
    simulateCompiled({ ...opts, population: 40, seed: 99, out: b }, { shard: { index: 2, count: 2 } });
    await expect(mergeShards(join(dir, 'bad.db'), [a, b])).rejects.toThrow(/differs from shard 1/);
    await expect(mergeShards(join(dir, 'bad.db'), [a])).rejects.toThrow(InputError);
    await expect(mergeShards(join(dir, 'bad.db'), [single])).rejects.toThrow(/is not a shard/);
    await expect(mergeShards(join(dir, 'bad.db'), [join(dir, 'nope.db')])).rejects.toThrow(/does not exist/);
  });
});
