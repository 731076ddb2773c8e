import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { OutputTable, Row, SinkOptions, TableSink } from './Sink';

/** The subset of a better-sqlite3 statement the sink uses. */
export interface SqliteStatement {
  run(...params: unknown[]): unknown;
}

/** The subset of a better-sqlite3 database the sink uses (narrow, so tests can inject a double). */
export interface SqliteDatabase {
  exec(sql: string): unknown;
  prepare(sql: string): SqliteStatement;
  pragma(sql: string): unknown;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): unknown;
}

/** Opens a better-sqlite3 database. */
export function openBetterSqlite(path: string): SqliteDatabase {
  return new Database(path) as unknown as SqliteDatabase;
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Writes tables into a SQLite file with better-sqlite3. During the run the file is a temporary
 * `<out>.partial` with bulk-load settings (no journal, no fsync); rows are inserted in
 * transactions, one per `write` call; indexes are built at `close()`, then the file is renamed.
 */
export class SqliteSink implements TableSink {
  private readonly db: SqliteDatabase;
  private readonly tmpPath: string;
  private readonly tables = new Map<string, { table: OutputTable; insert: SqliteStatement }>();
  private closed = false;
  private readonly insertMany: (stmt: SqliteStatement, rows: readonly Row[]) => void;

  constructor(
    private readonly options: SinkOptions,
    open: (path: string) => SqliteDatabase = openBetterSqlite,
  ) {
    this.tmpPath = `${options.path}.partial`;
    if (existsSync(this.tmpPath)) rmSync(this.tmpPath);
    this.db = open(this.tmpPath);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('locking_mode = EXCLUSIVE');
    // Index builds at the end sort in temporary files, not in memory, so memory stays bounded.
    this.db.pragma('temp_store = FILE');
    this.db.pragma('cache_size = -65536');
    this.db.pragma('page_size = 8192');
    this.insertMany = this.db.transaction((stmt: SqliteStatement, rows: readonly Row[]) => {
      for (const r of rows) stmt.run(r);
    });
  }

  createTable(table: OutputTable): void {
    if (this.tables.has(table.name)) return;
    const cols = table.def.columns.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`).join(', ');
    this.db.exec(`CREATE TABLE ${quoteIdent(table.name)} (${cols})`);
    const params = table.def.columns.map(() => '?').join(', ');
    const insert = this.db.prepare(`INSERT INTO ${quoteIdent(table.name)} VALUES (${params})`);
    this.tables.set(table.name, { table, insert });
  }

  write(table: string, rows: readonly Row[]): void {
    const t = this.tables.get(table);
    if (!t) throw new Error(`table ${table} was not created`);
    if (rows.length > 0) this.insertMany(t.insert, rows);
  }

  close(): void {
    if (this.closed) return;
    for (const { table } of this.tables.values()) {
      table.indexes.forEach((ix, k) => {
        const name = quoteIdent(`${table.name}_${ix.unique ? 'UK' : 'IX'}${k + 1}`);
        const cols = ix.columns.map(quoteIdent).join(', ');
        this.db.exec(`CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${quoteIdent(table.name)} (${cols})`);
      });
    }
    this.db.exec('ANALYZE');
    this.db.close();
    this.closed = true;
    renameSync(this.tmpPath, this.options.path);
  }

  abort(): void {
    if (!this.closed) {
      this.closed = true;
      try {
        this.db.close();
      } finally {
        if (existsSync(this.tmpPath)) rmSync(this.tmpPath);
      }
    }
  }
}
