import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors';
import { availableFormats, formatOf, type SinkFormat } from '../exporters';

/** True for a folder that is empty or holds a Parquet output (schema.sql and load.sql): what a Parquet output may replace. */
function parquetDestination(path: string): boolean {
  try {
    if (!statSync(path).isDirectory()) return false;
    const entries = readdirSync(path);
    return entries.length === 0 || (existsSync(join(path, 'schema.sql')) && existsSync(join(path, 'load.sql')));
  } catch {
    return false;
  }
}

/**
 * The format of an output: `explicit` (from `--format` or a scenario's `format:`, named `explicitArg`
 * in messages) when given, else told from the path: `.db`, `.sqlite`, `.sqlite3` → SQLite, `.duckdb`
 * → DuckDB, a path ending in `/`, an empty folder or an earlier Parquet output → Parquet.
 *
 * @throws InputError naming `--format` when neither says which format to write.
 */
export function outputFormatFor(out: string, explicit: string | undefined, explicitArg = '--format', outArg = '--out'): SinkFormat {
  if (explicit !== undefined) return formatOf(explicit, explicitArg);
  if (/\.(db|sqlite|sqlite3)$/i.test(out)) return formatOf('sqlite');
  if (/\.duckdb$/i.test(out)) return formatOf('duckdb');
  if (out.endsWith('/') || parquetDestination(out)) return formatOf('parquet');
  throw new InputError({
    path: '--format',
    message: `cannot tell the output format from ${outArg} "${out}": give --format ${availableFormats().join('|')}, or end ${outArg} with .db or .sqlite (SQLite), .duckdb (DuckDB) or / (a Parquet folder)`,
  });
}

/** The default output name of a format, from the SQLite default `snds-<regions>.db`: `.duckdb`, or a folder for Parquet. */
export function defaultOutFor(sqliteDefault: string, format: SinkFormat): string {
  const stem = sqliteDefault.replace(/\.db$/, '');
  return format.name === 'sqlite' ? sqliteDefault : format.name === 'duckdb' ? `${stem}.duckdb` : `${stem}/`;
}
