/**
 * Shared helpers for the data build: every derived table in `data/` is produced from the raw
 * copies in `data/raw/` by a builder registered in `scripts/data/index.ts`.
 *
 * Builders must be pure functions of the raw files: the rebuild test runs them into a temporary
 * folder and compares the result with the committed tables.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import * as XLSX from 'xlsx';

/** A value written to a derived CSV table. Numbers must already be rounded by the builder. */
export type Cell = string | number;

/** Where a builder reads and writes. */
export interface BuildContext {
  /** Absolute path of `data/raw`. */
  readonly rawDir: string;
  /** Absolute path of the output folder (`data/` normally, a temporary folder in the rebuild test). */
  readonly outDir: string;
  /**
   * zlib level of the `.gz` tables: 9 (the default) for the files committed in data/; the rebuild test, which compares
   * their uncompressed text, writes them at level 1 (the same text ten times faster).
   */
  readonly gzipLevel?: number;
}

/** One step of the data build. */
export interface DataBuilder {
  /** Short name, also the name of its provenance note `data/sources/<name>.md`. */
  readonly name: string;
  /** Files (relative to `data/`) this builder writes. */
  readonly outputs: readonly string[];
  build(ctx: BuildContext): void;
}

/** Reads a raw file (relative to `data/raw`), un-gzipping it when its name ends in `.gz`. */
export function readRaw(ctx: BuildContext, rel: string): Buffer {
  const buf = readFileSync(join(ctx.rawDir, rel));
  return rel.endsWith('.gz') ? gunzipSync(buf) : buf;
}

