/**
 * The subset of `@duckdb/node-api` the DuckDB and Parquet outputs use, behind a narrow interface
 * (as for better-sqlite3): the rest of the code never touches the library's classes, and tests can
 * inject a double. Values cross this boundary as plain JS values only.
 */
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { isoDate, parseIsoDate } from '../../../events';

/**
 * The library, loaded at the first DuckDB or Parquet output or read: its native binding costs about 0.1 s
 * at start-up, which a SQLite run (and each of its worker threads) need not pay.
 */
let library: typeof import('@duckdb/node-api') | undefined;
function duckdb(): typeof import('@duckdb/node-api') {
  return (library ??= require('@duckdb/node-api') as typeof import('@duckdb/node-api'));
}

/** A plain cell read back: what SQLite would give for the same value. */
export type PlainValue = string | number | null;

/** Appends rows to one table, cell by cell, in column order (DuckDB's appender: a bulk load, no SQL per row). */
export interface DuckAppender {
  null(): void;
  varchar(value: string): void;
  integer(value: number): void;
  bigint(value: bigint): void;
  double(value: number): void;
  /** A DATE given as days since 1970-01-01. */
  date(days: number): void;
  endRow(): void;
  /** Flushes the rows appended so far and releases the appender. */
  close(): void;
  /** Drops the rows not flushed yet (and a row left incomplete by an error) and releases the appender. */
  discard(): void;
}

/** One connection to a DuckDB database (a file, or in memory). */
export interface DuckConnection {
  /** Runs statements, ignoring their results. */
  run(sql: string): Promise<void>;
  /** Rows of a query as plain objects: DATE as ISO `YYYY-MM-DD`, BIGINT/DECIMAL as numbers, booleans as 0/1. */
  all(sql: string): Promise<Record<string, PlainValue>[]>;
  /**
   * Rows of a query in pages of about `rows` rows, streamed (DuckDB produces them chunk by chunk, in
   * scan order): memory bounded whatever the result's size.
   */
  stream(sql: string, rows: number): AsyncIterable<Record<string, PlainValue>[]>;
  /** An appender on a table of the main schema. */
  appender(table: string): Promise<DuckAppender>;
  /** Closes the connection and its database (flushing a file database). */
  close(): void;
}

/** How to open a database: `:memory:` or a file path, optionally read-only. */
export type DuckOpener = (path: string, options?: { readonly readOnly?: boolean }) => Promise<DuckConnection>;

/**
 * Settings every snds-sim DuckDB connection uses: one thread, so that writes (table row groups,
 * Parquet files) come out the same for the same calls — DuckDB's parallel writers may order row
 * groups differently from run to run — and insertion order preserved by every scan.
 */
const SETTINGS = "SET threads = 1; SET preserve_insertion_order = true; SET TimeZone = 'UTC';";

/** Opens a DuckDB database with `@duckdb/node-api`. */
export const openDuckdb: DuckOpener = async (path, options = {}) => {
  const config: Record<string, string> = { threads: '1' };
  if (options.readOnly) config['access_mode'] = 'READ_ONLY';
  const instance = await duckdb().DuckDBInstance.create(path, config);
  const connection = await instance.connect();
  const conn = new NodeApiConnection(instance, connection);
  await conn.run(SETTINGS);
  return conn;
};

class NodeApiConnection implements DuckConnection {
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async all(sql: string): Promise<Record<string, PlainValue>[]> {
    const reader = await this.connection.runAndReadAll(sql);
    const names = reader.columnNames();
    return reader.getRows().map((row) => {
      const o: Record<string, PlainValue> = {};
      row.forEach((v, i) => {
        o[names[i] as string] = plainValue(v);
      });
      return o;
    });
  }

  async *stream(sql: string, rows: number): AsyncIterable<Record<string, PlainValue>[]> {
    const result = await this.connection.stream(sql);
    const names = result.columnNames();
    let page: Record<string, PlainValue>[] = [];
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      for (const row of chunk.getRows()) {
        const o: Record<string, PlainValue> = {};
        row.forEach((v, i) => {
          o[names[i] as string] = plainValue(v);
        });
        page.push(o);
      }
      if (page.length >= rows) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }

  async appender(table: string): Promise<DuckAppender> {
    return new NodeApiAppender(await this.connection.createAppender(table));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

class NodeApiAppender implements DuckAppender {
  constructor(private readonly a: DuckDBAppender) {}
  null(): void {
    this.a.appendNull();
  }
  varchar(value: string): void {
    this.a.appendVarchar(value);
  }
  integer(value: number): void {
    this.a.appendInteger(value);
  }
  bigint(value: bigint): void {
    this.a.appendBigInt(value);
  }
  double(value: number): void {
    this.a.appendDouble(value);
  }
  date(days: number): void {
    this.a.appendDate(new (duckdb().DuckDBDateValue)(days));
  }
  endRow(): void {
    this.a.endRow();
  }
  close(): void {
    this.a.flushSync();
    this.a.closeSync();
  }
  discard(): void {
    this.a.clear();
    this.a.closeSync();
  }
}

/**
 * A DuckDB value as SQLite would give it to JS: integers (BIGINT, HUGEINT, DECIMAL) as numbers, DATE
 * as ISO text, booleans as 0/1 (SQLite has no boolean), text as is.
 */
export function plainValue(v: DuckDBValue): PlainValue {
  if (v === null) return null;
  switch (typeof v) {
    case 'string':
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'boolean':
      return v ? 1 : 0;
    default:
      break;
  }
  const lib = duckdb();
  if (v instanceof lib.DuckDBDateValue) return isoFromDays(v.days);
  if (v instanceof lib.DuckDBDecimalValue) return v.toDouble();
  if (v instanceof lib.DuckDBTimestampValue) return v.toString();
  return String(v);
}

/** ISO `YYYY-MM-DD` of a day number (days since 1970-01-01, proleptic Gregorian like DuckDB's DATE). */
export function isoFromDays(days: number): string {
  return isoDate(days);
}

/** Day number of an ISO `YYYY-MM-DD` date, or undefined when the text is not a valid date (1600-01-01 is exact). */
export function daysFromIso(text: string): number | undefined {
  return parseIsoDate(text);
}
