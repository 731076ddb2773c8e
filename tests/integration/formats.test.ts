/**
 * Same answers on every format: one small run written as SQLite, DuckDB and Parquet has the same rows
 * in every table, in the same order; `check` is clean and `report` gives the same comparisons on all
 * three; the Parquet folder imported into a fresh DuckDB answers sndsTools-style SQL as SQLite does;
 * half-written outputs are refused with exit 2. The three runs are simulated here by the CLI with the
 * same options, 200 persons (every table is compared row by row: a small population keeps that short),
 * the SQLite and Parquet ones in one thread (the Parquet sink writes the batches itself), the DuckDB one with
 * 2 workers (each writes its batches as Parquet parts, which the DuckDB sink reads in).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { openDuckdb } from '../../src/exporters/sinks/duckdb/duckApi';
import { openOutput } from '../../src/readback/openOutput';
import type { SndsReader } from '../../src/readback/types';
import { runCli, type CliResult } from '../helpers/cli';

jest.setTimeout(600_000);

const RUN = ['--population', '200', '--seed', '5', '--quiet'];

let dir: string;
const out = { sqlite: '', duckdb: '', parquet: '' };

/** The binary in a child process, in the test's folder. */
function run(args: string[]): CliResult {
  return runCli(args, dir);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snds-sim-formats-'));
  out.sqlite = join(dir, 'run.db');
  out.duckdb = join(dir, 'run.duckdb');
  out.parquet = join(dir, 'run-parquet');
  // The format told from --out for two, given with --format for the other.
  for (const [o, extra] of [
    [out.sqlite, ['--workers', '1']],
    [out.duckdb, ['--workers', '2']],
    [out.parquet, ['--workers', '1', '--format', 'parquet']],
  ] as const) {
    const r = run(['simulate', ...RUN, '--out', o, ...extra]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Every table's columns and rows (arrays of cells) in storage order (user_synonyms, which only the DuckDB formats have, aside). */
async function read(path: string): Promise<Map<string, { columns: readonly string[]; rows: unknown[] }>> {
  const r: SndsReader = await openOutput(path);
  try {
    const m = new Map<string, { columns: readonly string[]; rows: unknown[] }>();
    for (const t of r.tables) {
      if (t === 'user_synonyms') continue;
      const rows: unknown[] = [];
      for await (const page of r.pages(t, 10_000)) rows.push(...page.rows);
      m.set(t, { columns: r.columns(t), rows });
    }
    return m;
  } finally {
    await r.close();
  }
}

/** `read`, once per output (the SQLite rows are compared with each of the others). */
const cache = new Map<string, ReturnType<typeof read>>();
function contents(path: string): ReturnType<typeof read> {
  let c = cache.get(path);
  if (c === undefined) cache.set(path, (c = read(path)));
  return c;
}

/**
 * Whether two cells are equal for toEqual (Object.is for primitives; bigint, Date and bytes as the readers may give
 * them). It may only say « equal » when toEqual does: a « different » goes to toEqual, which has the last word.
 */
function sameCell(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (a === b) return a !== 0 || Object.is(a, b);
  if (typeof a === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  return false;
}

/** Whether two rows (arrays, or objects of cells) have the same columns with equal cells, objects' in any order. */
function sameRow(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return sameCell(a, b);
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (!Object.prototype.hasOwnProperty.call(y, k) || !sameCell(x[k], y[k])) return false;
  return true;
}

/**
 * `expect(got).toEqual(want)` for two tables' rows, fast on tens of thousands of rows: rows that sameRow finds
 * equal are equal for toEqual too; the others, if any, go through toEqual one by one, naming the table and the row.
 */
function expectSameRows(table: string, got: readonly unknown[] | undefined, want: readonly unknown[]): void {
  expect({ table, n: got?.length }).toEqual({ table, n: want.length });
  const g = got ?? [];
  for (let i = 0; i < want.length; i++) {
    if (!sameRow(g[i], want[i])) expect({ table, row: i, value: g[i] }).toEqual({ table, row: i, value: want[i] });
  }
}

test('expectSameRows fails where toEqual fails', () => {
  const differ: [unknown[], unknown[]][] = [
    [[{ a: 1 }], [{ a: '1' }]],
    [[{ a: -0 }], [{ a: 0 }]],
    [[{ a: NaN }], [{ a: null }]],
    [[{ a: 1n }], [{ a: '1' }]],
    [[{ a: new Date(0) }], [{ a: '1970-01-01T00:00:00.000Z' }]],
    [[{ a: new Date(0) }], [{ a: new Date(1) }]],
    [[{ a: Uint8Array.of(1, 2) }], [{ a: Uint8Array.of(1, 3) }]],
    [[{ a: 1 }, { a: 2 }], [{ a: 1 }]],
    [[{ a: 1, b: 2 }], [{ a: 1 }]],
    [[[1, 2]], [[1, 3]]],
    [[[1, 2]], [[1, 2, null]]],
    [[[1, null]], [[1, 0]]],
  ];
  for (const [got, want] of differ) expect(() => expectSameRows('t', got, want)).toThrow();
  expectSameRows('t', [{ a: 1, b: null }, { a: 'x', b: 2.5 }], [{ a: 1, b: null }, { a: 'x', b: 2.5 }]);
  // Columns in another order: equal for toEqual, so here too.
  expectSameRows('t', [{ b: 2, a: 1 }], [{ a: 1, b: 2 }]);
  expectSameRows('t', [[1, null, 'x']], [[1, null, 'x']]);
});

test('the three formats hold the same rows, in the same order', async () => {
  const a = await contents(out.sqlite);
  for (const p of [out.duckdb, out.parquet]) {
    const b = await contents(p);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [t, { columns, rows }] of a) {
      expect({ t, columns: b.get(t)?.columns }).toEqual({ t, columns });
      expectSameRows(t, b.get(t)?.rows, rows);
    }
  }
});

test('check is clean and report gives the same comparisons on every format', () => {
  const reports: unknown[] = [];
  for (const p of [out.sqlite, out.duckdb, out.parquet]) {
    const c = run(['check', p]);
    expect(c.stdout).toMatch(/CLEAN/);
    expect(c.code).toBe(0);
    const json = join(dir, `${basename(p)}.report.json`);
    expect(run(['report', p, '--json', json]).code).toBe(0);
    const r = JSON.parse(readFileSync(json, 'utf8')) as { sections: unknown };
    reports.push(r.sections);
  }
  expect(reports[1]).toEqual(reports[0]);
  expect(reports[2]).toEqual(reports[0]);
});

/** Counts sndsTools-style SQL gives; `date` is how a date literal is written on the engine. */
function analystQueries(date: (iso: string) => string, ete: boolean): Record<string, string> {
  const keys = ['FLX_DIS_DTD', 'FLX_TRT_DTD', 'FLX_EMT_TYP', 'FLX_EMT_NUM', 'FLX_EMT_ORD', 'ORG_CLE_NUM', 'DCT_ORD_NUM', 'PRS_ORD_NUM', 'REM_TYP_AFF'];
  const on = keys.map((k) => `prs.${k} = pha.${k}`).join(' AND ');
  const onEte = keys.map((k) => `prs.${k} = ete.${k}`).join(' AND ');
  return {
    dispensings: `SELECT COUNT(*) AS n, SUM(pha.PHA_ACT_QSN) AS boxes FROM ER_PRS_F prs JOIN ER_PHA_F pha ON ${on}
      ${ete ? `LEFT JOIN ER_ETE_F ete ON ${onEte}` : ''}
      WHERE prs.EXE_SOI_DTD >= ${date('2019-01-01')} AND prs.EXE_SOI_DTD <= ${date('2019-12-31')}
        AND prs.FLX_DIS_DTD >= ${date('2019-02-01')} AND prs.DPN_QLF != 71 AND prs.PRS_DPN_QLP != 71
        ${ete ? 'AND (ete.ETE_IND_TAA != 1 OR ete.ETE_IND_TAA IS NULL)' : ''}`,
    stays: `SELECT COUNT(*) AS n FROM T_MCO19B b JOIN T_MCO19C c ON b.ETA_NUM = c.ETA_NUM AND b.RSA_NUM = c.RSA_NUM
      WHERE b.GRG_GHM NOT LIKE '%90%' AND c.NIR_RET = 0 AND c.NAI_RET = 0 AND c.SEX_RET = 0
        AND c.EXE_SOI_DTD >= ${date('2019-01-01')}`,
    persons: `SELECT COUNT(DISTINCT BEN_NIR_PSA) AS n FROM ER_PRS_F WHERE EXE_SOI_DTD BETWEEN ${date('2019-03-01')} AND ${date('2019-06-30')}`,
  };
}

test('the Parquet folder, imported into a fresh DuckDB, answers sndsTools-style SQL as SQLite does', async () => {
  const db = new Database(out.sqlite, { readonly: true });
  const hasEte = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'ER_ETE_F'").get() as { n: number };
  const sqlite: Record<string, unknown> = {};
  for (const [k, sql] of Object.entries(analystQueries((d) => `'${d}'`, hasEte.n > 0))) sqlite[k] = db.prepare(sql).get();
  db.close();
  const conn = await openDuckdb(':memory:');
  try {
    await conn.run(`IMPORT DATABASE '${out.parquet}'`);
    const duck: Record<string, unknown> = {};
    for (const [k, sql] of Object.entries(analystQueries((d) => `DATE '${d}'`, hasEte.n > 0))) duck[k] = (await conn.all(sql))[0];
    expect(duck).toEqual(sqlite);
    expect(Number((sqlite['dispensings'] as { n: number }).n)).toBeGreaterThan(0);
    expect(Number((sqlite['stays'] as { n: number }).n)).toBeGreaterThan(0);
    // DATE columns, as analysts' SQL expects.
    const t = await conn.all("SELECT data_type AS t FROM information_schema.columns WHERE table_name = 'ER_PRS_F' AND column_name = 'EXE_SOI_DTD'");
    expect(t).toEqual([{ t: 'DATE' }]);
  } finally {
    conn.close();
  }
});

test('a half-written output is refused by check and report with exit 2', () => {
  const pq = join(dir, 'broken-parquet');
  cpSync(out.parquet, pq, { recursive: true });
  truncateSync(join(pq, 'ER_PRS_F.parquet'), 64);
  const duck = join(dir, 'broken.duckdb');
  cpSync(out.duckdb, duck);
  truncateSync(duck, 4096);
  for (const p of [pq, duck]) {
    const c = run(['check', p]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/<db>/);
    expect(run(['report', p, '--json', `${p}.json`]).code).toBe(2);
  }
});

test('convert gives the same rows in another format', async () => {
  const converted = join(dir, 'converted/');
  const r = run(['convert', out.duckdb, converted, '--quiet']);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  const a = await contents(out.sqlite);
  const b = await contents(converted);
  for (const [t, { columns, rows }] of a) {
    expect({ t, columns: b.get(t)?.columns }).toEqual({ t, columns });
    expectSameRows(t, b.get(t)?.rows, rows);
  }
  // Neither the format nor --format: exit 2 naming --format.
  const bad = run(['convert', out.duckdb, join(dir, 'converted.out')]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--format/);
});
