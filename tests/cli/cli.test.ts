import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/util/paths';
import { BIN, cliInProcess, runCli, type CliResult } from '../helpers/cli';
import { expectSameContents, sharedDatabase, tempDir } from '../helpers/simulate';

/** The binary in a child process, in `cwd` (a new folder by default), which the result names. */
function run(args: string[], cwd = tempDir()): CliResult & { cwd: string } {
  return { ...runCli(args, cwd), cwd };
}

/** The command's `main` in this process (a usage error or refusal: nothing is simulated), in a new folder. */
async function refused(args: string[], cwd = tempDir()): Promise<CliResult & { cwd: string }> {
  return { ...(await cliInProcess(args, cwd)), cwd };
}

describe('snds-sim CLI', () => {
  it('prints its version and help', () => {
    const v = run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = run(['simulate', '--help']);
    expect(h.code).toBe(0);
    for (const flag of ['--region', '--population', '--seed', '--start', '--end', '--out', '--log-level', '--quiet']) expect(h.stdout).toContain(flag);
  });

  it('simulates into the default file name and logs JSON lines when stderr is not a terminal', () => {
    const r = run(['simulate', '--population', '300', '--seed', '2', '--workers', '1']);
    expect(r.code).toBe(0);
    expect(readdirSync(r.cwd)).toEqual(['snds-35.db']);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
    expect(lines.at(-1)?.msg).toMatch(/wrote snds-35\.db/);
  });

  const bad: [string, string[], RegExp][] = [
    ['an unknown département', ['--region', '35,99'], /--region: unknown département "99"/],
    ['a negative population', ['--population', '-5'], /--population: expected a whole number/],
    ['a population that is not a number', ['--population', 'many'], /--population: expected a whole number/],
    ['an end before the start', ['--start', '2019-06-01', '--end', '2019-01-01'], /--end: the end date 2019-01-01 is before the start date 2019-06-01/],
    ['an impossible date', ['--start', '2019-02-30'], /--start: the day 2019-02-30 does not exist: February 2019 has 28 days; give a day from 01 to 28/],
    ['a bad seed', ['--seed', '1.5'], /--seed: expected a whole number/],
    ['a département given twice', ['--region', '35,35'], /--region: département "35" is given twice/],
    ['an output folder that does not exist', ['--out', 'no/such/folder/x.db'], /--out: the folder .*no\/such\/folder does not exist/],
  ];
  it.each(bad)('exits 2 with a message naming the option for %s, and writes nothing', async (_what, args, message) => {
    const r = await refused(['simulate', '--out', 'x.db', '--population', '100', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(r.cwd)).toEqual([]);
  });

  it('simulates shards with worker threads and merges them into the single-machine content', () => {
    const cwd = tempDir();
    // The options of the shared small database, the single-machine content (tests/helpers/sharedDatabases.js).
    const common = ['--population', '700', '--seed', '5', '--quiet'];
    expect(run(['simulate', ...common, '--workers', '2', '--shard', '1/2', '--out', 's1.db'], cwd).code).toBe(0);
    // Worker threads in one shard, the calling thread in the other: the same content either way.
    expect(run(['simulate', ...common, '--workers', '1', '--shard', '2/2', '--out', 's2.db'], cwd).code).toBe(0);
    expect(run(['merge', '--quiet', 'all.db', 's2.db', 's1.db'], cwd).code).toBe(0);
    expectSameContents(join(cwd, 'all.db'), sharedDatabase('small'));
    const bad = run(['merge', 'x.db', 's1.db'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/1 shards given, 2 expected/);
  });

  it('validates and shows scenario files, and simulates from one', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'bad.yaml'), 'regions: ["35"]\nrates:\n  - {process: death, multiplier: -2}\n');
    const v = await refused(['scenario', 'validate', 'bad.yaml'], cwd);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/rates\[0\]\.multiplier: expected a value ≥ 0, got -2/);
    const s = run(['scenario', 'show', join(repoRoot(), 'scenarios', 'sensitivity-gp.yaml')], cwd);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ regions: '35', seed: 3, rates: [{ process: 'gp_consultation', multiplier: 1.2 }, { process: 'death' }] });
    writeFileSync(join(cwd, 'ok.yaml'), 'regions: ["29"]\npopulation: 200\noutput: from-file.db\n');
    expect(run(['simulate', '--scenario', 'ok.yaml', '--quiet', '--workers', '1'], cwd).code).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual(['bad.yaml', 'from-file.db', 'ok.yaml']);
    const r = await refused(['simulate', '--scenario', 'bad.yaml', '--out', 'never.db'], cwd);
    expect(r.code).toBe(2);
    expect(existsSync(join(cwd, 'never.db'))).toBe(false);
  });

  it('exits 2 on bad --workers and --shard values', async () => {
    expect((await refused(['simulate', '--workers', '0'])).stderr).toMatch(/--workers: expected a whole number/);
    expect((await refused(['simulate', '--shard', '3/2'])).code).toBe(2);
  });

  it('exits 2 on an unknown option or log level', async () => {
    const bogus = await refused(['simulate', '--bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/unknown option '--bogus'/);
    expect((await refused(['simulate', '--log-level', 'loud'])).code).toBe(2);
  });

  it('stops cleanly on SIGTERM: exit 143, no output under the final name', async () => {
    const cwd = tempDir();
    // Large enough to be still running when the signal arrives.
    const child = spawn(process.execPath, [BIN, 'simulate', '--population', '400000', '--workers', '1', '--out', 'big.db'], { cwd });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      // The partial output carries the pid of the run writing it.
      while (!existsSync(join(cwd, `big.db.${child.pid}.partial`))) {
        if (Date.now() > deadline) throw new Error('the run did not start within 60 s');
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(stderr).toMatch(/interrupted by SIGTERM/);
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

});
