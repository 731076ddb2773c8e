/**
 * Converting an output from one format to another (SQLite ⇄ DuckDB ⇄ Parquet): every table is read
 * back through the read-back layer, in pages, and written through the target format's sink, with the
 * official table definitions (so the target gets its own column types, not the source's).
 */
import { DiskFullError, InputError, isDiskFull } from '../errors';
import { DISCLAIMER_TABLE, MANIFEST_TABLE } from '../exporters/manifest';
import { TRUTH_TABLES } from '../exporters/snds/mappers/truth';
import { ARTEFACT_TRUTH_TABLE } from '../exporters/snds/artefacts';
import { dcirKeyIndex } from '../exporters/snds/claims';
import { USER_SYNONYMS_NAME } from '../exporters/sinks/duckdb/synonyms';
import type { SinkFormat } from '../exporters/sinks/format';
import type { Cell, OutputTable, Row } from '../exporters/sinks/Sink';
import type { SndsReader } from '../readback/types';
import { openOutput } from '../readback/openOutput';
import { checkOutput, freeBytes, removeLeftovers } from './output';
import { outputFormatFor } from './outputFormat';
import { DCIR_DETAIL_TABLES, TABLES, type TableDef } from '../snds';

/** Rows read and written per page: bounded memory whatever the table's size. */
const PAGE_ROWS = 50_000;

/** DCIR detail tables, joined to ER_PRS_F on the nine keys. */
const DCIR_DETAILS: ReadonlySet<string> = new Set(DCIR_DETAIL_TABLES);

/** The snds-sim tables of its own, by name. */
const SIM_TABLES: ReadonlyMap<string, OutputTable> = new Map([MANIFEST_TABLE, DISCLAIMER_TABLE, ...TRUTH_TABLES, ARTEFACT_TRUTH_TABLE].map((t) => [t.name, t]));

/**
 * Template of a yearly PMSI table name (`T_MCO19B` → `T_MCOaaB`), or undefined for another name.
 */
export function pmsiTemplate(name: string): string | undefined {
  const m = /^(T_[A-Z]+?)(\d\d)([A-Z][A-Z0-9_]*)$/.exec(name);
  if (m === null) return undefined;
  const t = `${m[1]}aa${m[3]}`;
  return Object.prototype.hasOwnProperty.call(TABLES, t) ? t : undefined;
}

/**
 * The output table an output's table `name` is written as: its official definition (PMSI yearly
 * tables from their `T_MCOaa…` template), or snds-sim's own (`SIM_*`), with the indexes the
 * simulator gives it (the nine DCIR keys, unique in ER_PRS_F; ETA_NUM + RSA_NUM in PMSI tables).
 * Undefined for a table neither the SNDS schemas nor snds-sim define.
 */
export function outputTableFor(name: string): OutputTable | undefined {
  const sim = SIM_TABLES.get(name);
  if (sim !== undefined) return sim;
  const template = Object.prototype.hasOwnProperty.call(TABLES, name) ? name : pmsiTemplate(name);
  if (template === undefined) return undefined;
  const def = TABLES[template] as TableDef;
  const indexes: OutputTable['indexes'] =
    name === 'ER_PRS_F'
      ? [dcirKeyIndex(true)]
      : DCIR_DETAILS.has(name)
        ? [dcirKeyIndex(false)]
        : template !== name && def.columns.some((c) => c.name === 'RSA_NUM')
          ? [{ columns: ['ETA_NUM', 'RSA_NUM'], unique: false }]
          : [];
  return { name, def, indexes };
}

/** What a conversion wrote. */
export interface ConvertSummary {
  readonly out: string;
  readonly format: string;
  /** Rows per table written. */
  readonly rows: Readonly<Record<string, number>>;
}

/**
 * Writes every table of `input` into a new output `out` of format `format` (the input is left
 * open; the caller closes it). Not copied: `user_synonyms` (the DuckDB formats write their own) and
 * SQLite's own `sqlite_*` tables (statistics).
 *
 * Rows are read in pages of arrays, in the source's order (SndsReader.pages): streamed from the DuckDB readers
 * (a plain scan in insertion order), from SQLite in rowid order.
 *
 * @throws InputError when the input holds a table with no known definition, or a column the
 *   definition lacks (it is not an snds-sim output, or one from another version).
 */
export async function convertOutput(input: SndsReader, out: string, format: SinkFormat): Promise<ConvertSummary> {
  const plan: OutputTable[] = [];
  for (const name of input.tables) {
    // The synonyms are rewritten by the DuckDB formats; SQLite's statistics tables are the engine's.
    if (name === USER_SYNONYMS_NAME || name.startsWith('sqlite_')) continue;
    const t = outputTableFor(name);
    if (t === undefined) throw new InputError({ path: input.path, message: `table ${name} is neither an SNDS table nor an snds-sim table: it cannot be converted` });
    const have = input.columns(name);
    const missing = have.filter((c) => !t.def.columns.some((d) => d.name === c));
    if (missing.length > 0) throw new InputError({ path: input.path, message: `table ${name} has columns its definition lacks (${missing.join(', ')}): convert it with the snds-sim version that wrote it` });
    plan.push(t);
  }
  const sink = format.create({ path: out });
  const rows: Record<string, number> = {};
  try {
    await sink.open(plan);
    for (const t of plan) {
      const have = new Set(input.columns(t.name));
      rows[t.name] = 0;
      for await (const page of input.pages(t.name, PAGE_ROWS)) {
        // Each definition column's position in the page; columns of the definition missing from the input (an older output) are NULL.
        const at = t.def.columns.map((c) => (have.has(c.name) ? page.columns.indexOf(c.name) : -1));
        const list: Row[] = page.rows.map((r) => at.map((i): Cell => (i < 0 ? null : cell(r[i]))));
        await sink.write([[t.name, list]]);
        rows[t.name] = (rows[t.name] ?? 0) + list.length;
      }
    }
    await sink.close();
  } catch (e) {
    await sink.abort();
    throw e;
  }
  return { out, format: format.name, rows };
}

/** A read-back value as a row cell (read-back gives text, numbers and nulls; anything else is text). */
function cell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

/** Options of `convertFile`. */
export interface ConvertOptions {
  /** Output format name (`--format`); by default told from `out` (see outputFormatFor). */
  readonly format?: string;
  /** Replace an output already at `out`. */
  readonly overwrite?: boolean;
  /** Receives what the conversion did beside converting (dead runs' leftovers removed). */
  readonly onNotice?: (level: 'info' | 'warn', message: string) => void;
}

/**
 * `snds-sim convert <in> <out>`: opens `input` whatever its format, checks `out` before any work
 * (as `simulate` does: nothing replaced without `overwrite`, no live run writing it, dead runs'
 * leftovers removed), and writes it in the format asked for, under a temporary name.
 */
export async function convertFile(input: string, out: string, options: ConvertOptions = {}): Promise<ConvertSummary> {
  const format = outputFormatFor(out, options.format, '--format', '<out>');
  checkOutput({ out, folder: format.folder, overwrite: options.overwrite === true, argName: '<out>' });
  const reader = await openOutput(input, '<in>');
  try {
    const removed = removeLeftovers(out);
    if (removed.length > 0) options.onNotice?.('info', `removed what a dead run left beside ${out}: ${removed.join(', ')}`);
    const free = freeBytes(out);
    try {
      return await convertOutput(reader, out, format);
    } catch (e) {
      if (isDiskFull(e)) throw new DiskFullError(out, undefined, free);
      throw e;
    }
  } finally {
    await reader.close();
  }
}
