import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../errors';
import { dataPath } from '../util/paths';
import { MissingColumnError, parseCsvColumns, parseCsvRecords, recordCells, type RecordFilter } from './csv';

/** A derived data table: its records (all values as text) and the SHA-256 of its file. */
export interface DataTable {
  readonly name: string;
  readonly rows: readonly Record<string, string>[];
  readonly sha256: string;
}

/**
 * Reads a table of `data/` (CSV with a header line, gzip-compressed when the name ends in `.gz`).
 * Every table read is recorded by the caller's `DataRegistry` so the run manifest can list its hash.
 */
export function readDataTable(name: string, overrides?: string, where?: RecordFilter): DataTable {
  return parseDataText(readDataText(name, overrides), where);
}

/** The text of a data table and the SHA-256 of its file. */
interface DataText {
  readonly name: string;
  readonly text: string;
  readonly sha256: string;
}

/** Reads (and decompresses) a table of `data/`, or of `overrides` when the table is there. */
function readDataText(name: string, overrides?: string): DataText {
  const own = overrides === undefined ? undefined : join(overrides, name);
  const path = own !== undefined && existsSync(own) ? own : dataPath(name);
  if (!existsSync(path)) throw new DataError(`data file data/${name} is missing: run \`npm run data:build\` or reinstall`);
  const raw = readFileSync(path);
  const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return { name, text, sha256: createHash('sha256').update(raw).digest('hex') };
}

/** The records of a table's text, those `where` keeps when given. */
function parseDataText(t: DataText, where?: RecordFilter): DataTable {
  return { name: t.name, rows: namingColumn(t.name, () => parseCsvRecords(t.text, where)), sha256: t.sha256 };
}

/** `parse`, a missing column reported as a DataError naming the table. */
function namingColumn<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof MissingColumnError) throw new DataError(`data/${name}: column ${e.column} is missing`);
    throw e;
  }
}

/** Parses a numeric cell, with a clear error naming the table, row and column. */
export function num(table: DataTable | string, row: Record<string, string>, col: string): number {
  const v = row[col];
  const x = v === undefined || v === '' ? NaN : Number(v);
  if (!Number.isFinite(x)) {
    const name = typeof table === 'string' ? table : table.name;
    throw new DataError(`data/${name}: column ${col} is not a number (${JSON.stringify(v)}) in row ${JSON.stringify(row)}`);
  }
  return x;
}

/** Text cell that must be present. */
export function str(table: DataTable | string, row: Record<string, string>, col: string): string {
  const v = row[col];
  if (v === undefined) {
    const name = typeof table === 'string' ? table : table.name;
    throw new DataError(`data/${name}: column ${col} is missing`);
  }
  return v;
}

/**
 * Collects the data tables a world was built from (name → hash), for the run manifest. With an
 * `overrides` folder (a scenario's `tables`, e.g. the output of `snds-sim calibrate`), a table present
 * there is read instead of the one in `data/`.
 */
export class DataRegistry {
  private readonly tables = new Map<string, DataTable>();
  private readonly released = new Map<string, string>();
  /** Texts of the tables read in part (select, values), until `release`: a table read in parts is read from disk once. */
  private readonly texts = new Map<string, DataText>();

  constructor(readonly overrides?: string) {}

  /** Reads a table once and remembers it. */
  get(name: string): DataTable {
    let t = this.tables.get(name);
    if (!t) {
      t = readDataTable(name, this.overrides);
      this.tables.set(name, t);
      this.released.delete(name);
    }
    return t;
  }

  /**
   * The rows of a table whose `column` is one of `values`, for a large table of which a world needs a few
   * départements or one year: the other lines are skipped as they are parsed. The rows are not kept (the text
   * is, until `release`); the table's hash is recorded for the manifest. The rows of a table already read whole are filtered.
   */
  select(name: string, column: string, values: Iterable<string>): DataTable {
    const keep = new Set(values);
    const whole = this.tables.get(name);
    if (whole) {
      if (whole.rows.length > 0 && !(column in (whole.rows[0] as Record<string, string>))) throw new DataError(`data/${name}: column ${column} is missing`);
      return { ...whole, rows: whole.rows.filter((r) => keep.has(r[column] as string)) };
    }
    return parseDataText(this.text(name), { column, keep: (v) => keep.has(v) });
  }

  /**
   * The cells of `columns`, in that order, of every row of a table (as text): for a wide table copied to the output as
   * it is, or a table of which a world needs two columns, without an object per row. Like `select`, the rows are not
   * kept (the text is, until `release`) and the table's hash is recorded for the manifest.
   */
  cells(name: string, columns: readonly string[]): string[][] {
    const whole = this.tables.get(name);
    return namingColumn(name, () => (whole ? recordCells(whole.rows, columns) : parseCsvColumns(this.text(name).text, columns)));
  }

  /** The distinct values of one column of a table, in order of first appearance, without keeping its rows. */
  values(name: string, column: string): string[] {
    const whole = this.tables.get(name);
    const seen = new Set<string>();
    if (whole) {
      for (const r of whole.rows) {
        const v = r[column];
        if (v === undefined) throw new DataError(`data/${name}: column ${column} is missing`);
        seen.add(v);
      }
      return [...seen];
    }
    // Every line is skipped: the filter only collects the values it is shown.
    parseDataText(this.text(name), {
      column,
      keep: (v) => {
        seen.add(v);
        return false;
      },
    });
    return [...seen];
  }

  /** The text of a table read in parts, kept until `release`; its hash is recorded for the manifest. */
  private text(name: string): DataText {
    let t = this.texts.get(name);
    if (!t) {
      t = readDataText(name, this.overrides);
      this.texts.set(name, t);
      this.released.set(name, t.sha256);
    }
    return t;
  }

  /**
   * Forgets the parsed rows of every table read so far (their hashes stay for the manifest): the
   * world models keep what they need in compact form, so the raw records need not stay in memory.
   */
  release(): void {
    for (const [name, t] of this.tables) this.released.set(name, t.sha256);
    this.tables.clear();
    this.texts.clear();
  }

  /** Whether the optional table exists. */
  has(name: string): boolean {
    return this.tables.has(name) || existsSync(dataPath(name)) || (this.overrides !== undefined && existsSync(join(this.overrides, name)));
  }

  /** name → sha256 of every table read, sorted by name. */
  hashes(): Record<string, string> {
    const all = new Map(this.released);
    for (const [k, t] of this.tables) all.set(k, t.sha256);
    const out: Record<string, string> = {};
    for (const k of [...all.keys()].sort()) out[k] = all.get(k) as string;
    return out;
  }
}
