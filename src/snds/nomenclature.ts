/**
 * Reader of the official SNDS nomenclatures (code lists) copied in `data/raw/snds_nomenclatures/`
 * (`<FOLDER>/<NAME>.csv`, or `<NAME>.csv.gz` for the large ones): `;`-separated, header on the
 * first line, UTF-8.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { SchemaError } from './errors';
import { repoRoot } from '../util/paths';

/** A nomenclature table: header and data rows, every cell as the text of the CSV. */
export interface Nomenclature {
  columns: string[];
  rows: string[][];
}

/** Folder of the nomenclature CSVs, relative to the repository root. */
export const NOMENCLATURES_DIR = join('data', 'raw', 'snds_nomenclatures');

/** Absolute path of the CSV (or CSV.gz) of nomenclature `name`, or undefined when absent. */
export function findNomenclatureFile(name: string, root: string = repoRoot()): string | undefined {
  const wanted = new Set([`${name}.csv`, `${name}.csv.gz`]);
  const walk = (dir: string): string | undefined => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        const found = walk(p);
        if (found !== undefined) return found;
      } else if (wanted.has(e.name)) {
        return p;
      }
    }
    return undefined;
  };
  return walk(join(root, NOMENCLATURES_DIR));
}

/**
 * Reads nomenclature `name` (e.g. `IR_NAT_V`) from `data/raw/snds_nomenclatures/**`.
 * Throws a SchemaError (SCHEMA_UNKNOWN_NOMENCLATURE) when no CSV of that name was copied.
 */
export function readNomenclature(name: string, root: string = repoRoot()): Nomenclature {
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new SchemaError('SCHEMA_UNKNOWN_NOMENCLATURE', `invalid nomenclature name "${name}"`);
  }
  const file = findNomenclatureFile(name, root);
  if (file === undefined) {
    throw new SchemaError(
      'SCHEMA_UNKNOWN_NOMENCLATURE',
      `no CSV for nomenclature ${name} in ${NOMENCLATURES_DIR}: copy it there from the schema-snds ` +
        `nomenclatures (see ${NOMENCLATURES_DIR}/README.md)`,
    );
  }
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const records = splitPlain(text) ?? parseDelimited(text);
  const [columns, ...rows] = records;
  if (columns === undefined) {
    throw new SchemaError('SCHEMA_INVALID_SOURCE', `${file} is empty: it should start with a header line`);
  }
  return { columns, rows };
}

/** csv-parse's reading of a nomenclature: `;`-separated, byte order mark dropped, quotes relaxed, rows of any length. */
export function parseDelimited(text: string): string[][] {
  return parse(text, { delimiter: ';', bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

/**
 * The same records as csv-parse (parseDelimited), several times faster, for the well-formed case: lines split at
 * `;`, a field starting with `"` read up to its closing quote (`""` inside for a quote), over several lines when the
 * quotes hold line ends (as in IR_CCAM_V54), a quote inside an unquoted field kept as it is (csv-parse's relax_quotes).
 * Undefined — csv-parse then reads the text — for anything else: a carriage return, a quoted field never closed, text
 * after a closing quote.
 */
export function splitPlain(text: string): string[][] | undefined {
  if (text.includes('\r')) return undefined;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: string[][] = [];
  if (!body.includes('"')) {
    for (const line of body.split('\n')) if (line !== '') out.push(line.split(';'));
    return out;
  }
  const n = body.length;
  let pos = 0;
  // The first quote at or after `pos` (n when none): found once, not once a line.
  let quote = -1;
  while (pos < n) {
    let eol = body.indexOf('\n', pos);
    if (eol === -1) eol = n;
    if (eol > pos) {
      if (quote < pos) {
        quote = body.indexOf('"', pos);
        if (quote === -1) quote = n;
      }
      if (quote >= eol) {
        out.push(body.slice(pos, eol).split(';'));
      } else {
        const record = quotedRecord(body, pos);
        if (record === undefined) return undefined;
        out.push(record.fields);
        pos = record.next;
        continue;
      }
    }
    pos = eol + 1;
  }
  return out;
}

/**
 * The fields of the record starting at `from`, whose line holds a quote, and where the next record starts; a quoted
 * field may hold line ends. Undefined when csv-parse must read it (a quote never closed, text after a closing quote).
 */
function quotedRecord(body: string, from: number): { fields: string[]; next: number } | undefined {
  const QUOTE = 34;
  const SEMICOLON = 59;
  const NEWLINE = 10;
  const n = body.length;
  const fields: string[] = [];
  let i = from;
  for (;;) {
    let end: number;
    if (body.charCodeAt(i) === QUOTE) {
      let value = '';
      let at = i + 1;
      for (;;) {
        const close = body.indexOf('"', at);
        if (close === -1) return undefined;
        if (close + 1 < n && body.charCodeAt(close + 1) === QUOTE) {
          value += body.slice(at, close + 1);
          at = close + 2;
          continue;
        }
        value += body.slice(at, close);
        end = close + 1;
        break;
      }
      if (end < n && body.charCodeAt(end) !== SEMICOLON && body.charCodeAt(end) !== NEWLINE) return undefined;
      fields.push(value);
    } else {
      let stop = body.indexOf('\n', i);
      if (stop === -1) stop = n;
      const semi = body.indexOf(';', i);
      end = semi === -1 || semi > stop ? stop : semi;
      fields.push(body.slice(i, end));
    }
    if (end >= n || body.charCodeAt(end) === NEWLINE) return { fields, next: end + 1 };
    i = end + 1;
    if (i >= n || body.charCodeAt(i) === NEWLINE) {
      fields.push('');
      return { fields, next: i + 1 };
    }
  }
}
