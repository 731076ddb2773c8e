import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectSameContents, openDb, sharedDatabase, simulateCompiled, tableHashes, tempDir } from '../helpers/simulate';

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

// The runs are simulated by the compiled code in child processes (simulateCompiled): twice as fast as in jest.
describe('reproducibility', () => {
  it('gives byte-identical databases for the same options and different contents for another seed', () => {
    // 400 persons: fewer leave a département of the four without residents (persons are drawn by commune).
    const dir = tempDir();
    const opts = { region: '22,29,35,56', population: 400, seed: 3, start: '2018-07-01', end: '2020-06-30' };
    const [a, b, c] = ['a', 'b', 'c'].map((n) => join(dir, `${n}.db`));
    simulateCompiled({ ...opts, out: a as string });
    simulateCompiled({ ...opts, out: b as string });
    simulateCompiled({ ...opts, seed: 4, out: c as string });
    // The same bytes are the same contents; the contents are compared only to show what differs when the bytes do.
    if (sha(a as string) !== sha(b as string)) expectSameContents(b as string, a as string);
    expect(sha(a as string)).toBe(sha(b as string));
    const [ha, hc] = [a, c].map((p) => tableHashes(p as string, ['ER_PRS_F', 'IR_BEN_R']));
    expect(hc?.ER_PRS_F?.sha256).not.toBe(ha?.ER_PRS_F?.sha256);
    expect(hc?.IR_BEN_R?.sha256).not.toBe(ha?.IR_BEN_R?.sha256);
    // Brittany: the four départements are present.
    const db = openDb(a as string);
    expect(db.prepare('SELECT DISTINCT BEN_RES_DPT FROM IR_BEN_R ORDER BY 1').pluck().all()).toEqual(['022', '029', '035', '056']);
    db.close();
  });

  it('does not change a person history when the batch size changes', () => {
    // The shared small database (tests/helpers/sharedDatabases.js) has these options and batches of 300 persons.
    const opts = { region: '35', population: 700, seed: 5 };
    const p1 = sharedDatabase('small');
    const p2 = join(tempDir(), 'b.db');
    simulateCompiled({ ...opts, out: p2 }, { batchSize: 37 });
    expectSameContents(p2, p1);
  });
});
