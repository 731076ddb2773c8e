import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../../src/errors';
import { DISCLAIMER_TABLE, disclaimerRows, integerColumn, MANIFEST_TABLE, simTable, textColumn } from '../../src/exporters/manifest';
import { CellTypeError, CHUNK_ROWS, ChunkEncoder, closePartWriter, createTableSql, DUCKDB_FORMAT, duckColumnType, insertRows, openDuckdb, PARQUET_FORMAT, writeRowsAsParquet } from '../../src/exporters/sinks/duckdb';
import { partialPath, type SinkFormat, type TableBatch } from '../../src/exporters/sinks/format';
import { sqliteFormat } from '../../src/exporters/sinks/SqliteSink';
import { sqliteReader } from '../../src/readback/SqliteReader';
import type { OutputTable, Row } from '../../src/exporters/sinks/Sink';
import { isDuckdbFile, isParquetFolder, openDuckdbReader, openDuckReader, openParquetReader } from '../../src/readback/duckdb';
import type { SndsReader } from '../../src/readback/types';
import { convertOutput } from '../../src/run/convert';
import { DCIR_KEYS, tableDef, type ColumnDef } from '../../src/snds';
import { benRows, manifest, mcoRows, MCO_C, PHA, phaRows, PRS, prsRows, BEN, TABLES_USED, tempDir } from './fixtures';

const dir = tempDir();
afterAll(async () => {
  await closePartWriter();
  rmSync(dir, { recursive: true, force: true });
});

/** The whole fixture as one batch. */
function fullBatch(): TableBatch {
  return [
    [PRS.name, prsRows(40)],
    [PHA.name, phaRows(40)],
    [BEN.name, benRows()],
    [MCO_C.name, mcoRows()],
    [DISCLAIMER_TABLE.name, disclaimerRows()],
    [MANIFEST_TABLE.name, manifest()],
  ];
}

async function writeOnce(format: SinkFormat, path: string, batch: TableBatch = fullBatch()): Promise<void> {
  const sink = format.create({ path });
  await sink.open(TABLES_USED);
  await sink.write(batch);
  await sink.close();
}

/**
 * Writes the fixture as a reference write, then three worker parts of ER_PRS_F/ER_PHA_F, with a
 * direct write in between (order: rows 0–9 written, 10–24 part, 25–29 written, 30–39 two parts).
 */
async function writeInParts(format: SinkFormat, path: string, partsDir: string): Promise<void> {
  const tables = new Map<string, OutputTable>(TABLES_USED.map((t) => [t.name, t]));
  const sink = format.create({ path });
  await sink.open(TABLES_USED);
  await sink.write([[BEN.name, benRows()], [MCO_C.name, mcoRows()], [DISCLAIMER_TABLE.name, disclaimerRows()], [PRS.name, prsRows(10)], [PHA.name, phaRows(10)]]);
  mkdirSync(partsDir, { recursive: true });
  const p1 = await format.writePart(partsDir, 1, tables, [[PRS.name, prsRows(15, 10)], [PHA.name, phaRows(15, 10)]]);
  await sink.appendPart(p1);
  await sink.write([[PRS.name, prsRows(5, 25)], [PHA.name, phaRows(5, 25)]]);
  const p2 = await format.writePart(partsDir, 2, tables, [[PRS.name, prsRows(4, 30)], [PHA.name, phaRows(4, 30)]]);
  const p3 = await format.writePart(partsDir, 3, tables, [[PRS.name, prsRows(6, 34)], [PHA.name, phaRows(6, 34)], [BEN.name, []]]);
  await sink.appendPart(p2);
  await sink.appendPart(p3);
  await sink.write([[MANIFEST_TABLE.name, manifest()]]);
  await sink.close();
  expect(existsSync(p1) || existsSync(p2) || existsSync(p3)).toBe(false);
}

/** Every table's rows, in storage order, as plain objects. */
async function contents(r: SndsReader): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of r.tables) out[t] = await r.all(`SELECT * FROM "${t}"`);
  return out;
}

