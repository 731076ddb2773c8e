import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from '../errors';
import type { OutputFormat } from '../exporters';
import { duckdbReader, parquetReader } from './duckdb';
import { sqliteReader } from './SqliteReader';
import type { OutputProbe, ReaderFormat, SndsReader } from './types';

/**
 * Readers by format; a format not built into this version would be `undefined`. `openOutput` asks each in turn whether it recognises a path.
 */
export const READER_FORMATS: Readonly<Record<OutputFormat, ReaderFormat | undefined>> = {
  sqlite: sqliteReader,
  duckdb: duckdbReader,
  parquet: parquetReader,
};

/** The first bytes of a file, to tell its format. */
function head(path: string): Buffer {
  const buf = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    return buf.subarray(0, readSync(fd, buf, 0, 16, 0));
  } finally {
    closeSync(fd);
  }
}

const LABELS: Readonly<Record<OutputFormat, string>> = { sqlite: 'SQLite', duckdb: 'DuckDB', parquet: 'Parquet' };

/** Formats this version reads, for messages: "SQLite", "SQLite, DuckDB or Parquet". */
function readable(): string {
  const names = (Object.keys(READER_FORMATS) as OutputFormat[]).filter((f) => READER_FORMATS[f] !== undefined).map((f) => LABELS[f]);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] as string}`;
}

/**
 * Opens an output (or any SNDS-shaped database) read-only, whatever its format: the format is told
 * from the path itself (the SQLite header, DuckDB's magic bytes, a folder with `load.sql`). Throws an InputError naming `argName` when the path
 * does not exist or holds no output of a format this version reads.
 */
export async function openOutput(path: string, argName = '<db>'): Promise<SndsReader> {
  const bad = (message: string): InputError => new InputError({ path: argName, message });
  if (!existsSync(path)) throw bad(`no such file: ${path}; give the path of a ${readable()} output`);
  const st = statSync(path);
  if (!st.isFile() && !st.isDirectory()) throw bad(`${path} is not a file; give the path of a database`);
  const probe: OutputProbe = { path, folder: st.isDirectory(), head: st.isDirectory() ? Buffer.alloc(0) : head(path) };
  for (const f of Object.values(READER_FORMATS)) {
    if (f !== undefined && f.detect(probe)) return f.open(path, argName);
  }
  if (probe.folder) throw bad(`${path} is a folder without the schema.sql and load.sql of a Parquet output; give a ${readable()} output written by snds-sim`);
  throw bad(`${path} is not a SQLite database nor a DuckDB file (neither header found); give a ${readable()} output written by snds-sim`);
}
