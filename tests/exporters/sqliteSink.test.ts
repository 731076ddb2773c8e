/**
 * The SQLite sink binds only the non-null cells of a row, through one INSERT per set of filled columns found by a
 * hash of that set: whatever the sets (including two whose hashes collide), the stored rows must be those of a
 * plain INSERT binding every cell.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteSink } from '../../src/exporters/sinks/SqliteSink';
import type { Cell, OutputTable, Row } from '../../src/exporters/sinks/Sink';
import { quoteIdent, tableDef } from '../../src/snds';

const TABLE: OutputTable = { name: 'ER_PRS_F', def: tableDef('ER_PRS_F'), indexes: [] };

/** A value fit for column `i` (its SQLite declaration), distinct per row `k`. */
function cell(i: number, k: number): Cell {
  const t = TABLE.def.columns[i]?.sqlType;
  if (t === 'INTEGER') return 1000 * k + i;
  if (t === 'REAL') return k + i / 100;
  return `v${k}-${i}`;
}

/** A row with cells at `filled` only. */
function rowWith(filled: readonly number[], k: number): Row {
  return TABLE.def.columns.map((_, i) => (filled.includes(i) ? cell(i, k) : null));
}

describe('SqliteSink: rows binding only their non-null cells', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'snds-sim-sqlite-sink-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores exactly what binding every cell stores, for mixed null patterns and colliding hashes', async () => {
    const n = TABLE.def.columns.length;
    expect(n).toBeGreaterThan(40);
    // {0, 1} and {32} have the same hash (31 × 1 + 2 = 33 = 32 + 1), and so have {0, 40} and {1, 9}, two sets of the
    // same size (31 × 1 + 41 = 72 = 31 × 2 + 10): the sink must tell them apart.
    const patterns: number[][] = [[0, 1], [32], [], Array.from({ length: n }, (_, i) => i), [0, 5, 17, n - 1], [1, 2], [0, 1], [0, 40], [1, 9]];
    const rows: Row[] = [];
    for (let k = 0; k < 60; k++) rows.push(rowWith(patterns[k % patterns.length] as number[], k));
    const path = join(dir, 'sink.db');
    const sink = new SqliteSink({ path });
    await sink.open([TABLE]);
    await sink.write([[TABLE.name, rows.slice(0, 25)]]);
    await sink.write([[TABLE.name, rows.slice(25)]]);
    await sink.close();

    const ref = new Database(':memory:');
    ref.exec(`CREATE TABLE t (${TABLE.def.columns.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`).join(', ')})`);
    const insert = ref.prepare(`INSERT INTO t VALUES (${TABLE.def.columns.map(() => '?').join(', ')})`);
    for (const r of rows) insert.run(r);
    const expected = ref.prepare('SELECT * FROM t ORDER BY rowid').raw().all();
    ref.close();

    const db = new Database(path, { readonly: true });
    const stored = db.prepare(`SELECT * FROM ${quoteIdent(TABLE.name)} ORDER BY rowid`).raw().all();
    db.close();
    expect(stored).toHaveLength(rows.length);
    expect(stored).toEqual(expected);
    // The colliding patterns kept their own cells.
    expect((stored[0] as Cell[])[32]).toBeNull();
    expect((stored[1] as Cell[])[0]).toBeNull();
    expect((stored[1] as Cell[])[32]).toEqual(cell(32, 1));
    expect([(stored[7] as Cell[])[0], (stored[7] as Cell[])[1], (stored[7] as Cell[])[9], (stored[7] as Cell[])[40]]).toEqual([cell(0, 7), null, null, cell(40, 7)]);
    expect([(stored[8] as Cell[])[0], (stored[8] as Cell[])[1], (stored[8] as Cell[])[9], (stored[8] as Cell[])[40]]).toEqual([null, cell(1, 8), cell(9, 8), null]);
  });
});
