/**
 * The reader of data/'s CSV tables gives exactly csv-parse's records (`columns: true,
 * skip_empty_lines: true`), on the shipped tables and on the edge cases, and csv-parse's own error on
 * a malformed table; likewise the reader of the SNDS nomenclatures.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { parseCsvColumns, parseCsvRecords } from '../../src/data/csv';
import { DataRegistry, readDataTable } from '../../src/data';
import { DataError } from '../../src/errors';
import { findNomenclatureFile, parseDelimited, readNomenclature, splitPlain } from '../../src/snds/nomenclature';
import { SHIPPED_NOMENCLATURES } from '../../src/exporters/snds/mappers/nomenclatures';
import { dataPath } from '../../src/util/paths';
import { tempDir } from '../helpers/simulate';

const reference = (text: string): Record<string, string>[] => parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

/** The records as JSON: keys in order, so the comparison also sees the column order (and is fast on large tables). */
const json = (rows: Record<string, string>[]): string => JSON.stringify(rows);

describe('parseCsvRecords', () => {
  // Every uncompressed table, and a compressed one with quoted fields (doubled quotes, commas in quotes).
  const tables = [...readdirSync(dataPath('.')).filter((f) => f.endsWith('.csv')), 'drugs.csv.gz'];

  test.each(tables)('reads data/%s as csv-parse does', (name) => {
    const raw = readFileSync(dataPath(name));
    const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    const rows = parseCsvRecords(text);
    expect(rows.length).toBeGreaterThan(0);
    expect(json(rows)).toBe(json(reference(text)));
  });

  test('the quoted tables are among them', () => {
    const text = gunzipSync(readFileSync(dataPath('drugs.csv.gz'))).toString('utf8');
    expect(text).toContain('""');
    expect(parseCsvRecords(text).some((r) => Object.values(r).some((v) => v.includes('"')))).toBe(true);
  });

  test.each([
    ['plain', 'a,b\n1,2'],
    ['empty lines anywhere', '\n\na,b\n1,2\n\n3,4\n\n'],
    ['doubled quotes', 'a,b\n"x ""q""",2\n'],
    ['a line break and a comma in quotes', 'a,b\n"multi\nline, two",2\n'],
    ['empty fields, quoted or not', 'a,b,c\n,"",\n1,"2",'],
    ['spaces kept', 'a,b\n 1 , 2 \n'],
    ['CRLF line ends', 'a,b\r\n1,2\r\n'],
    ['a byte order mark', '\ufeffa,b\n1,2\n'],
    ['a header name twice', 'a,a\n1,2\n'],
    ['one column', 'atc\nC\n\nA10\n'],
    ['one column with a quoted empty line', 'atc\nC\n""\nA10\n'],
    ['a header alone', 'a,b'],
    ['nothing', ''],
  ])('gives csv-parse records for %s', (_what, text) => {
    expect(json(parseCsvRecords(text))).toBe(json(reference(text)));
  });

  test.each([
    ['a record of the wrong length', 'a,b\n1,2,3\n', 'CSV_RECORD_INCONSISTENT_COLUMNS'],
    ['a quote inside an unquoted field', 'a,b\nx"y,2\n', 'INVALID_OPENING_QUOTE'],
    ['text after a closing quote', 'a,b\n"x"y,2\n', 'CSV_INVALID_CLOSING_QUOTE'],
    ['an unclosed quote', 'a,b\n"x,2\n', 'CSV_QUOTE_NOT_CLOSED'],
  ])('throws csv-parse error for %s', (_what, text, code) => {
    expect(() => reference(text)).toThrow(expect.objectContaining({ code }));
    expect(() => parseCsvRecords(text)).toThrow(expect.objectContaining({ code }));
  });

  test('a malformed table of a tables folder fails with csv-parse message naming the line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mortality.csv'), 'year,sex,age,q\n2019,1,0,0.003\n2019,1,"1,0.0002\n');
    expect(() => readDataTable('mortality.csv', dir)).toThrow(/Quote Not Closed/);
  });
});

