import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DiskFullError } from '../../errors';
import { quoteIdent } from '../../snds';
import { partialPath, type AppendOptions, type SinkFormat, type SinkOptions, type TableBatch, type TableSink } from './format';
import type { OutputTable, Row } from './Sink';

export { quoteIdent };

/** The subset of a better-sqlite3 statement the sink uses. */
export interface SqliteStatement {
  run(...params: unknown[]): unknown;
  pluck(toggle?: boolean): SqliteStatement;
  all(...params: unknown[]): unknown[];
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

/** An insert statement naming the columns of one set of non-null cells. */
interface MaskedInsert {
  /** Positions of the non-null cells, ascending. */
  readonly indexes: readonly number[];
  /** Cells of the rows it was prepared for (a row matches when it has this width and non-null cells exactly at `indexes`). */
  readonly width: number;
  readonly stmt: SqliteStatement;
}

/** A created table and its insert statements, one per set of non-null columns seen, found by a hash of that set. */
interface TableState {
  readonly table: OutputTable;
  readonly columns: readonly string[];
  readonly byMask: Map<number, MaskedInsert[]>;
}

/** SQLite's word for a full disk, as a DiskFullError (the run names the space needed); other errors as they are. */
function diskFull<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if ((e as { code?: unknown }).code === 'SQLITE_FULL') throw new DiskFullError(path);
    throw e;
  }
}

/** How a SQLite sink finishes. */
interface SqliteSinkMode {
  /** A worker's batch file: no index builds nor statistics at close (the rows are copied, then the file removed). */
  readonly intermediate?: boolean;
}

/**
 * Writes tables into a SQLite file with better-sqlite3. During the run the file is a temporary
 * `<out>.<pid>.partial` with bulk-load settings (no journal, no fsync); rows are inserted in
 * transactions, one per `write` call; indexes are built at `close()`, then the file is renamed.
 * The work is synchronous (better-sqlite3 is); the methods are async to fit the format-neutral interface.
 */
export class SqliteSink implements TableSink {
  private db: SqliteDatabase | undefined;
  private readonly tmpPath: string;
  private readonly tables = new Map<string, TableState>();
  private closed = false;
  private insertMany: ((t: TableState, rows: readonly Row[]) => void) | undefined;

  constructor(
    private readonly options: SinkOptions,
    private readonly openDb: (path: string) => SqliteDatabase = openBetterSqlite,
    private readonly mode: SqliteSinkMode = {},
  ) {
    this.tmpPath = partialPath(options.path);
  }

  /** The open database (opened by `open`). */
  private get conn(): SqliteDatabase {
    if (this.db === undefined) throw new Error(`the SQLite sink of ${this.options.path} is not open`);
    return this.db;
  }

  async open(tables: readonly OutputTable[]): Promise<void> {
    // A file of this very process under the temporary name can only be an earlier sink's leftover.
    if (existsSync(this.tmpPath)) rmSync(this.tmpPath);
    const db = this.openDb(this.tmpPath);
    this.db = db;
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    // Index builds at the end sort in temporary files, not in memory, so memory stays bounded.
    db.pragma('temp_store = FILE');
    db.pragma('cache_size = -65536');
    db.pragma('page_size = 8192');
    this.insertMany = db.transaction((t: TableState, rows: readonly Row[]) => {
      for (const r of rows) this.insertRow(t, r);
    });
    for (const t of tables) this.createTable(t);
  }

