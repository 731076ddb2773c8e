/**
 * Rows to DuckDB data chunks: the column buffers of up to 2 048 rows (DuckDB's vector size), laid out as
 * DuckDB's vectors hold them, so that a chunk reaches DuckDB in one memory copy per column (duckApi's
 * `runWithRows`) instead of one N-API call per cell (the appender's `appendVarchar`…) or a CSV text
 * parsed again by DuckDB. The per-cell work is plain JavaScript writing into typed arrays.
 *
 * Layouts (DuckDB's C API, `duckdb.h`):
 * - DATE and INTEGER: int32; BIGINT: int64; DOUBLE: float64; in the machine's byte order, as typed arrays
 *   write them. The validity bytes below assume a little-endian machine, as are all those the DuckDB
 *   binding ships for (x64, arm64).
 * - VARCHAR: one 16-byte `duckdb_string_t` per row: the length (uint32), then, for a string of at most
 *   12 bytes, its bytes inlined and zero-padded. Longer strings live in the vector's own string heap,
 *   so they are handed over one by one (`long`, assigned after the copy); they are rare in SNDS rows
 *   (codes and identifiers are short).
 * - Validity: bit `i % 64` of the little-endian 64-bit word `i / 64` is set when row `i` is not NULL.
 *
 * Cells are converted by SQLite's conventions, so that every format holds the same values: a number in a VARCHAR
 * column is its decimal text, a numeric string in a number column its value, a date ISO `YYYY-MM-DD` text;
 * anything else is a CellTypeError naming the table and column.
 */
import type { OutputTable, Row } from '../Sink';
import { parseIsoDate } from '../../../events';
import { CellTypeError, duckColumnType, type DuckColumnType } from './duckTypes';

/** Rows per chunk: DuckDB's STANDARD_VECTOR_SIZE (`duckdb_vector_size()`). */
export const CHUNK_ROWS = 2048;

/** Bytes per row in a vector of each type. */
export const TYPE_WIDTH: Readonly<Record<DuckColumnType, number>> = { VARCHAR: 16, DATE: 4, INTEGER: 4, BIGINT: 8, DOUBLE: 8 };

/** Longest string inlined in its `duckdb_string_t`. */
const INLINE_BYTES = 12;

/** One column of a chunk, valid until the encoder makes the next chunk (its buffers are reused). */
export interface ColumnChunk {
  /** The vector's data for the chunk's rows: `size × TYPE_WIDTH[type]` bytes. */
  readonly data: Uint8Array<ArrayBuffer>;
  /** Validity words for the chunk's rows: `ceil(size / 64) × 8` bytes. */
  readonly validity: Uint8Array<ArrayBuffer>;
  /** True when no row has a value: the data need not be copied. */
  readonly allNull: boolean;
  /** VARCHAR cells not inlined in `data` (over 12 bytes, or not ASCII), as [row, text]. */
  readonly long: readonly (readonly [number, string])[];
}

/** A chunk: its number of rows and one ColumnChunk per column of the table, in order. */
export interface RowChunk {
  readonly size: number;
  readonly columns: readonly ColumnChunk[];
}

/** Reusable buffers of one column. */
interface ColumnBuffers {
  readonly type: DuckColumnType;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly validity: Uint8Array<ArrayBuffer>;
  long: [number, string][];
  filled: number;
}

/**
 * Encodes rows of one table as RowChunks. One encoder per table and thread; `chunks` reuses its buffers,
 * so each chunk must be consumed (copied into DuckDB) before the next is asked for.
 */
export class ChunkEncoder {
  readonly types: readonly DuckColumnType[];
  private readonly columns: readonly ColumnBuffers[];
  /** Day numbers of the dates seen: a run has a few thousand distinct dates and millions of cells. */
  private readonly days = new Map<string, number>();

  constructor(private readonly table: OutputTable) {
    this.types = table.def.columns.map(duckColumnType);
    this.columns = this.types.map((type) => {
      const buffer = new ArrayBuffer(CHUNK_ROWS * TYPE_WIDTH[type]);
      return {
        type,
        bytes: new Uint8Array(buffer),
        u32: new Uint32Array(buffer),
        i32: new Int32Array(buffer),
        f64: new Float64Array(buffer),
        validity: new Uint8Array(CHUNK_ROWS / 8),
        long: [],
        filled: 0,
      };
    });
  }

