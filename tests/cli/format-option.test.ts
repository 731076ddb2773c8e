/**
 * Choosing the output format: `--format`, a scenario's `format:`, or the `--out` path; an `--out`
 * that names no format is refused before any work, naming `--format`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputFormatFor } from '../../src/run/outputFormat';
import { repoRoot } from '../../src/util/paths';

const bin = join(repoRoot(), 'dist', 'src', 'cli', 'main.js');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snds-sim-format-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

test('the format is told from the output path', () => {
  expect(outputFormatFor('a.db', undefined).name).toBe('sqlite');
  expect(outputFormatFor('a.sqlite', undefined).name).toBe('sqlite');
  expect(outputFormatFor('a.duckdb', undefined).name).toBe('duckdb');
  expect(outputFormatFor('out/', undefined).name).toBe('parquet');
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  expect(outputFormatFor(empty, undefined).name).toBe('parquet');
  expect(outputFormatFor('a.data', 'duckdb').name).toBe('duckdb');
  expect(() => outputFormatFor('a.data', undefined)).toThrow(/--format/);
  expect(() => outputFormatFor('a.db', 'csv')).toThrow(/unknown output format "csv"/);
});

test('simulate refuses an --out that names no format, naming --format, before any work', () => {
  const r = run(['simulate', '--population', '100', '--out', join(dir, 'out.data')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--format: cannot tell the output format/);
  const bad = run(['simulate', '--population', '100', '--format', 'csv', '--out', join(dir, 'x.db')]);
  expect(bad.code).toBe(2);
  expect(readdirSync(dir).filter((f) => f !== 'empty')).toEqual([]);
});

test('a scenario format: is validated with the other keys', () => {
  const file = join(dir, 'bad-format.yaml');
  writeFileSync(file, 'regions: "35"\nformat: csv\n');
  const r = run(['scenario', 'validate', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/format/);
  const good = join(dir, 'good-format.yaml');
  writeFileSync(good, 'regions: "35"\nformat: parquet\noutput: out/\n');
  expect(run(['scenario', 'validate', good]).code).toBe(0);
});
