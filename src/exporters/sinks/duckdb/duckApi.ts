/**
 * The subset of `@duckdb/node-api` the DuckDB and Parquet outputs use, behind a narrow interface
 * (as for better-sqlite3): the rest of the code never touches the library's classes, and tests can
 * inject a double. Values cross this boundary as plain JS values, and rows as typed arrays (chunks.ts).
 */
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { isoDate } from '../../../events';
import { TYPE_WIDTH, type RowChunk } from './chunks';
import type { DuckColumnType } from './duckTypes';

/**
 * The library, loaded at the first DuckDB or Parquet output or read: its native binding costs about 0.1 s
 * at start-up, which a SQLite run (and each of its worker threads) need not pay.
 */
let library: typeof import('@duckdb/node-api') | undefined;
function duckdb(): typeof import('@duckdb/node-api') {
  return (library ??= require('@duckdb/node-api') as typeof import('@duckdb/node-api'));
}

/**
 * The C API binding under `@duckdb/node-api`, for what the API does not offer: copying a whole column
 * of a data chunk from a buffer (`copy_data_to_vector`), where the API's vectors take values one by one.
 * Resolved from `@duckdb/node-api`'s own folder: the very binding (and native library) the API loaded,
 * whose handles (chunks, vectors) these functions receive, whatever else is installed.
 */
let bindings: typeof import('@duckdb/node-bindings') | undefined;
function capi(): typeof import('@duckdb/node-bindings') {
  if (bindings === undefined) {
    const api = require.resolve('@duckdb/node-api');
    bindings = require(require.resolve('@duckdb/node-bindings', { paths: [dirname(api)] })) as typeof import('@duckdb/node-bindings');
  }
  return bindings;
}

/** A plain cell read back: what SQLite would give for the same value. */
export type PlainValue = string | number | null;

/** Rows of a result as arrays of plain values, in the order of `columns`. */
export interface PlainPage {
  readonly columns: readonly string[];
  readonly rows: PlainValue[][];
}

/** One connection to a DuckDB database (a file, or in memory). */
export interface DuckConnection {
  /** Runs statements, ignoring their results. */
  run(sql: string): Promise<void>;
  /** Rows of a query as plain objects: DATE as ISO `YYYY-MM-DD`, BIGINT/DECIMAL as numbers, booleans as 0/1. */
  all(sql: string): Promise<Record<string, PlainValue>[]>;
  /**
   * Rows of a query as arrays of plain values (as `all` gives them) in the order of `columns`, in pages of about
   * `rows` rows, streamed (DuckDB produces them chunk by chunk, in scan order): memory bounded whatever the result's size.
   */
  stream(sql: string, rows: number): AsyncIterable<PlainPage>;
  /**
   * Runs the statement `sql(relation)`, where `relation` is a SQL table expression whose rows are those of
   * `chunks` (chunks.ts), with the columns `names` of types `types`: `INSERT INTO t SELECT * FROM ${relation}`,
   * `COPY (SELECT * FROM ${relation}) TO …`. DuckDB pulls the chunks one by one, each copied into its vectors
   * before the next is taken. An error thrown by `chunks` (a bad cell) is rethrown as is.
   */
  runWithRows(sql: (relation: string) => string, names: readonly string[], types: readonly DuckColumnType[], chunks: Iterable<RowChunk>): Promise<void>;
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

/** Name of the table function through which rows reach DuckDB (registered per connection). */
const ROWS_FUNCTION = 'snds_sim_rows';

/** Rows handed to runWithRows, read by the table function. */
interface RowsJob {
  readonly names: readonly string[];
  readonly types: readonly DuckColumnType[];
  readonly chunks: Iterator<RowChunk>;
  /** What `chunks` threw, rethrown by runWithRows (DuckDB only keeps its message). */
  error: unknown;
}

class NodeApiConnection implements DuckConnection {
  private closed = false;
  private rowsFunction: true | undefined;
  private nextJob = 0;
  private readonly jobs = new Map<number, RowsJob>();

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

  async *stream(sql: string, rows: number): AsyncIterable<PlainPage> {
    const result = await this.connection.stream(sql);
    const columns = result.columnNames();
    const readers = result.columnTypes().map((t) => columnReader(t.typeId));
    let page: PlainValue[][] = [];
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const first = page.length;
      for (let i = 0; i < n; i++) page.push(new Array<PlainValue>(columns.length));
      readers.forEach((read, j) => {
        if (read !== undefined) {
          read(capi().data_chunk_get_vector(chunk.chunk, j), n, page, first, j);
          return;
        }
        const vector = chunk.getColumnVector(j);
        for (let i = 0; i < n; i++) (page[first + i] as PlainValue[])[j] = plainValue(vector.getItem(i));
      });
      if (page.length >= rows) {
        yield { columns, rows: page };
        page = [];
      }
    }
    if (page.length > 0) yield { columns, rows: page };
  }

  async runWithRows(sql: (relation: string) => string, names: readonly string[], types: readonly DuckColumnType[], chunks: Iterable<RowChunk>): Promise<void> {
    if (names.length !== types.length) throw new Error(`runWithRows: ${names.length} names for ${types.length} types`);
    this.rowsFunction ??= this.registerRowsFunction();
    const id = (this.nextJob += 1);
    const job: RowsJob = { names, types, chunks: chunks[Symbol.iterator](), error: undefined };
    this.jobs.set(id, job);
    try {
      await this.connection.run(sql(`${ROWS_FUNCTION}(${id})`));
    } catch (e) {
      throw job.error ?? e;
    } finally {
      this.jobs.delete(id);
    }
  }