describe('column types', () => {
  test('from the official types, keeping the SQLite choices', () => {
    const col = (t: string, c: string) => tableDef(t).columns.find((x) => x.name === c)!;
    expect(duckColumnType(col('ER_PRS_F', 'EXE_SOI_DTD'))).toBe('DATE');
    expect(duckColumnType(col('T_MCOaaC', 'EXE_SOI_DTD'))).toBe('DATE'); // datetime in the schema, ISO dates in the rows
    expect(duckColumnType(col('ER_PRS_F', 'BSE_REM_MNT'))).toBe('DOUBLE');
    expect(duckColumnType(col('ER_PRS_F', 'DCT_ORD_NUM'))).toBe('INTEGER');
    expect(duckColumnType(col('ER_PHA_F', 'PHA_PRS_C13'))).toBe('BIGINT');
    expect(duckColumnType(col('T_MCOaaC', 'ETA_NUM'))).toBe('VARCHAR'); // FINESS as text
    expect(duckColumnType(col('T_MCOaaC', 'RSA_NUM'))).toBe('VARCHAR');
    expect(duckColumnType(col('T_MCOaaC', 'NAI_RET'))).toBe('INTEGER'); // *_RET numeric
    expect(duckColumnType(col('IR_BEN_R', 'BEN_NAI_ANN'))).toBe('VARCHAR');
    expect(duckColumnType(col('IR_BEN_R', 'BEN_NAI_MOI'))).toBe('VARCHAR'); // a month, typed date in the schema
    expect(duckColumnType(col('T_MCOaaC', 'ENT_DAT'))).toBe('DATE');
  });
});