describe('parseCsvRecords with a filter', () => {
  const keepIn = (column: string, values: string[]): { column: string; keep: (v: string) => boolean } => ({ column, keep: (v) => values.includes(v) });

  test.each([
    ['population.csv.gz', 'dept', ['35', '2A', '974']],
    ['population.csv.gz', 'year', ['2019']],
    ['ald_prevalence.csv.gz', 'dept', ['35']],
    ['drugs.csv.gz', 'atc', ['A10BA02', 'N02BE01']],
  ])('keeps of data/%s the records of the whole parse whose %s is in %j', (name, column, values) => {
    const text = gunzipSync(readFileSync(dataPath(name))).toString('utf8');
    const whole = parseCsvRecords(text);
    const kept = parseCsvRecords(text, keepIn(column, values));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(whole.length);
    expect(json(kept)).toBe(json(whole.filter((r) => values.includes(r[column] as string))));
  });

  test.each([
    ['quoted fields, kept and not', 'a,b,c\n"x,1",k,1\n"y",d,2\nz,k,"3"\n', 'b', ['k']],
    ['the last column', 'a,b\n1,k\n2,d\n3,k', 'b', ['k']],
    ['the first column', 'a,b\nk,1\nd,2\n\nk,3\n', 'a', ['k']],
    ['empty values', 'a,b\n1,\n2,d\n', 'b', ['']],
  ])('gives the filtered csv-parse records for %s', (_what, text, column, values) => {
    expect(json(parseCsvRecords(text, keepIn(column, values)))).toBe(json(reference(text).filter((r) => values.includes(r[column] as string))));
  });

  test('a skipped line of the wrong length still fails as csv-parse does', () => {
    expect(() => parseCsvRecords('a,b\nk,1\nd,2,3\n', keepIn('a', ['k']))).toThrow(expect.objectContaining({ code: 'CSV_RECORD_INCONSISTENT_COLUMNS' }));
  });

  test('a filter on a column the table does not have fails naming it, on the fast path and on csv-parse', () => {
    expect(() => parseCsvRecords('a,b\n1,2\n', keepIn('c', ['1']))).toThrow(/no column c/);
    expect(() => parseCsvRecords('a,b\r\n1,2\r\n', keepIn('c', ['1']))).toThrow(/no column c/);
  });
});

describe('parseCsvColumns', () => {
  /** The cells of `columns` of csv-parse's records. */
  const cellsOf = (rows: Record<string, string>[], columns: string[]): string[][] => rows.map((r) => columns.map((c) => r[c] as string));

  test.each([
    ['ir_pha_r.csv.gz', null],
    ['communes.csv.gz', ['postcode', 'code']],
    ['drugs.csv.gz', ['atc', 'cip13']],
  ])('gives of data/%s the cells of the whole parse, in the order asked (%j; null: every column)', (name, asked) => {
    const text = gunzipSync(readFileSync(dataPath(name))).toString('utf8');
    const whole = parseCsvRecords(text);
    const columns = asked ?? Object.keys(whole[0] as Record<string, string>);
    const cells = parseCsvColumns(text, columns);
    expect(cells.length).toBe(whole.length);
    expect(JSON.stringify(cells)).toBe(JSON.stringify(cellsOf(whole, columns)));
  });

  test.each([
    ['quoted fields and empty lines', '\na,b,c\n"x,1",k,1\n\n"y ""q""",d,\n'],
    ['CRLF line ends (csv-parse reads them)', 'a,b,c\r\n1,2,3\r\n'],
    ['a header alone', 'a,b,c'],
  ])('gives the cells of the csv-parse records for %s', (_what, text) => {
    expect(parseCsvColumns(text, ['c', 'a'])).toEqual(cellsOf(reference(text), ['c', 'a']));
  });

  test('keeps the records a filter keeps', () => {
    const text = 'a,b\n1,k\n2,d\n3,k\n';
    expect(parseCsvColumns(text, ['a'], { column: 'b', keep: (v) => v === 'k' })).toEqual([['1'], ['3']]);
  });

  test('a column the header does not have fails naming it, on the fast path and on csv-parse', () => {
    expect(() => parseCsvColumns('a,b\n1,2\n', ['a', 'z'])).toThrow(/no column z/);
    expect(() => parseCsvColumns('a,b\r\n1,2\r\n', ['z'])).toThrow(/no column z/);
  });

  test('a record of the wrong length fails as csv-parse does', () => {
    expect(() => parseCsvColumns('a,b\n1,2,3\n', ['a'])).toThrow(expect.objectContaining({ code: 'CSV_RECORD_INCONSISTENT_COLUMNS' }));
  });
});

