/**
 * Nothing lost, nothing left behind: outputs are replaced only with --overwrite, bad --out paths are
 * refused before simulating, dead runs' leftovers are removed by the next run, and a full disk leaves
 * no partial output. Each case simulates a few hundred persons in a folder removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliInProcess, runCli, type CliResult } from '../helpers/cli';
const SMALL = ['--population', '200', '--seed', '3', '--workers', '1'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'snds-sim-outputs-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The binary in a child process, in the test's folder. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  return runCli(args, dir, env);
}

/** The command's `main` in this process, in the test's folder: a refusal, before anything is simulated (--quiet: no log line). */
function refused(args: string[]): Promise<CliResult> {
  return cliInProcess([...args, '--quiet'], dir);
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid as number;
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

describe('outputs: nothing lost', () => {
  it('refuses to replace an existing file without --overwrite, and leaves it intact', async () => {
    const out = join(dir, 'snds.db');
    writeFileSync(out, 'precious');
    const r = await refused(['simulate', ...SMALL, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out: .*snds\.db already exists: give --overwrite to replace it/);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual(['snds.db']);
  });

  it('replaces an existing file with --overwrite; report writes the JSON alone when asked', () => {
    const out = join(dir, 'snds.db');
    writeFileSync(out, 'old');
    expect(run(['simulate', ...SMALL, '--quiet', '--overwrite', '--out', out]).code).toBe(0);
    expect(readFileSync(out).subarray(0, 16).toString('latin1')).toBe(SQLITE_HEADER);
    expect(readdirSync(dir)).toEqual(['snds.db']);
    const r = run(['report', out, '--json', join(dir, 'r.json')]);
    expect(r.code).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { persons: number }).persons).toBeGreaterThan(100);
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'snds.db']);
  });

  it('refuses an existing folder, a missing parent folder, before simulating', async () => {
    const folder = join(dir, 'out.db');
    mkdirSync(folder);
    const t0 = Date.now();
    const r = await refused(['simulate', '--population', '100000', '--overwrite', '--out', folder]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out: .*out\.db is a folder: give the path of a file/);
    // Refused before the world of 100 000 persons is built.
    expect(Date.now() - t0).toBeLessThan(15000);
    const missing = await refused(['simulate', ...SMALL, '--out', join(dir, 'nowhere', 'x.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--out: the folder .*nowhere does not exist/);
    expect(readdirSync(dir)).toEqual(['out.db']);
  });

  it('refuses to merge into, or calibrate into, an existing output without --overwrite', () => {
    const out = join(dir, 'merged.db');
    writeFileSync(out, 'keep');
    const m = run(['merge', out, join(dir, 'a.db'), join(dir, 'b.db')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/<out>: .*already exists: give --overwrite/);
    const cal = join(dir, 'calibrated');
    mkdirSync(cal);
    writeFileSync(join(cal, 'mine.csv'), 'x');
    writeFileSync(join(cal, 'calibration.json'), '{}');
    const c = run(['calibrate', out, '--out', cal]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--out: .*calibrated already exists: give --overwrite/);
    expect(readFileSync(out, 'utf8')).toBe('keep');
    expect(readdirSync(cal).sort()).toEqual(['calibration.json', 'mine.csv']);
  });
});

describe('outputs: nothing left behind', () => {
  it('removes the partial output and batch folder of a dead run, with a log line', () => {
    const out = join(dir, 'snds.db');
    const pid = deadPid();
    const partial = join(dir, `snds.db.${pid}.partial`);
    writeFileSync(partial, 'half-written');
    // The journal of a SQLite output, the CSV file of a DuckDB write in progress, the folder DuckDB spills buffers to.
    writeFileSync(`${partial}-journal`, 'journal');
    writeFileSync(`${partial}.csv`, 'rows');
    mkdirSync(`${partial}.tmp`);
    writeFileSync(join(`${partial}.tmp`, 'duckdb_temp_block-1.block'), 'spilled');
    const batches = join(dir, `.snds-sim-batches-${pid}-abc123`);
    mkdirSync(batches);
    writeFileSync(join(batches, 'batch-7.db'), 'rows');
    // Leftovers are removed before any work, whatever the number of workers of the new run.
    const r = run(['simulate', ...SMALL, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/removed what a dead run left/);
    expect(r.stderr).toContain(partial);
    expect(readdirSync(dir)).toEqual(['snds.db']);
  });

  it('leaves a live run alone: refuses to write the output another running process is writing', () => {
    const out = join(dir, 'snds.db');
    const partial = join(dir, `snds.db.${process.pid}.partial`);
    writeFileSync(partial, 'being written');
    const r = run(['simulate', ...SMALL, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`another snds-sim run \\(pid ${process.pid}\\) is writing`));
    expect(readFileSync(partial, 'utf8')).toBe('being written');
  });

  it('on a full disk exits 1 naming the space needed, and leaves no partial output', () => {
    const out = join(dir, 'snds.db');
    const r = run(['simulate', ...SMALL, '--out', out], { SNDS_SIM_FAULT_DISK_FULL_AFTER: '3' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no space left on the disk holding .*snds\.db: the output needs about \d+(\.\d)? MB/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('on a bad data table read by the worker threads says so (exit 1), and leaves no batch folder', () => {
    // The workers build the worlds (the writer builds none): their DataError is the writer's.
    mkdirSync(join(dir, 'tables'));
    writeFileSync(join(dir, 'tables', 'mortality.csv'), 'year,sex,age,q\n2019,1,0,abc\n');
    writeFileSync(join(dir, 'bad.yaml'), 'regions: ["35"]\npopulation: 200\nseed: 3\ntables: tables\n');
    const r = run(['simulate', '--scenario', 'bad.yaml', '--workers', '2', '--quiet', '--out', join(dir, 'snds.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^snds-sim: data error: data\/mortality\.csv: column q is not a number \("abc"\)/);
    expect(readdirSync(dir).sort()).toEqual(['bad.yaml', 'tables']);
  });

  it('on a full disk with worker threads leaves no batch folder either', () => {
    const out = join(dir, 'snds.db');
    const r = run(['simulate', ...SMALL, '--workers', '2', '--out', out], { SNDS_SIM_FAULT_DISK_FULL_AFTER: '4' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the output needs about/);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});
