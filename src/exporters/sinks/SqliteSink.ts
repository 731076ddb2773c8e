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

/** A created table and its insert statements, one per set of non-null columns seen. */
interface TableState {
  readonly table: OutputTable;
  readonly columns: readonly string[];
  readonly byMask: Map<string, { readonly indexes: readonly number[]; readonly stmt: SqliteStatement }>;
}

import { quoteIdent } from '../../snds';

export { quoteIdent };

/**
 * Writes tables into a SQLite file with better-sqlite3. During the run the file is a temporary
 * `<out>.partial` with bulk-load settings (no journal, no fsync); rows are inserted in
 * transactions, one per `write` call; indexes are built at `close()`, then the file is renamed.
 */
export class SqliteSink implements TableSink {
  private readonly db: SqliteDatabase;
  private readonly tmpPath: string;
  private readonly tables = new Map<string, TableState>();
  private closed = false;
  private readonly insertMany: (t: TableState, rows: readonly Row[]) => void;

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
    this.insertMany = this.db.transaction((t: TableState, rows: readonly Row[]) => {
      for (const r of rows) this.insertRow(t, r);
    });
  }

  createTable(table: OutputTable): void {
    if (this.tables.has(table.name)) return;
    const cols = table.def.columns.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`).join(', ');
    this.db.exec(`CREATE TABLE ${quoteIdent(table.name)} (${cols})`);
    this.tables.set(table.name, { table, columns: table.def.columns.map((c) => c.name), byMask: new Map() });
  }

  /**
   * Inserts a row binding only its non-null cells: SNDS rows are wide and mostly empty, and an
   * INSERT naming only the filled columns (one prepared statement per set of filled columns) binds a
   * fraction of the parameters. The stored row is the same.
   */
  private insertRow(t: TableState, r: Row): void {
    let mask = '';
    for (let i = 0; i < r.length; i++) mask += r[i] === null ? '0' : '1';
    let ins = t.byMask.get(mask);
    if (!ins) {
      const indexes: number[] = [];
      for (let i = 0; i < r.length; i++) if (r[i] !== null) indexes.push(i);
      const names = indexes.map((i) => quoteIdent(t.columns[i] as string)).join(', ');
      const sql =
        indexes.length === 0
          ? `INSERT INTO ${quoteIdent(t.table.name)} DEFAULT VALUES`
          : `INSERT INTO ${quoteIdent(t.table.name)} (${names}) VALUES (${indexes.map(() => '?').join(', ')})`;
      ins = { indexes, stmt: this.db.prepare(sql) };
      t.byMask.set(mask, ins);
    }
    const idx = ins.indexes;
    const values = new Array<unknown>(idx.length);
    for (let k = 0; k < idx.length; k++) values[k] = r[idx[k] as number];
    ins.stmt.run(values);
  }

  write(table: string, rows: readonly Row[]): void {
    const t = this.tables.get(table);
    if (!t) throw new Error(`table ${table} was not created`);
    if (rows.length > 0) this.insertMany(t, rows);
  }

  writeAll(rows: Iterable<readonly [string, readonly Row[]]>): void {
    // One transaction per call, as appendDatabase: the file is the same whichever path wrote a batch.
    this.db.transaction(() => {
      for (const [table, list] of rows) this.write(table, list);
    })();
  }

  appendDatabase(path: string, tables: readonly string[]): void {
    this.db.prepare('ATTACH DATABASE ? AS batch').run(path);
    try {
      this.db.transaction(() => {
        for (const t of tables) {
          if (!this.tables.has(t)) throw new Error(`table ${t} was not created`);
          this.db.exec(`INSERT INTO main.${quoteIdent(t)} SELECT * FROM batch.${quoteIdent(t)} ORDER BY rowid`);
        }
      })();
    } finally {
      this.db.exec('DETACH DATABASE batch');
    }
  }

  close(): void {
    if (this.closed) return;
    if (this.options.intermediate) {
      this.db.close();
      this.closed = true;
      renameSync(this.tmpPath, this.options.path);
      return;
    }
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