  /** The rows as chunks of at most CHUNK_ROWS rows, in order. Throws CellTypeError on a cell its column cannot hold. */
  *chunks(rows: readonly Row[]): Generator<RowChunk> {
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const size = Math.min(CHUNK_ROWS, rows.length - start);
      this.fill(rows, start, size);
      yield {
        size,
        columns: this.columns.map((c) => ({
          data: c.bytes.subarray(0, size * TYPE_WIDTH[c.type]),
          validity: c.validity.subarray(0, Math.ceil(size / 64) * 8),
          allNull: c.filled === 0,
          long: c.long,
        })),
      };
    }
  }

  private fill(rows: readonly Row[], start: number, size: number): void {
    const cols = this.columns;
    const n = cols.length;
    for (const c of cols) {
      c.validity.fill(0);
      // Inlined strings are zero-padded: clear what the last chunk wrote (most columns of a wide table are empty).
      if (c.type === 'VARCHAR' && c.filled > 0) c.bytes.fill(0);
      c.long = [];
      c.filled = 0;
    }
    for (let i = 0; i < size; i++) {
      const r = rows[start + i] as Row;
      if (r.length !== n) throw new Error(`${this.table.name}: a row has ${r.length} cells, the table ${n} columns`);
      const vByte = i >> 3;
      const vBit = 1 << (i & 7);
      for (let j = 0; j < n; j++) {
        const v = r[j];
        if (v === null || v === undefined) continue;
        const c = cols[j] as ColumnBuffers;
        c.validity[vByte] = (c.validity[vByte] as number) | vBit;
        c.filled += 1;
        switch (c.type) {
          case 'VARCHAR':
            this.varchar(c, i, typeof v === 'string' ? v : String(v));
            break;
          case 'DOUBLE': {
            const x = typeof v === 'number' ? v : Number(v);
            if (!Number.isFinite(x)) throw this.bad(j, v);
            c.f64[i] = x;
            break;
          }
          case 'INTEGER': {
            const x = typeof v === 'number' ? v : Number(v);
            if (!Number.isInteger(x) || Math.abs(x) > 2147483647) throw this.bad(j, v);
            c.i32[i] = x;
            break;
          }
          case 'BIGINT': {
            const x = typeof v === 'number' ? v : Number(v);
            if (!Number.isSafeInteger(x)) throw this.bad(j, v);
            // Two's complement int64 as two int32 words, low first; exact for safe integers.
            const high = Math.floor(x / 4294967296);
            c.i32[2 * i] = (x - high * 4294967296) | 0;
            c.i32[2 * i + 1] = high | 0;
            break;
          }
          case 'DATE': {
            if (typeof v !== 'string') throw this.bad(j, v);
            let d = this.days.get(v);
            if (d === undefined) {
              d = parseIsoDate(v);
              if (d === undefined) throw this.bad(j, v);
              this.days.set(v, d);
            }
            c.i32[i] = d;
            break;
          }
          default:
            throw new Error(`unknown column type ${String(c.type)}`);
        }
      }
    }
  }

  /** Inlines an ASCII string of at most 12 characters in row i's `duckdb_string_t`; any other goes to `long`. */
  private varchar(c: ColumnBuffers, i: number, s: string): void {
    const len = s.length;
    if (len <= INLINE_BYTES) {
      const base = i * 16 + 4;
      let k = 0;
      for (; k < len; k++) {
        const code = s.charCodeAt(k);
        if (code >= 0x80) break;
        c.bytes[base + k] = code;
      }
      if (k === len) {
        c.u32[i * 4] = len;
        return;
      }
      // Not ASCII: its UTF-8 bytes are written by DuckDB; clear what was written here.
      c.bytes.fill(0, base, base + k);
    }
    c.long.push([i, s]);
  }

  private bad(j: number, v: string | number): CellTypeError {
    return new CellTypeError(this.table.name, this.table.def.columns[j]?.name ?? String(j), this.types[j] as DuckColumnType, v);
  }
}
