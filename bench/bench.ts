/**
 * `npm run bench`: runs the benchmark cases, each in its own process, and prints one JSON document.
 *   node dist/bench/bench.js [case-name ...]   (default: every case)
 * Each case runs once per output format (SQLite, DuckDB, Parquet), in the same run, one after the other.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Case {
  readonly name: string;
  readonly regions: string;
  readonly population: string;
  readonly start: string;
  readonly end: string;
}

/** The cases of the scale issue: 100 000 × 1 year, the whole of département 35 × 1 year, 100 000 × 5 years. */
export const CASES: readonly Case[] = [
  { name: '100k-1y', regions: '35', population: '100000', start: '2019-01-01', end: '2019-12-31' },
  { name: 'dept35-1y', regions: '35', population: 'real', start: '2019-01-01', end: '2019-12-31' },
  { name: '100k-5y', regions: '35', population: '100000', start: '2015-01-01', end: '2019-12-31' },
];

/** Each format with the output name suffix it is written under. */
const FORMATS: readonly (readonly [string, string])[] = [
  ['sqlite', '.db'],
  ['duckdb', '.duckdb'],
  ['parquet', '-parquet/'],
];

function main(): void {
  const wanted = process.argv.slice(2);
  const dir = mkdtempSync(join(tmpdir(), 'snds-bench-'));
  const results: unknown[] = [];
  try {
    for (const c of CASES) {
      if (wanted.length > 0 && !wanted.includes(c.name)) continue;
      for (const [format, out] of FORMATS) {
        const r = spawnSync(process.execPath, [join(__dirname, 'case.js'), c.name, c.regions, c.population, c.start, c.end, 'auto', join(dir, `${c.name}${out}`), format], {
          encoding: 'utf8',
          maxBuffer: 1 << 24,
        });
        if (r.status !== 0) throw new Error(`case ${c.name} (${format}) failed:\n${r.stderr}`);
        results.push(JSON.parse(r.stdout));
        process.stderr.write(`${r.stdout.trim()}\n`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ node: process.version, cases: results }, null, 2)}\n`);
}

main();