describe('DataRegistry.select and values', () => {
  test('give the rows and distinct values of the whole table, read whole or not, and record its hash', () => {
    const whole = new DataRegistry();
    const all = whole.get('population.csv.gz');
    const parts = new DataRegistry();
    const wanted = ['22', '35'];
    const rowsOf = (t: { rows: readonly Record<string, string>[] }): string => json([...t.rows]);
    const selected = parts.select('population.csv.gz', 'dept', wanted);
    expect(rowsOf(selected)).toBe(json(all.rows.filter((r) => wanted.includes(r['dept'] as string))));
    expect(rowsOf(whole.select('population.csv.gz', 'dept', wanted))).toBe(rowsOf(selected));
    const years = [...new Set(all.rows.map((r) => r['year'] as string))];
    expect(parts.values('population.csv.gz', 'year')).toEqual(years);
    expect(whole.values('population.csv.gz', 'year')).toEqual(years);
    expect(parts.hashes()).toEqual({ 'population.csv.gz': all.sha256 });
    parts.release();
    expect(parts.hashes()).toEqual({ 'population.csv.gz': all.sha256 });
  });

  test('cells gives the cells of the rows, read whole or not, and records the hash', () => {
    const whole = new DataRegistry();
    const all = whole.get('communes.csv.gz');
    const parts = new DataRegistry();
    const expected = all.rows.map((r) => [r['code'], r['postcode']]);
    expect(parts.cells('communes.csv.gz', ['code', 'postcode'])).toEqual(expected);
    expect(whole.cells('communes.csv.gz', ['code', 'postcode'])).toEqual(expected);
    expect(parts.hashes()).toEqual({ 'communes.csv.gz': all.sha256 });
    expect(() => parts.cells('communes.csv.gz', ['code', 'zip'])).toThrow('data/communes.csv.gz: column zip is missing');
    expect(() => whole.cells('communes.csv.gz', ['zip'])).toThrow('data/communes.csv.gz: column zip is missing');
  });

  test('name the table and the missing column', () => {
    const data = new DataRegistry();
    expect(() => data.select('population.csv.gz', 'region', ['53'])).toThrow(DataError);
    expect(() => data.values('population.csv.gz', 'region')).toThrow('data/population.csv.gz: column region is missing');
    data.get('population.csv.gz');
    expect(() => data.select('population.csv.gz', 'region', ['53'])).toThrow('data/population.csv.gz: column region is missing');
  });
});

describe('nomenclatures', () => {
  // The nomenclatures a run reads: those copied into every output, IR_BIO_R among them (also read by the laboratories).
  const read = SHIPPED_NOMENCLATURES.map((n) => [n, findNomenclatureFile(n) as string]);

  // IR_CCAM_V54 has a code and a label broken over several lines inside their quotes: read the same way.
  test.each(read)('%s: the fast split reads it and gives csv-parse records', (_name, file) => {
    const raw = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    const fast = splitPlain(text);
    expect(fast).toBeDefined();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(parseDelimited(text)));
  });

  test('some of them are read by the plain split, IR_NAT_V among them', () => {
    const nat = readFileSync(findNomenclatureFile('IR_NAT_V') as string, 'utf8');
    expect(splitPlain(nat)?.length).toBeGreaterThan(1000);
  });

  test.each([
    ['a byte order mark', '\ufeffa;b\n1;2\n'],
    ['empty lines and fields, rows of other lengths', 'a;b\n\n1;;\n;\n3\n'],
    ['no final line end', 'a;b\n1;2'],
    ['nothing', ''],
    ['a quoted field holding the separator', 'a;b\n"x;y";2\n'],
    ['doubled quotes inside a quoted field', 'a;b\n1;"say ""hi"";ok"\n"""";""\n'],
    ['quoted fields first, last, empty, and before an empty field', '"a";b;"c"\n"";x;\n"q";\n'],
    ['a quote inside an unquoted field (kept)', 'a;b\nx"y;2\n12" screen;3'],
    ['quoted and plain lines mixed, no final line end', 'a;b\n1;2\n"3";4\n5;"6"'],
    ['a quoted field running past its line', 'a;b\n"x\ny";2\n'],
    ['quoted fields over several lines, empty lines inside, then more fields and records', 'a;b;c\n"x\n";"y\n\nz";3\n4;5;6\n'],
    ['a doubled quote before a line end inside quotes, and a last field over two lines without final line end', 'a;b\n"say ""hi""\n";"end\nhere"'],
    ['a quoted field over two lines before an empty last field', 'a;b\n"x\ny";\n1;2\n'],
  ])('gives csv-parse records for %s', (_what, text) => {
    const fast = splitPlain(text);
    expect(fast).toBeDefined();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(parseDelimited(text)));
  });

  test.each([
    ['a carriage return', 'a;b\r\n1;2\r\n'],
    ['an unclosed quote', 'a;b\n"x;2\n'],
    ['text after a closing quote', 'a;b\n"x"y;2\n'],
  ])('leaves %s to csv-parse', (_what, text) => {
    expect(splitPlain(text)).toBeUndefined();
  });

  test('a nomenclature with quoted labels reads whole', () => {
    expect(readNomenclature('IR_BIO_R').rows.length).toBeGreaterThan(1000);
    const lpp = readNomenclature('NT_LPP');
    expect(lpp.rows.some((r) => r.some((c) => c.includes('""')))).toBe(false);
    expect(lpp.rows.some((r) => r.some((c) => c.includes('"')))).toBe(true);
  });
});
