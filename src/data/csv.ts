import { parse } from 'csv-parse/sync';

/**
 * Parses the text of a CSV table of `data/` into records keyed by the header's names, exactly as
 * csv-parse does with `{ columns: true, skip_empty_lines: true }` (comma-separated, `"`-quoted with
 * `""` inside quotes, `\n` between records), several times faster: parsing the tables was most of a
 * world build.
 *
 * Only the well-formed case is read here. Anything else — a carriage return, a byte order mark, a
 * header with a name twice, a quote in a one-column table, a quote inside an unquoted field or after a
 * closing quote, an unclosed quote, a record whose number of fields differs from the header's — is
 * handed to csv-parse itself, which gives its own records or its own error.
 */
export function parseCsvRecords(text: string, where?: RecordFilter): Record<string, string>[] {
  const fast = fastParse(text, where, recordOf);
  if (fast !== undefined) return fast;
  return slowParse(text, where);
}

/**
 * The cells of `columns`, in that order, of each record (those `where` keeps): the records of parseCsvRecords
 * without building an object per line, for a wide table copied as it is or a table of which a few columns are read.
 * A column the header does not have is a MissingColumnError.
 */
export function parseCsvColumns(text: string, columns: readonly string[], where?: RecordFilter): string[][] {
  const fast = fastParse(text, where, (header) => {
    const at = columns.map((c) => {
      const i = header.indexOf(c);
      if (i < 0) throw new MissingColumnError(c);
      return i;
    });
    return (fields) => at.map((i) => fields[i] as string);
  });
  if (fast !== undefined) return fast;
  return recordCells(slowParse(text, where), columns);
}

/** The cells of `columns`, in that order, of records already parsed; a column they do not have is a MissingColumnError. */
export function recordCells(records: readonly Record<string, string>[], columns: readonly string[]): string[][] {
  const missing = records.length > 0 ? columns.find((c) => !(c in (records[0] as Record<string, string>))) : undefined;
  if (missing !== undefined) throw new MissingColumnError(missing);
  return records.map((r) => columns.map((c) => r[c] as string));
}

/** csv-parse's records (or its error), those `where` keeps. */
function slowParse(text: string, where: RecordFilter | undefined): Record<string, string>[] {
  const all = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  if (where === undefined) return all;
  if (all.length > 0 && !(where.column in (all[0] as Record<string, string>))) throw new MissingColumnError(where.column);
  return all.filter((r) => where.keep(r[where.column] as string));
}

/** A record keyed by the header's names. */
function recordOf(header: readonly string[]): (fields: readonly string[]) => Record<string, string> {
  return (fields) => {
    const row: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) row[header[i] as string] = fields[i] as string;
    return row;
  };
}

/**
 * Keeps only the records whose `column` holds a value `keep` accepts: the other lines of a large table
 * are skipped without building their record (the same records as filtering the whole parse).
 */
export interface RecordFilter {
  readonly column: string;
  readonly keep: (value: string) => boolean;
}

/** A filter names a column the header does not have. */
export class MissingColumnError extends Error {
  constructor(readonly column: string) {
    super(`no column ${column}`);
  }
}

/**
 * What `build` makes of each record's fields (it is given the header once), or undefined when the text is not in the
 * simple form this reader accepts.
 */
function fastParse<T>(text: string, where: RecordFilter | undefined, build: (header: readonly string[]) => (fields: readonly string[]) => T): T[] | undefined {
  if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  const n = text.length;
  let pos = 0;
  let header: string[] | undefined;
  // Position of the filtered column in the header (-1 without a filter).
  let filtered = -1;
  let make: ((fields: readonly string[]) => T) | undefined;
  const out: T[] = [];
  const fields: string[] = [];
  // The first quote at or after `pos` (n when none): found once, not once a line.
  let quote = -1;
  while (pos < n) {
    const eol = text.indexOf('\n', pos);
    const end = eol === -1 ? n : eol;
    if (end === pos) {
      // An empty line: skipped.
      pos = end + 1;
      continue;
    }
    fields.length = 0;
    if (quote < pos) {
      quote = text.indexOf('"', pos);
      if (quote === -1) quote = n;
    }
    if (quote > end && filtered >= 0 && header !== undefined) {
      // A line the filter may skip: its filtered field is found, and the line skipped, without splitting it.
      const skip = skippedLine(text, pos, end, filtered, header.length, where as RecordFilter);
      if (skip === undefined) return undefined;
      if (skip) {
        pos = end + 1;
        continue;
      }
    }
    if (quote > end) {
      // No quote on this line: its fields are the text between commas.
      let from = pos;
      for (let c = text.indexOf(',', from); c !== -1 && c < end; c = text.indexOf(',', from)) {
        fields.push(text.slice(from, c));
        from = c + 1;
      }
      fields.push(text.slice(from, end));
      pos = end + 1;
    } else {
      const next = quotedRecord(text, pos, fields);
      if (next === undefined) return undefined;
      pos = next;
    }
    if (header === undefined) {
      // One column: a quoted empty line would be a record, not an empty line; left to csv-parse.
      if ((fields.length < 2 && text.includes('"')) || new Set(fields).size !== fields.length) return undefined;
      header = fields.slice();
      if (where !== undefined) {
        filtered = header.indexOf(where.column);
        if (filtered < 0) throw new MissingColumnError(where.column);
      }
      make = build(header);
      continue;
    }
    if (fields.length !== header.length) return undefined;
    if (filtered >= 0 && !(where as RecordFilter).keep(fields[filtered] as string)) continue;
    out.push((make as (fields: readonly string[]) => T)(fields));
  }
  return out;
}

/**
 * Whether the filter drops the quote-free line [pos, end): its field `index` is not kept. Undefined when the
 * line has not `count` fields (left to csv-parse, which names the line).
 */
function skippedLine(text: string, pos: number, end: number, index: number, count: number, where: RecordFilter): boolean | undefined {
  let from = pos;
  let fieldStart = -1;
  let fieldEnd = end;
  let k = 0;
  for (let c = text.indexOf(',', from); c !== -1 && c < end; c = text.indexOf(',', from)) {
    if (k === index) {
      fieldStart = from;
      fieldEnd = c;
    }
    k++;
    from = c + 1;
  }
  if (k + 1 !== count) return undefined;
  if (fieldStart < 0) fieldStart = from;
  return !where.keep(text.slice(fieldStart, fieldEnd));
}

/**
 * Reads one record that holds a quote, from `pos`, into `fields`; returns the position after its
 * end of line, or undefined when it is not well formed.
 */
function quotedRecord(text: string, pos: number, fields: string[]): number | undefined {
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(pos) === 34) {
      // A quoted field: up to the quote not doubled, `""` standing for `"`.
      let value = '';
      let from = pos + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) return undefined;
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          from = q + 2;
          continue;
        }
        pos = q + 1;
        break;
      }
      fields.push(value);
      if (pos >= n) return n;
      const c = text.charCodeAt(pos);
      if (c === 10) return pos + 1;
      if (c !== 44) return undefined;
      pos += 1;
      if (pos >= n) {
        fields.push('');
        return n;
      }
    } else {
      // An unquoted field: up to the next comma or end of line, with no quote in it.
      let end = pos;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 10) break;
        if (c === 34) return undefined;
        end++;
      }
      fields.push(text.slice(pos, end));
      if (end >= n) return n;
      if (text.charCodeAt(end) === 10) return end + 1;
      pos = end + 1;
      if (pos >= n) {
        fields.push('');
        return n;
      }
    }
  }
}