  private createTable(table: OutputTable): void {
    if (this.tables.has(table.name)) return;
    const cols = table.def.columns.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`).join(', ');
    this.conn.exec(`CREATE TABLE ${quoteIdent(table.name)} (${cols})`);
    this.tables.set(table.name, { table, columns: table.def.columns.map((c) => c.name), byMask: new Map() });
  }

  /**
   * Inserts a row binding only its non-null cells: SNDS rows are wide and mostly empty, and an
   * INSERT naming only the filled columns (one prepared statement per set of filled columns) binds a
   * fraction of the parameters. The stored row is the same. The set is found by an integer hash of
   * the filled positions, then checked: the same number of filled cells, all at the statement's
   * positions (a text key built per row cost as much as the binding it saved).
   */
  private insertRow(t: TableState, r: Row): void {
    const n = r.length;
    let h = 0;
    let filled = 0;
    for (let i = 0; i < n; i++) {
      if (r[i] === null) continue;
      h = (Math.imul(h, 31) + i + 1) | 0;
      filled += 1;
    }
    let list = t.byMask.get(h);
    let ins: MaskedInsert | undefined;
    if (list !== undefined) {
      for (const c of list) {
        // As many non-null cells as the candidate, all at its positions: the same set (its positions only are read).
        const idx = c.indexes;
        if (c.width !== n || idx.length !== filled) continue;
        let same = true;
        for (let k = 0; k < idx.length && same; k++) same = r[idx[k] as number] !== null;
        if (same) {
          ins = c;
          break;
        }
      }
    }
    if (ins === undefined) {
      ins = this.prepareMasked(t, r);
      if (list === undefined) {
        list = [];
        t.byMask.set(h, list);
      }
      list.push(ins);
    }
    const idx = ins.indexes;
    const values = new Array<unknown>(idx.length);
    for (let k = 0; k < idx.length; k++) values[k] = r[idx[k] as number];
    ins.stmt.run(values);
  }

  /** The INSERT naming the non-null cells of `r`. */
  private prepareMasked(t: TableState, r: Row): MaskedInsert {
    const indexes: number[] = [];
    for (let i = 0; i < r.length; i++) if (r[i] !== null) indexes.push(i);
    const names = indexes.map((i) => quoteIdent(t.columns[i] as string)).join(', ');
    const sql =
      indexes.length === 0
        ? `INSERT INTO ${quoteIdent(t.table.name)} DEFAULT VALUES`
        : `INSERT INTO ${quoteIdent(t.table.name)} (${names}) VALUES (${indexes.map(() => '?').join(', ')})`;
    return { indexes, width: r.length, stmt: this.conn.prepare(sql) };
  }

  private state(table: string): TableState {
    const t = this.tables.get(table);
    if (!t) throw new Error(`table ${table} was not created`);
    return t;
  }

  async write(batch: TableBatch): Promise<void> {
    const insertMany = this.insertMany;
    if (insertMany === undefined) throw new Error(`the SQLite sink of ${this.options.path} is not open`);
    // One transaction per call, as appendPart: the file is the same whichever path wrote a batch.
    diskFull(this.options.path, () =>
      this.conn.transaction(() => {
        for (const [table, rows] of batch) {
          const t = this.state(table);
          if (rows.length > 0) insertMany(t, rows);
        }
      })(),
    );
  }

  async appendPart(part: string, options: AppendOptions = {}): Promise<void> {
    const db = this.conn;
    db.prepare('ATTACH DATABASE ? AS batch').run(part);
    try {
      // Without a list, the part's tables in the order they were created (the order the batch was written).
      const tables =
        options.tables ?? (db.prepare("SELECT name FROM batch.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").pluck().all() as string[]);
      diskFull(this.options.path, () =>
        db.transaction(() => {
          for (const t of tables) {
            this.state(t);
            db.exec(`INSERT INTO main.${quoteIdent(t)} SELECT * FROM batch.${quoteIdent(t)} ORDER BY rowid`);
          }
        })(),
      );
    } finally {
      db.exec('DETACH DATABASE batch');
    }
    if (options.keep !== true) rmSync(part);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const db = this.conn;
    if (this.mode.intermediate !== true) {
      diskFull(this.options.path, () => {
        for (const { table } of this.tables.values()) {
          table.indexes.forEach((ix, k) => {
            const name = quoteIdent(`${table.name}_${ix.unique ? 'UK' : 'IX'}${k + 1}`);
            const cols = ix.columns.map(quoteIdent).join(', ');
            db.exec(`CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${quoteIdent(table.name)} (${cols})`);
          });
        }
        // Statistics for the query planner from about 1 000 rows of each index (SQLite's advice for large databases):
        // the same plans for analysts' joins, in 40 ms instead of a full pass over every index (1 s for 10 000 persons).
        db.pragma('analysis_limit = 1000');
        db.exec('ANALYZE');
      });
    }
    db.close();
    this.closed = true;
    renameSync(this.tmpPath, this.options.path);
  }

  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db?.close();
    } finally {
      if (existsSync(this.tmpPath)) rmSync(this.tmpPath);
    }
  }
}

/**
 * The SQLite format: one file; worker threads write each batch into a SQLite file of its own
 * (no indexes), which the writer copies with `ATTACH` + `INSERT … SELECT`, so the simulation hides
 * behind the writes.
 */
export const sqliteFormat: SinkFormat = {
  name: 'sqlite',
  folder: false,
  // Measured: 4 817.5 MB for 100 121 person-years (bench 100k-1y, --texture realistic), indexes included.
  bytesPerPersonYear: 48_000,
  // Measured on 20 000 persons × 1 year, 2 workers: peak RSS 1.1 GB by batches of 250 persons against 1.5–2.0 GB by
  // 1 000, the wall time the same within the machine's variation (47–57 s for either).
  batchPersonYears: 250,
  // Measured on 2 cores: 2 000 persons × 1 year take 10.3 s with 2 workers and 7.3 s with one; 5 000, 14.2 s and
  // 14.7 s; 20 000, 36.6 s and 41.5 s. Since worlds read only their départements' rows of the largest tables:
  // 10 000 persons, 20.4 s with 2 workers and 22.1 s with one.
  personYearsPerWorker: 10_000,
  create: (options) => new SqliteSink(options),
  async writePart(dir, index, tables, batch) {
    const path = join(dir, `batch-${index}.db`);
    const sink = new SqliteSink({ path }, openBetterSqlite, { intermediate: true });
    try {
      const list = [...batch];
      await sink.open(
        list.map(([name]) => {
          const def = tables.get(name);
          if (!def) throw new Error(`no definition for table ${name}`);
          return def;
        }),
      );
      await sink.write(list);
      await sink.close();
    } catch (e) {
      await sink.abort();
      throw e;
    }
    return path;
  },
};