  /**
   * The table function `snds_sim_rows(job)`: its columns are those of the job, its rows the job's chunks, each
   * copied column by column into DuckDB's output vectors (one memory copy per column and chunk).
   */
  private registerRowsFunction(): true {
    const lib = duckdb();
    const c = capi();
    const apiType = { VARCHAR: lib.VARCHAR, DATE: lib.DATE, INTEGER: lib.INTEGER, BIGINT: lib.BIGINT, DOUBLE: lib.DOUBLE } as const;
    const jobOf = (id: unknown): RowsJob => {
      const job = typeof id === 'number' ? this.jobs.get(id) : undefined;
      if (job === undefined) throw new Error(`${ROWS_FUNCTION}: no rows for ${String(id)}`);
      return job;
    };
    const fn = lib.DuckDBTableFunction.create({
      name: ROWS_FUNCTION,
      parameterTypes: [lib.INTEGER],
      bindFunction: (bind) => {
        const job = jobOf(bind.getParameter(0));
        job.names.forEach((name, j) => bind.addResultColumn(name, apiType[job.types[j] as DuckColumnType]));
        bind.setBindData(job);
      },
      initFunction: () => undefined,
      mainFunction: (info, out) => {
        const job = info.bindData as RowsJob;
        let next: IteratorResult<RowChunk>;
        try {
          next = job.chunks.next();
        } catch (e) {
          job.error = e;
          info.setError(e instanceof Error ? e.message : String(e));
          c.data_chunk_set_size(out.chunk, 0);
          return;
        }
        if (next.done === true) {
          c.data_chunk_set_size(out.chunk, 0);
          return;
        }
        const k = next.value;
        k.columns.forEach((col, j) => {
          const vector = c.data_chunk_get_vector(out.chunk, j);
          if (!col.allNull) c.copy_data_to_vector(vector, 0, col.data.buffer, col.data.byteOffset, k.size * TYPE_WIDTH[job.types[j] as DuckColumnType]);
          c.vector_ensure_validity_writable(vector);
          c.copy_data_to_vector_validity(vector, 0, col.validity.buffer, col.validity.byteOffset, col.validity.byteLength);
          for (const [row, text] of col.long) c.vector_assign_string_element(vector, row, text);
        });
        c.data_chunk_set_size(out.chunk, k.size);
      },
    });
    this.connection.registerTableFunction(fn);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * Reads column `j` of a result chunk's `n` rows into `rows[first + i][j]` as plain values (as plainValue gives them),
 * straight from the vector's memory (`duckdb.h` layouts, as chunks.ts writes them): one typed read per cell, instead
 * of a DuckDBValue object per cell converted afterwards.
 */
type ColumnReader = (vector: import('@duckdb/node-bindings').Vector, n: number, rows: PlainValue[][], first: number, j: number) => void;

/** Days → ISO text, shared by every read (a table has a few thousand distinct dates and millions of cells). */
const isoOfDay = new Map<number, string>();

/** Cell `i` of a vector of each column type snds-sim writes, from the vector's data. */
const CELL: Readonly<Record<DuckColumnType, (data: Uint8Array, view: DataView, i: number) => PlainValue>> = {
  INTEGER: (_data, view, i) => view.getInt32(i * 4, true),
  BIGINT: (_data, view, i) => Number(view.getBigInt64(i * 8, true)),
  DOUBLE: (_data, view, i) => view.getFloat64(i * 8, true),
  DATE: (_data, view, i) => {
    const days = view.getInt32(i * 4, true);
    let iso = isoOfDay.get(days);
    if (iso === undefined) isoOfDay.set(days, (iso = isoFromDays(days)));
    return iso;
  },
  VARCHAR: (data, view, i) => varcharAt(data, view, i),
};

/** The column types snds-sim writes by DuckDB type id, made on first use (the ids are the library's). */
let directTypes: ReadonlyMap<number, DuckColumnType> | undefined;

/** The reader of a column of DuckDB type id `typeId` when it is a type snds-sim writes; undefined for the others. */
function columnReader(typeId: number): ColumnReader | undefined {
  const id = duckdb().DuckDBTypeId;
  directTypes ??= new Map<number, DuckColumnType>([
    [id.INTEGER, 'INTEGER'],
    [id.BIGINT, 'BIGINT'],
    [id.DOUBLE, 'DOUBLE'],
    [id.DATE, 'DATE'],
    [id.VARCHAR, 'VARCHAR'],
  ]);
  const type = directTypes.get(typeId);
  if (type === undefined) return undefined;
  const width = TYPE_WIDTH[type];
  const cell = CELL[type];
  return (vector, n, rows, first, j) => {
    const c = capi();
    const data = c.vector_get_data(vector, n * width);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const validity = c.vector_get_validity(vector, Math.ceil(n / 64) * 8) as Uint8Array | null;
    for (let i = 0; i < n; i++) {
      const valid = validity === null || ((validity[i >> 3] as number) & (1 << (i & 7))) !== 0;
      (rows[first + i] as PlainValue[])[j] = valid ? cell(data, view, i) : null;
    }
  };
}

/** The text of row i of a VARCHAR vector: inlined when at most 12 bytes, else in the vector's string heap. */
function varcharAt(data: Uint8Array, view: DataView, i: number): string {
  const len = view.getUint32(i * 16, true);
  if (len <= 12) {
    const at = data.byteOffset + i * 16 + 4;
    let ascii = '';
    for (let k = 0; k < len; k++) {
      const b = data[i * 16 + 4 + k] as number;
      if (b >= 0x80) return utf8.decode(new Uint8Array(data.buffer, at, len));
      ascii += String.fromCharCode(b);
    }
    return ascii;
  }
  return utf8.decode(capi().get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + i * 16 + 8, len));
}

const utf8 = new TextDecoder();

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