/** Reads a raw text file with the given encoding (`latin1` for ISO-8859-1 files). */
export function readRawText(ctx: BuildContext, rel: string, encoding: BufferEncoding = 'utf8'): string {
  let text = readRaw(ctx, rel).toString(encoding);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/**
 * Parsed tables by build context and by file and options: builders read the same raw files again and again
 * (one nomenclature about 270 times, most of a build's time). The arrays and their rows are frozen, so that no
 * builder can change what another reads.
 */
const parsed = new WeakMap<BuildContext, Map<string, readonly unknown[]>>();

function once<T extends object>(ctx: BuildContext, key: string, read: () => T[]): readonly Readonly<T>[] {
  let byKey = parsed.get(ctx);
  if (!byKey) parsed.set(ctx, (byKey = new Map()));
  let rows = byKey.get(key) as readonly Readonly<T>[] | undefined;
  if (!rows) {
    const fresh = read();
    for (const r of fresh) Object.freeze(r);
    rows = Object.freeze(fresh);
    byKey.set(key, rows);
  }
  return rows;
}

/** Parses a raw delimited file into records keyed by header (once per build for a file and options). */
export function readRawCsv(
  ctx: BuildContext,
  rel: string,
  opts: { delimiter?: string; encoding?: BufferEncoding; columns?: boolean | string[]; fromLine?: number } = {},
): readonly Readonly<Record<string, string>>[] {
  return once(ctx, `csv|${rel}|${JSON.stringify(opts)}`, () =>
    parse(readRawText(ctx, rel, opts.encoding ?? 'utf8'), {
      delimiter: opts.delimiter ?? ',',
      columns: opts.columns ?? true,
      from_line: opts.fromLine ?? 1,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as Record<string, string>[],
  );
}

/** Parses a raw delimited file into arrays of cells (no header handling; once per build for a file and options). */
export function readRawRows(
  ctx: BuildContext,
  rel: string,
  opts: { delimiter?: string; encoding?: BufferEncoding; comment?: string } = {},
): readonly (readonly string[])[] {
  return once(ctx, `rows|${rel}|${JSON.stringify(opts)}`, () =>
    parse(readRawText(ctx, rel, opts.encoding ?? 'utf8'), {
      delimiter: opts.delimiter ?? ',',
      // Lines starting with the comment character (a title line) are skipped, not taken as a short record.
      ...(opts.comment === undefined ? {} : { comment: opts.comment, comment_no_infix: true }),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as string[][],
  );
}

/** The workbooks opened during a build, by build context: several builders read the same workbook. */
const workbooks = new WeakMap<BuildContext, Map<string, XLSX.WorkBook>>();

/**
 * Opens a raw Excel workbook (.xls or .xlsx) with SheetJS, once per build: parsing the INSEE
 * population workbook alone took seconds, and three builders read it. Builders only read workbooks.
 */
export function readRawWorkbook(ctx: BuildContext, rel: string): XLSX.WorkBook {
  let opened = workbooks.get(ctx);
  if (!opened) {
    opened = new Map();
    workbooks.set(ctx, opened);
  }
  let wb = opened.get(rel);
  if (!wb) {
    wb = XLSX.read(readRaw(ctx, rel), { type: 'buffer' });
    opened.set(rel, wb);
  }
  return wb;
}

/** A sheet as an array of rows of raw cell values (numbers stay numbers). */
export function sheetRows(wb: XLSX.WorkBook, sheet: string): unknown[][] {
  const ws = wb.Sheets[sheet];
  if (!ws) throw new Error(`sheet "${sheet}" not found (sheets: ${wb.SheetNames.join(', ')})`);
  return XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null });
}

/**
 * Writes a derived table as CSV (comma, header line, `\n` line ends, RFC 4180 quoting).
 * A name ending in `.gz` is gzip-compressed. Rows are written in the order given: builders sort them.
 */
export function writeTable(ctx: BuildContext, rel: string, header: readonly string[], rows: readonly (readonly Cell[])[]): void {
  const text = stringify([header as Cell[], ...(rows as Cell[][])], { record_delimiter: '\n' });
  const path = join(ctx.outDir, rel);
  // A table written again is read again.
  parsed.get(ctx)?.delete(`out|${rel}`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, rel.endsWith('.gz') ? gzipSync(Buffer.from(text, 'utf8'), { level: ctx.gzipLevel ?? 9 }) : text);
}

/** Rounds to a fixed number of significant decimals and returns a plain number (no exponent noise). */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** The published figures (quotes of published texts) in data/raw. */
export const PUBLISHED_FIGURES = 'published_figures_2/figures.csv';

/** One row of `published_figures_2/figures.csv`, chosen by topic and a phrase of its `figure`. */
export function publishedFigure(ctx: BuildContext, topic: string, phrase: string): Record<string, string> {
  const rows = readRawCsv(ctx, PUBLISHED_FIGURES).filter((r) => r.topic === topic && (r.figure ?? '').includes(phrase));
  if (rows.length !== 1) throw new Error(`${PUBLISHED_FIGURES}: expected one ${topic} row with "${phrase}", found ${rows.length}`);
  return rows[0] as Record<string, string>;
}

/** The numbers written in a `value` cell, in order ("slightly above 1 (activity); 26 (GPs active)" → [1, 26]). */
export function numbersOf(value: string): number[] {
  return (value.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
}

/** A table written earlier in this build (in the output folder), un-gzipped when its name ends in `.gz` (parsed once). */
export function readOut(ctx: BuildContext, rel: string): readonly Readonly<Record<string, string>>[] {
  return once(ctx, `out|${rel}`, () => {
    const buf = readFileSync(join(ctx.outDir, rel));
    return parse((rel.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  });
}

/**
 * A table of published figures in data/raw (columns `source`, `indicator`, `value`, `quote`…, one row per figure, a
 * quote « same sentence » / « same passage » referring to the row above that holds it): one figure, its row, its quote.
 */
export interface FigureTable {
  /** The row of a source and indicator (exactly one). */
  row(source: string, indicator: string): Record<string, string>;
  /** Its value, a positive number. */
  value(source: string, indicator: string): number;
  /** Its quote, following « same … » back to the row that holds it. */
  quote(source: string, indicator: string): string;
}

export function figureTable(ctx: BuildContext, rel: string): FigureTable {
  const rows = readRawCsv(ctx, rel);
  const row = (source: string, indicator: string): Record<string, string> => {
    const m = rows.filter((r) => r.source === source && r.indicator === indicator);
    if (m.length !== 1) throw new Error(`${rel}: expected one row ${source}/${indicator}, found ${m.length}`);
    return m[0] as Record<string, string>;
  };
  return {
    row,
    value(source, indicator) {
      const v = Number(row(source, indicator).value);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${rel}: bad value for ${source}/${indicator}`);
      return v;
    },
    quote(source, indicator) {
      const same = rows.filter((r) => r.source === source);
      for (let i = same.findIndex((r) => r.indicator === indicator); i >= 0; i--) {
        const q = (same[i] as Record<string, string>).quote ?? '';
        if (!/^same /.test(q)) return q;
      }
      throw new Error(`${rel}: no quote for ${source}/${indicator}`);
    },
  };
}

const SAS_MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** `01JAN2010:00:00:00` → `2010-01-01` (SAS datetime text of the SNDS referentials). */
export function sasDate(text: string): string {
  const m = /^(\d\d)([A-Z]{3})(\d{4})/.exec(text.trim());
  const month = m === null ? -1 : SAS_MONTHS.indexOf(m[2] as string);
  if (m === null || month < 0) throw new Error(`not a SAS date: ${JSON.stringify(text)}`);
  return `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]}`;
}
