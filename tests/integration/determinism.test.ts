import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { config, openDb, sharedDatabase, simulateToFile, tableContents, tempDir } from '../helpers/simulate';
import { runSimulation } from '../../src/run';

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('reproducibility', () => {
  it('gives byte-identical databases for the same options and different contents for another seed', async () => {
    const opts = { region: '22,29,35,56', population: 400, seed: 3, start: '2018-07-01', end: '2020-06-30' };
    const a = await simulateToFile(opts);
    const b = await simulateToFile(opts);
    const c = await simulateToFile({ ...opts, seed: 4 });
    expect(sha(a.path)).toBe(sha(b.path));
    const ta = tableContents(a.path);
    expect(ta).toEqual(tableContents(b.path));
    const tc = tableContents(c.path);
    expect(tc.ER_PRS_F).not.toEqual(ta.ER_PRS_F);
    expect(tc.IR_BEN_R).not.toEqual(ta.IR_BEN_R);
    // Brittany: the four départements are present.
    const db = openDb(a.path);
    expect(db.prepare('SELECT DISTINCT BEN_RES_DPT FROM IR_BEN_R ORDER BY 1').pluck().all()).toEqual(['022', '029', '035', '056']);
    db.close();
  });

  it('does not change a person history when the batch size changes', async () => {
    // The shared small database (tests/helpers/sharedDatabases.js) has these options and batches of 300 persons.
    const opts = { region: '35', population: 700, seed: 5 };
    const p1 = sharedDatabase('small');
    const p2 = `${tempDir()}/b.db`;
    await runSimulation(config({ ...opts, out: p2 }), { batchSize: 37 });
    expect(tableContents(p2)).toEqual(tableContents(p1));
  });
});
