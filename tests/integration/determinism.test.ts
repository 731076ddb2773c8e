import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, sharedDatabase, simulateCompiled, tableContents, tempDir } from '../helpers/simulate';

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
    const ta = tableContents(a as string);
    if (sha(a as string) !== sha(b as string)) expect(tableContents(b as string)).toEqual(ta);
    expect(sha(a as string)).toBe(sha(b as string));
    const tc = tableContents(c as string);
    expect(tc.ER_PRS_F).not.toEqual(ta.ER_PRS_F);
    expect(tc.IR_BEN_R).not.toEqual(ta.IR_BEN_R);
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
    expect(tableContents(p2)).toEqual(tableContents(p1));
  });
});
