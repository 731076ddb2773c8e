import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliInProcess, runCli } from '../helpers/cli';
import { careDatabase, tempDir } from '../helpers/simulate';

/** Every entry under a folder, recursively (relative paths, sorted). */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? [`${prefix}${e.name}/`, ...tree(join(dir, e.name), `${prefix}${e.name}/`)] : [`${prefix}${e.name}`]))
    .sort();
}

describe('snds-sim calibrate: bad usage and input', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = tempDir('snds-sim-calibrate-errors-');
    mkdirSync(join(cwd, 'in'));
    const other = new Database(join(cwd, 'in', 'other.db'));
    other.exec('CREATE TABLE PATIENTS (ID TEXT, BIRTH TEXT)');
    other.close();
    writeFileSync(join(cwd, 'in', 'notes.txt'), 'not a database\n');
    mkdirSync(join(cwd, 'in', 'busy'));
    writeFileSync(join(cwd, 'in', 'busy', 'keep.csv'), 'a,b\n');
  });

  const db = (): string => careDatabase();
  const cases: [string, () => string[], RegExp][] = [
    ['a missing database file', () => ['in/no-such.db', '--out', 'out'], /<db>: no such file: .*no-such\.db; give the path of a SQLite, DuckDB or Parquet output/],
    ['a file that is not SQLite', () => ['in/notes.txt', '--out', 'out'], /<db>: .*notes\.txt is not a SQLite database/],
    ['a database without IR_BEN_R', () => ['in/other.db', '--out', 'out'], /<db>: .*other\.db has no table IR_BEN_R: not an SNDS database; give a database with the SNDS beneficiary referential/],
    ['no --out', () => [db()], /--out: give the folder to write the calibrated tables into, e.g. --out calibrated/],
    ['an --out whose parent does not exist', () => [db(), '--out', 'no/such/folder/out'], /--out: the folder .*no\/such\/folder does not exist: create it first, or give an --out inside an existing folder/],
    ['an --out that is a file', () => [db(), '--out', 'in/notes.txt'], /--out: .*notes\.txt is a file: give a folder/],
    ['an --out folder holding other files', () => [db(), '--out', 'in/busy'], /--out: .*busy holds other files and no calibration\.json: give a new or empty folder/],
    ['an epsilon of 0', () => [db(), '--out', 'out', '--epsilon', '0'], /--epsilon: expected a number > 0 \(the privacy budget of each table, e\.g\. 1; smaller means more noise\), got "0"; leave it out for no noise/],
    ['a negative epsilon', () => [db(), '--out', 'out', '--epsilon=-1'], /--epsilon: expected a number > 0 .*got "-1"/],
    ['an epsilon that is not a number', () => [db(), '--out', 'out', '--epsilon', 'much'], /--epsilon: expected a number > 0 .*got "much"/],
    ['a min-cell of 0', () => [db(), '--out', 'out', '--min-cell', '0'], /--min-cell: expected a whole number of persons ≥ 1 \(default 10, the SNDS publication rule\), got "0"/],
    ['a min-cell that is not a whole number', () => [db(), '--out', 'out', '--min-cell', '2.5'], /--min-cell: expected a whole number of persons ≥ 1 .*got "2\.5"/],
    ['a bad seed', () => [db(), '--out', 'out', '--epsilon', '1', '--seed', 'one'], /--seed: expected a whole number from 0 to 4294967295, got "one"/],
  ];
  // The command's main in this process: each case is refused before any work (tests/helpers/cli.ts).
  it.each(cases)('exits 2 with a message naming the option and the fix for %s, and writes nothing', async (_what, args, message) => {
    const before = tree(cwd);
    const r = await cliInProcess(['calibrate', ...args()], cwd);
    expect(r.stderr).toMatch(/^snds-sim: invalid input\n/);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(tree(cwd)).toEqual(before);
  });

  it('reports every option problem at once', () => {
    const r = runCli(['calibrate', db(), '--out', 'no/such/out', '--epsilon', 'x', '--min-cell', '0'], cwd);
    expect(r.code).toBe(2);
    for (const option of ['--out', '--epsilon', '--min-cell']) expect(r.stderr).toContain(`  ${option}: `);
  });

  it('lists calibrate in the help', () => {
    const r = runCli(['--help'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/calibrate \[options\] <db>\s+compute from an SNDS database the rate\s+tables the simulator reads/);
  });
});