describe('DuckDB file and Parquet folder', () => {
  const duck = join(dir, 'a.duckdb');
  const pq = join(dir, 'a-parquet');
  const sqlite = join(dir, 'a.db');

  beforeAll(async () => {
    await writeOnce(DUCKDB_FORMAT, duck);
    await writeOnce(PARQUET_FORMAT, `${pq}/`);
    await writeOnce(sqliteFormat, sqlite);
  });

  test('are detected, and nothing is left under .partial', () => {
    expect(isDuckdbFile(duck)).toBe(true);
    expect(isDuckdbFile(sqlite)).toBe(false);
    expect(isParquetFolder(pq)).toBe(true);
    expect(isParquetFolder(duck)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
    expect(readdirSync(pq).sort()).toEqual(
      ['ER_PHA_F.parquet', 'ER_PRS_F.parquet', 'IR_BEN_R.parquet', 'SIM_DISCLAIMER.parquet', 'SIM_RUN_MANIFEST.parquet', 'T_MCO19C.parquet', 'load.sql', 'schema.sql', 'user_synonyms.parquet'].sort(),
    );
  });

  test('read back the same rows as each other and as SQLite (dates ISO, 1600-01-01, NULLs, numbers)', async () => {
    const a = await openDuckdbReader(duck);
    const b = await openParquetReader(pq);
    try {
      expect(a.format).toBe('duckdb');
      expect(b.format).toBe('parquet');
      expect([...a.tables]).toEqual([...b.tables]);
      expect([...a.tables]).toContain('user_synonyms');
      const ca = await contents(a);
      expect(await contents(b)).toEqual(ca);
      expect(a.manifest.get('seed')).toBe('1');
      // Same values as SQLite, table by table, in order.
      const db = new Database(sqlite, { readonly: true });
      try {
        for (const t of TABLES_USED) {
          expect(ca[t.name]).toEqual(db.prepare(`SELECT * FROM "${t.name}"`).all());
        }
      } finally {
        db.close();
      }
      const ben = ca['IR_BEN_R'] as Record<string, unknown>[];
      expect(ben[0]!['BEN_DCD_DTE']).toBe('1600-01-01');
      expect(ben[0]!['BEN_NAI_ANN']).toBe('1950');
      expect(ben[0]!['BEN_DTE_INS']).toBeNull();
      const pha = ca['ER_PHA_F'] as Record<string, unknown>[];
      expect(pha[0]!['PHA_PRS_C13']).toBe(3400930000000); // BIGINT as a JS number
      expect(a.columns('ER_PRS_F')).toEqual(tableDef('ER_PRS_F').columns.map((c) => c.name));
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('pages give every row of a table in storage order, as arrays in the order of the columns, at most n per page', async () => {
    // A SQLite copy with a gap in its rowids (rows deleted), which the pages must step over.
    const gappy = join(dir, 'gappy.db');
    rmSync(gappy, { force: true });
    const w = new Database(gappy);
    w.exec(`ATTACH '${sqlite}' AS s; CREATE TABLE ER_PRS_F AS SELECT * FROM s.ER_PRS_F ORDER BY rowid; DELETE FROM ER_PRS_F WHERE rowid BETWEEN 5 AND 9; CREATE TABLE IR_BEN_R AS SELECT * FROM s.IR_BEN_R WHERE 0; DETACH s`);
    w.close();
    const readers: SndsReader[] = [await openDuckdbReader(duck), await openParquetReader(pq), await sqliteReader.open(sqlite, '<db>'), await sqliteReader.open(gappy, '<db>')];
    try {
      for (const r of readers) {
        const all = await r.all('SELECT * FROM "ER_PRS_F"');
        const expected = r.path === gappy ? (await readers[2]!.all('SELECT * FROM "ER_PRS_F" WHERE rowid NOT BETWEEN 5 AND 9')) : all;
        expect(all).toEqual(expected);
        expect(all.length).toBeGreaterThan(20);
        for (const n of [1, 7, all.length, all.length + 5]) {
          const sizes: number[] = [];
          const rows: Record<string, unknown>[] = [];
          for await (const page of r.pages('ER_PRS_F', n)) {
            expect(page.columns).toEqual(r.columns('ER_PRS_F'));
            sizes.push(page.rows.length);
            for (const row of page.rows) rows.push(Object.fromEntries(page.columns.map((c, i) => [c, row[i]])));
          }
          expect({ path: r.path, n, rows }).toEqual({ path: r.path, n, rows: all });
          expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.max(n, r.format === 'sqlite' ? 0 : CHUNK_ROWS));
          if (r.format === 'sqlite') expect(sizes).toEqual(Array.from({ length: Math.ceil(all.length / n) }, (_, i) => Math.min(n, all.length - i * n)));
        }
      }
      // An empty table gives no page.
      const pages: unknown[] = [];
      for await (const page of (readers[3] as SndsReader).pages('IR_BEN_R', 10)) pages.push(page);
      expect(pages).toEqual([]);
    } finally {
      for (const r of readers) await r.close();
    }
  });

  test('the same SQL gives the same answers on SQLite, DuckDB and Parquet', async () => {
    const sql =
      "SELECT PRS_NAT_REF, COUNT(*) AS n, SUM(BSE_REM_BSE) AS base, MIN(EXE_SOI_DTD) AS first FROM ER_PRS_F WHERE EXE_SOI_DTD >= '2019-01-01' AND DPN_QLF <> 71 GROUP BY PRS_NAT_REF ORDER BY PRS_NAT_REF";
    const db = new Database(sqlite, { readonly: true });
    const expected = db.prepare(sql).all();
    db.close();
    for (const r of [await openDuckdbReader(duck), await openParquetReader(pq)]) {
      const got = (await r.all(sql)) as Record<string, unknown>[];
      expect(got.map((x) => ({ ...x, base: Math.round((x['base'] as number) * 100) }))).toEqual(
        (expected as Record<string, unknown>[]).map((x) => ({ ...x, base: Math.round((x['base'] as number) * 100) })),
      );
      await r.close();
    }
  });

  test('user_synonyms gives sndsTools the first simulated year', async () => {
    for (const r of [await openDuckReader(duck), await openDuckReader(pq)]) {
      // What get_first_non_archived_year() computes: the largest archived year + 1.
      const row = await r.get("SELECT MAX(CAST(REPLACE(synonym_name, 'ER_PRS_F_', '') AS INTEGER)) + 1 AS y FROM user_synonyms WHERE synonym_name LIKE 'ER_PRS_F_%'");
      expect(row).toEqual({ y: 2019 });
      await r.close();
    }
  });

  test('IMPORT DATABASE loads the Parquet folder, and sndsTools-style SQL runs on it', async () => {
    const schema = readFileSync(join(pq, 'schema.sql'), 'utf8');
    expect(schema).toContain('CREATE TABLE ER_PRS_F(');
    expect(schema).toMatch(/EXE_SOI_DTD DATE/);
    expect(schema).toMatch(/BSE_REM_MNT DOUBLE/);
    const load = readFileSync(join(pq, 'load.sql'), 'utf8');
    expect(load).toContain("COPY ER_PRS_F FROM 'ER_PRS_F.parquet' (FORMAT 'parquet');");
    expect(load).toContain("COPY T_MCO19C FROM 'T_MCO19C.parquet' (FORMAT 'parquet');");
    expect(load).not.toContain(dir); // relative paths only
    const conn = await openDuckdb(':memory:');
    try {
      await conn.run(`IMPORT DATABASE '${pq}'`);
      const joined = await conn.all(`
        SELECT COUNT(*) AS lines, SUM(pha.PHA_ACT_QSN) AS boxes
        FROM ER_PRS_F prs
        INNER JOIN ER_PHA_F pha ON ${DCIR_KEYS.map((k) => `prs.${k} = pha.${k}`).join(' AND ')}
        WHERE prs.EXE_SOI_DTD >= DATE '2019-01-01' AND prs.EXE_SOI_DTD <= DATE '2019-12-31'
          AND prs.DPN_QLF != 71 AND prs.FLX_DIS_DTD >= DATE '2019-01-01'`);
      // Pharmacy claims i % 3 == 0 of 0..39, minus the information-only ones (i % 5 == 0): 14 − 3 = 11.
      const expected = phaRows(40).filter((_, k) => (k * 3) % 5 !== 0);
      expect(joined).toEqual([{ lines: expected.length, boxes: expected.reduce((s, r) => s + (r[tableDef('ER_PHA_F').columns.findIndex((c) => c.name === 'PHA_ACT_QSN')] as number), 0) }]);
      const dead = await conn.all("SELECT COUNT(*) AS n FROM IR_BEN_R WHERE BEN_DCD_DTE > DATE '1600-01-01'");
      expect(dead).toEqual([{ n: 1 }]);
      const types = await conn.all("SELECT data_type AS t FROM information_schema.columns WHERE table_name = 'ER_PRS_F' AND column_name = 'EXE_SOI_DTD'");
      expect(types).toEqual([{ t: 'DATE' }]);
    } finally {
      conn.close();
    }
  });

  test('convert: DuckDB → Parquet → SQLite-shaped contents are unchanged', async () => {
    const a = await openDuckdbReader(duck);
    const outPq = join(dir, 'converted-parquet');
    const outDuck = join(dir, 'converted.duckdb');
    try {
      const s1 = await convertOutput(a, outPq, PARQUET_FORMAT);
      expect(s1.rows['ER_PRS_F']).toBe(40);
      const b = await openParquetReader(outPq);
      await convertOutput(b, outDuck, DUCKDB_FORMAT);
      const c = await openDuckdbReader(outDuck);
      expect(await contents(b)).toEqual(await contents(a));
      expect(await contents(c)).toEqual(await contents(a));
      await b.close();
      await c.close();
    } finally {
      await a.close();
    }
  });
});

describe('parts', () => {
  for (const format of [DUCKDB_FORMAT, PARQUET_FORMAT]) {
    test(`${format.name}: several parts give the same contents as one write`, async () => {
      const one = join(dir, `one-${format.name}`);
      const many = join(dir, `many-${format.name}`);
      await writeOnce(format, one);
      await writeInParts(format, many, join(dir, `parts-${format.name}`));
      const a = await openDuckReader(one);
      const b = await openDuckReader(many);
      expect(await contents(b)).toEqual(await contents(a));
      await a.close();
      await b.close();
    });
  }

  for (const format of [DUCKDB_FORMAT, PARQUET_FORMAT]) {
    test(`${format.name}: complete outputs appended as parts (merge) are kept, and only the tables asked for are taken`, async () => {
      const a = join(dir, `shard-a-${format.name}`);
      const b = join(dir, `shard-b-${format.name}`);
      const merged = join(dir, `merged-${format.name}`);
      await writeOnce(format, a);
      await writeOnce(format, b);
      const sink = format.create({ path: merged });
      await sink.open(TABLES_USED);
      await sink.appendPart(a, { keep: true, tables: TABLES_USED.map((t) => t.name).filter((t) => t !== MANIFEST_TABLE.name) });
      await sink.appendPart(b, { keep: true, tables: [PRS.name, PHA.name] });
      await sink.write([[MANIFEST_TABLE.name, manifest()]]);
      await sink.close();
      expect(existsSync(a) && existsSync(b)).toBe(true);
      const r = await openDuckReader(merged);
      try {
        expect(Number((await r.get<{ n: number }>('SELECT COUNT(*) AS n FROM ER_PRS_F'))?.n)).toBe(80);
        expect(Number((await r.get<{ n: number }>('SELECT COUNT(*) AS n FROM IR_BEN_R'))?.n)).toBe(benRows().length);
        expect(Number((await r.get<{ n: number }>('SELECT COUNT(*) AS n FROM user_synonyms'))?.n)).toBeGreaterThan(0);
        expect(Number((await r.get<{ n: number }>('SELECT COUNT(*) AS n FROM (SELECT DISTINCT * FROM user_synonyms)'))?.n)).toBe(
          Number((await r.get<{ n: number }>('SELECT COUNT(*) AS n FROM user_synonyms'))?.n),
        );
      } finally {
        await r.close();
      }
    });
  }

  test('parquet: numbered part files read together by IMPORT DATABASE, byte-identical for the same calls', async () => {
    const x = join(dir, 'bytes-x');
    const y = join(dir, 'bytes-y');
    await writeInParts(PARQUET_FORMAT, x, join(dir, 'parts-x'));
    await writeInParts(PARQUET_FORMAT, y, join(dir, 'parts-y'));
    const files = readdirSync(x).sort();
    expect(files).toEqual(readdirSync(y).sort());
    expect(files).toContain('ER_PRS_F-000001.parquet');
    expect(files).toContain('ER_PRS_F-000005.parquet');
    expect(files).toContain('IR_BEN_R.parquet');
    for (const f of files) expect(readFileSync(join(x, f)).equals(readFileSync(join(y, f)))).toBe(true);
    expect(readFileSync(join(x, 'load.sql'), 'utf8')).toContain("COPY ER_PRS_F FROM 'ER_PRS_F-*.parquet' (FORMAT 'parquet');");
    const conn = await openDuckdb(':memory:');
    try {
      await conn.run(`IMPORT DATABASE '${x}'`);
      const rows = await conn.all('SELECT DCT_ORD_NUM AS d FROM ER_PRS_F');
      expect(rows.map((r) => r['d'])).toEqual(Array.from({ length: 40 }, (_, i) => 100000000 + i));
    } finally {
      conn.close();
    }
  });
});

describe('refusals', () => {
  test('an unfinished or damaged Parquet folder is refused with an InputError', async () => {
    const good = join(dir, 'r-good');
    await writeOnce(PARQUET_FORMAT, good);
    const partial = join(dir, 'r-bad.partial');
    await writeOnce(PARQUET_FORMAT, partial);
    await expect(openParquetReader(partial)).rejects.toThrow(InputError);
    await expect(openParquetReader(partial)).rejects.toThrow(/unfinished/);
    const truncated = join(dir, 'r-truncated');
    await writeOnce(PARQUET_FORMAT, truncated);
    truncateSync(join(truncated, 'ER_PRS_F.parquet'), 100);
    await expect(openParquetReader(truncated)).rejects.toThrow(/not a complete Parquet file/);
    const missing = join(dir, 'r-missing');
    await writeOnce(PARQUET_FORMAT, missing);
    rmSync(join(missing, 'ER_PHA_F.parquet'));
    await expect(openParquetReader(missing)).rejects.toThrow(/ER_PHA_F.parquet is missing/);
    rmSync(join(missing, 'load.sql'));
    await expect(openParquetReader(missing)).rejects.toThrow(InputError);
    await expect(openParquetReader(join(dir, 'nowhere'))).rejects.toThrow(InputError);
  });

  test('a Parquet output goes into a new or empty folder, or replaces a Parquet output, never a folder of other files', async () => {
    const empty = join(dir, 'empty-folder');
    mkdirSync(empty);
    await writeOnce(PARQUET_FORMAT, empty);
    expect(isParquetFolder(empty)).toBe(true);
    // An earlier Parquet output may be replaced (the CLI asks for --overwrite); a folder of other files never.
    const other = join(dir, 'other-folder');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'keep me');
    const sink = PARQUET_FORMAT.create({ path: other });
    await expect(sink.open(TABLES_USED)).rejects.toThrow(InputError);
    await sink.abort();
    expect(readdirSync(dir).filter((f) => f.startsWith('other-folder.'))).toEqual([]);
    expect(readFileSync(join(other, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  test('an aborted sink leaves nothing', async () => {
    for (const format of [DUCKDB_FORMAT, PARQUET_FORMAT]) {
      const path = join(dir, `aborted-${format.name}`);
      const sink = format.create({ path });
      await sink.open(TABLES_USED);
      await sink.write(fullBatch());
      // What DuckDB spills past the writer's memory limit (a large run) is in `<file>.tmp/`: removed too.
      const spill = `${partialPath(path)}.tmp`;
      if (format === DUCKDB_FORMAT) {
        mkdirSync(spill, { recursive: true });
        writeFileSync(join(spill, 'duckdb_temp_block-4611686018427388032.block'), 'spilled');
      }
      await sink.abort();
      await sink.abort();
      expect(readdirSync(dir).filter((f) => f.startsWith(`aborted-${format.name}`))).toEqual([]);
    }
  });

  test('a truncated, foreign or half-written DuckDB file is refused with an InputError', async () => {
    const path = join(dir, 'r.duckdb');
    await writeOnce(DUCKDB_FORMAT, path);
    const foreign = join(dir, 'foreign.duckdb');
    writeFileSync(foreign, 'SQLite format 3\0 and more bytes');
    await expect(openDuckdbReader(foreign)).rejects.toThrow(/not a DuckDB database/);
    await expect(openDuckdbReader(`${path}.partial`)).rejects.toThrow(/unfinished/);
    writeFileSync(`${path}.wal`, 'x');
    await expect(openDuckdbReader(path)).rejects.toThrow(/write-ahead log/);
    rmSync(`${path}.wal`);
    truncateSync(path, 20000);
    await expect(openDuckdbReader(path)).rejects.toThrow(InputError);
  });
});

describe('rows as data chunks (ChunkEncoder, writeRowsAsParquet, insertRows)', () => {
  type Kind = 'text' | 'int' | 'bigint' | 'real' | 'date';
  const column = (kind: Kind, j: number): ColumnDef => {
    if (kind === 'text') return textColumn(`C${j}`, '');
    if (kind === 'int') return { ...integerColumn(`C${j}`, ''), length: '9' };
    const base = textColumn(`C${j}`, '');
    if (kind === 'bigint') return { ...base, type: 'integer', sqlType: 'INTEGER', length: '15' };
    if (kind === 'real') return { ...base, type: 'number', sqlType: 'REAL' };
    return { ...base, type: 'date', format: 'default' };
  };
  const table = (name: string, kinds: readonly Kind[]): OutputTable => ({ name, def: simTable(name, 'test', kinds.map(column), []), indexes: [] });
  const KINDS = table('KINDS', ['text', 'int', 'bigint', 'real', 'date']);
  /** Rows of every type over three chunks: short, 12-, 13-byte and accented strings, extreme numbers, NULLs. */
  const kindRows = (): Row[] =>
    Array.from({ length: 2 * CHUNK_ROWS + 5 }, (_, i) => [
      i % 7 === 0 ? null : ['', 'a', 'ABCDEFGHIJKL', 'ABCDEFGHIJKLM', 'é', 'Émile Zola, né à Paris'][i % 6] ?? null,
      i % 5 === 0 ? null : i % 2 === 0 ? 2147483647 - i : -2147483648 + i,
      i % 3 === 0 ? null : [0, -1, 4294967296, -4294967297, 9007199254740991, -9007199254740991][i % 6] ?? null,
      i % 4 === 0 ? null : [0.1, -2.5e-300, 1e300, 1234.56][i % 4] ?? null,
      i % 9 === 0 ? null : ['1600-01-01', '2019-12-31', '1970-01-01', '2000-02-29'][i % 4] ?? null,
    ]);

  async function roundTrip(t: OutputTable, written: readonly Row[]): Promise<void> {
    const conn = await openDuckdb(':memory:');
    const file = join(dir, `chunks-${t.name}.parquet`);
    try {
      await writeRowsAsParquet(conn, t, written, file);
      await conn.run(createTableSql(t));
      await insertRows(conn, t, written);
      const names = t.def.columns.map((c) => c.name);
      for (const from of [`read_parquet('${file}')`, t.name]) {
        const back = await conn.all(`SELECT * FROM ${from}`);
        expect(back.map((r) => names.map((n) => r[n] ?? null))).toEqual(written.map((r) => [...r]));
        // Streamed pages read the vectors' memory directly: the same values.
        const streamed: unknown[] = [];
        for await (const page of conn.stream(`SELECT * FROM ${from}`, 1000)) {
          expect(page.columns).toEqual(names);
          streamed.push(...page.rows);
        }
        expect(streamed).toEqual(written.map((r) => [...r]));
      }
      // Every column keeps its declared type, filled or not.
      const types = await conn.all(`SELECT column_type AS t FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`);
      expect(types.map((r) => r.t)).toEqual(t.def.columns.map((c) => duckColumnType(c)));
    } finally {
      conn.close();
    }
  }

  test.each([
    ['ER_PRS_F rows (a few of its 123 columns filled)', PRS, () => prsRows(300)],
    ['every type, over three chunks, with long, accented and 12-byte strings', KINDS, kindRows],
    ['rows of NULL only', table('ALL_NULL', ['text', 'int', 'date']), () => [[null, null, null], [null, null, null]]],
    ['one filled column and NULL rows', table('ONE', ['int', 'text', 'int']), () => [[null, null, 3], [null, null, null], [null, null, -1]]],
    ['quotes, commas, new lines and empty strings in a text column', table('QUOTES', ['text', 'text']), () => [['a"b', ''], [null, '""'], ['', null], ['x,y\nz', "l'a"]]],
    ['no row', table('EMPTY', ['text', 'int']), () => []],
  ])('%s come back as written, from Parquet and from a table', async (_what, t, rows) => {
    await roundTrip(t, rows());
  });

  test('streamed columns of the other types (aggregates) come back as `all` gives them', async () => {
    const conn = await openDuckdb(':memory:');
    try {
      const sql = "SELECT 3::HUGEINT AS h, true AS b, 1.5::DECIMAL(4, 1) AS d, 7::SMALLINT AS s, NULL::BOOLEAN AS nb, DATE '1969-12-31' AS dt";
      const pages: unknown[] = [];
      for await (const page of conn.stream(sql, 10)) pages.push(page);
      expect(pages).toEqual([{ columns: ['h', 'b', 'd', 's', 'nb', 'dt'], rows: [[3, 1, 1.5, 7, null, '1969-12-31']] }]);
      expect(await conn.all(sql)).toEqual([{ h: 3, b: 1, d: 1.5, s: 7, nb: null, dt: '1969-12-31' }]);
    } finally {
      conn.close();
    }
  });

  test('numbers in text columns are their decimal text, numeric text in number columns its value (as SQLite)', async () => {
    const t = table('CONV', ['text', 'int', 'real']);
    const conn = await openDuckdb(':memory:');
    try {
      await conn.run(createTableSql(t));
      await insertRows(conn, t, [[12.5, '7', '0.25']]);
      expect(await conn.all('SELECT * FROM CONV')).toEqual([{ C0: '12.5', C1: 7, C2: 0.25 }]);
    } finally {
      conn.close();
    }
  });

  test.each([
    ['an integer out of INTEGER', ['int'] as Kind[], [2147483648], /T\.C0: 2147483648 is not a valid INTEGER value/],
    ['a fraction in an integer column', ['int'] as Kind[], [1.5], /T\.C0: 1\.5 is not a valid INTEGER value/],
    ['an unsafe BIGINT', ['bigint'] as Kind[], [2 ** 53], /T\.C0: 9007199254740992 is not a valid BIGINT value/],
    ['a date that does not exist', ['date'] as Kind[], ['2019-02-30'], /T\.C0: "2019-02-30" is not a valid DATE value/],
    ['a number in a date column', ['date'] as Kind[], [20190101], /T\.C0: 20190101 is not a valid DATE value/],
    ['text in a DOUBLE column', ['real'] as Kind[], ['abc'], /T\.C0: "abc" is not a valid DOUBLE value/],
  ])('%s is a CellTypeError naming the table and column, and nothing is written', async (_what, kinds, cells, message) => {
    const t = table('T', kinds);
    // The bad cell in the second chunk: the first was already handed to DuckDB.
    const rows: Row[] = [...Array.from({ length: CHUNK_ROWS }, () => kinds.map(() => null)), cells];
    const conn = await openDuckdb(':memory:');
    const file = join(dir, 'bad-cell.parquet');
    try {
      await conn.run(createTableSql(t));
      const inserted = insertRows(conn, t, rows);
      await expect(inserted).rejects.toThrow(CellTypeError);
      await expect(insertRows(conn, t, rows)).rejects.toThrow(message);
      expect(await conn.all('SELECT count(*) AS n FROM T')).toEqual([{ n: 0 }]);
      await expect(writeRowsAsParquet(conn, t, rows, file)).rejects.toThrow(message);
    } finally {
      conn.close();
      rmSync(file, { force: true });
    }
  });

  test('a row of the wrong length is refused', () => {
    const t = table('T', ['text', 'int', 'text', 'int']);
    expect(() => [...new ChunkEncoder(t).chunks([[null, 1]])]).toThrow(/T: a row has 2 cells, the table 4 columns/);
  });

  test('chunk layout: inlined ASCII strings of at most 12 bytes, the others assigned by DuckDB; validity bits', () => {
    const t = table('T', ['text', 'date']);
    const [chunk] = [...new ChunkEncoder(t).chunks([['ABCDEFGHIJKL', '1970-01-02'], [null, null], ['ABCDEFGHIJKLM', '1969-12-31'], ['é', null]])];
    const text = chunk?.columns[0];
    const date = chunk?.columns[1];
    expect(chunk?.size).toBe(4);
    expect(new DataView(text?.data.buffer as ArrayBuffer).getUint32(0, true)).toBe(12);
    expect(Buffer.from(text?.data.subarray(4, 16) ?? []).toString('latin1')).toBe('ABCDEFGHIJKL');
    expect(text?.long).toEqual([[2, 'ABCDEFGHIJKLM'], [3, 'é']]);
    expect([...(text?.validity.subarray(0, 1) ?? [])]).toEqual([0b1101]);
    expect([...new Int32Array(date?.data.buffer as ArrayBuffer, 0, 3)]).toEqual([1, 0, -1]);
    expect([...(date?.validity.subarray(0, 1) ?? [])]).toEqual([0b0101]);
  });
});
