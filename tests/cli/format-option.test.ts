/**
 * Choosing the output format: `--format`, a scenario's `format:`, or the `--out` path; an `--out`
 * that names no format is refused before any work, naming `--format`.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputFormatFor } from '../../src/run/outputFormat';
import { cliInProcess, type CliResult } from '../helpers/cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snds-sim-format-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The command line's `main` in this process (every command here is refused or only validates). */
function run(args: string[]): Promise<CliResult> {
  return cliInProcess(args, dir);
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

test('simulate refuses an --out that names no format, naming --format, before any work', async () => {
  const r = await run(['simulate', '--population', '100', '--out', join(dir, 'out.data')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--format: cannot tell the output format/);
  const bad = await run(['simulate', '--population', '100', '--format', 'csv', '--out', join(dir, 'x.db')]);
  expect(bad.code).toBe(2);
  expect(readdirSync(dir).filter((f) => f !== 'empty')).toEqual([]);
});

test('a scenario format: is validated with the other keys', async () => {
  const file = join(dir, 'bad-format.yaml');
  writeFileSync(file, 'regions: "35"\nformat: csv\n');
  const r = await run(['scenario', 'validate', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/format/);
  const good = join(dir, 'good-format.yaml');
  writeFileSync(good, 'regions: "35"\nformat: parquet\noutput: out/\n');
  expect((await run(['scenario', 'validate', good])).code).toBe(0);
});
