import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/util/paths';
import { tempDir } from '../helpers/simulate';

const bin = join(repoRoot(), 'dist', 'src', 'cli', 'main.js');

function run(args: string[], cwd = tempDir()): { code: number | null; stdout: string; stderr: string; cwd: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
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
    const r = run(['simulate', '--population', '300', '--seed', '2']);
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
    ['an impossible date', ['--start', '2019-02-30'], /--start: expected a date YYYY-MM-DD/],
    ['a bad seed', ['--seed', '1.5'], /--seed: expected a whole number/],
    ['a département given twice', ['--region', '35,35'], /--region: département "35" is given twice/],
  ];
  it.each(bad)('exits 2 with a message naming the option for %s, and writes nothing', (_what, args, message) => {
    const r = run(['simulate', '--out', 'x.db', '--population', '100', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(r.cwd)).toEqual([]);
  });

  it('exits 2 on an unknown option or log level', () => {
    expect(run(['simulate', '--bogus']).code).toBe(2);
    expect(run(['simulate', '--log-level', 'loud']).code).toBe(2);
  });

  it('stops cleanly on SIGTERM: exit 143, no output under the final name', () => {
    // Large enough to be still running when the signal arrives.
    const cwd = tempDir();
    const child = require('node:child_process').spawn(process.execPath, [bin, 'simulate', '--population', '400000', '--out', 'big.db'], { cwd });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(join(cwd, 'big.db.partial'))) {
          clearInterval(timer);
          setTimeout(() => child.kill('SIGTERM'), 300);
        }
      }, 50);
      child.on('exit', (code: number | null) => {
        expect(code).toBe(143);
        expect(stderr).toMatch(/interrupted by SIGTERM/);
        expect(readdirSync(cwd)).toEqual([]);
        resolve();
      });
    });
  });
});
