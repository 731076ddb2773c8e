/**
 * One benchmark case, run in its own process so that its peak RSS is its own:
 *   node dist/bench/case.js <name> <regions> <population|real> <start> <end> <workers> <out> [format]
 * Prints one JSON object on stdout.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { formatOf, quoteIdent } from '../src/exporters';
import { parseIsoDate } from '../src/events';
import { openOutput, readPersons } from '../src/readback';
import { defaultWorkersFor, runSimulation } from '../src/run';
import { resolveConfig } from '../src/scenario';
import { DataRegistry, knownDepartements } from '../src/world';

/** Inserts the rows of `src` into a fresh database with plain prepared statements, timing the inserts and index builds only. */
function rawInsertSeconds(src: string, tmp: string): number {
  rmSync(tmp, { force: true });
  const from = new Database(src, { readonly: true });
  const to = new Database(tmp);
  to.pragma('journal_mode = OFF');
  to.pragma('synchronous = OFF');
  to.pragma('locking_mode = EXCLUSIVE');
  to.pragma('temp_store = MEMORY');
  to.pragma('cache_size = -262144');
  to.pragma('page_size = 8192');
  let seconds = 0;
  const tables = from.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as { name: string; sql: string }[];
  for (const t of tables) {
    to.exec(t.sql);
    const cols = (from.prepare(`PRAGMA table_info(${quoteIdent(t.name)})`).all() as unknown[]).length;
    const insert = to.prepare(`INSERT INTO ${quoteIdent(t.name)} VALUES (${Array.from({ length: cols }, () => '?').join(',')})`);
    const many = to.transaction((rows: unknown[][]) => {
      for (const r of rows) insert.run(r);
    });
    let chunk: unknown[][] = [];
    const flush = (): void => {
      const t0 = process.hrtime.bigint();
      many(chunk);
      seconds += Number(process.hrtime.bigint() - t0) / 1e9;
      chunk = [];
    };
    for (const r of from.prepare(`SELECT * FROM ${quoteIdent(t.name)}`).raw().iterate() as IterableIterator<unknown[]>) {
      chunk.push(r);
      if (chunk.length === 20000) flush();
    }
    flush();
  }
  const indexes = from.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().all() as string[];
  const t0 = process.hrtime.bigint();
  for (const sql of indexes) to.exec(sql);
  seconds += Number(process.hrtime.bigint() - t0) / 1e9;
  from.close();
  to.close();
  rmSync(tmp, { force: true });
  return seconds;
}

async function main(): Promise<void> {
  const [name, regions, pop, start, end, workersArg, out, formatName = 'sqlite'] = process.argv.slice(2);
  if (!name || !regions || !pop || !start || !end || !workersArg || !out) throw new Error('usage: case.js <name> <regions> <population|real> <start> <end> <workers> <out>');
  const config = resolveConfig({ region: regions, population: pop === 'real' ? undefined : pop, start, end, out, seed: 1 }, knownDepartements(new DataRegistry()));
  const format = formatOf(formatName);
  const workers = workersArg === 'auto' ? defaultWorkersFor(config, undefined, format) : Number(workersArg);
  const t0 = process.hrtime.bigint();
  const summary = await runSimulation(config, { workers, format });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const bytes = sizeOf(out);
  // The raw-insert baseline is SQLite's own.
  const raw = format.name === 'sqlite' ? rawInsertSeconds(out, `${out}.raw`) : undefined;
  const reader = await openOutput(out);
  // Each person once (a person may have several IR_BEN_R rows, one per couple), from entry to death or the end.
  const { persons } = await readPersons(reader, regions.split(','));
  await reader.close();
  const endDay = parseIsoDate(end);
  if (endDay === undefined) throw new Error(`bad end date ${end}`);
  let days = 0;
  for (const p of persons.values()) if (p.entry !== undefined) days += Math.min(p.death ?? endDay, endDay) - p.entry + 1;
  const personYears = days / 365.25;
  rmSync(out, { recursive: true, force: true });
  const totalRows = Object.values(summary.rows).reduce((s, n) => s + n, 0);
  process.stdout.write(
    `${JSON.stringify({
      case: name,
      format: format.name,
      outputBytes: bytes,
      persons: summary.personsSimulated,
      personsAtStart: summary.personsAtStart,
      personYears: Math.round(personYears),
      workers,
      rows: summary.rows,
      totalRows,
      wallSeconds: round(wall),
      personYearsPerSecond: Math.round(personYears / wall),
      rowsPerSecond: Math.round(totalRows / wall),
      peakRssMb: Math.round(peakRssMb),
      ...(raw === undefined ? {} : { rawInsertSeconds: round(raw), ratioToRawInsert: round(wall / raw) }),
    })}\n`,
  );
}

/** Bytes of a file, or of every file in a folder (a Parquet output). */
function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, f) => n + sizeOf(join(path, f)), 0);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
