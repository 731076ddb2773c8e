/**
 * `user_synonyms`: the Oracle view listing the SNDS portal's synonyms, among them one `ER_PRS_F_<year>`
 * per archived year of ER_PRS_F. sndsTools (the analysts' R package) reads it to find the first year
 * still in ER_PRS_F: the largest archived year + 1. Both DuckDB outputs carry it, with one row,
 * `ER_PRS_F_<first simulated year − 1>`, so that this gives the first simulated year.
 */
import { quoteIdent, sqlString } from '../../../snds';
import { simTable, textColumn } from '../../manifest';
import type { OutputTable, Row } from '../Sink';
import type { DuckConnection } from './duckApi';

/** Name of the synonyms table (lower case, as sndsTools' own test database spells it; DuckDB ignores case). */
export const USER_SYNONYMS_NAME = 'user_synonyms';

/** The synonyms table: one column, SYNONYM_NAME. */
export const USER_SYNONYMS_TABLE: OutputTable = {
  name: USER_SYNONYMS_NAME,
  def: simTable(USER_SYNONYMS_NAME, 'Synonyms of archived ER_PRS_F years (as the SNDS portal lists them)', [textColumn('SYNONYM_NAME', 'Synonym name: ER_PRS_F_<archived year>')], []),
  indexes: [],
};

/** Rows of `user_synonyms` for a run whose first simulated year is `firstYear` (none when unknown). */
export function synonymRows(firstYear: number | undefined): Row[] {
  return firstYear === undefined ? [] : [[`ER_PRS_F_${firstYear - 1}`]];
}

/**
 * First simulated year of a run, read back from what the sink was given.
 *
 * The run manifest (`SIM_RUN_MANIFEST`, KEY `options`, JSON with `start`) is the authority: it is the
 * period the run simulated, whatever care it produced. It is written last, by the main thread, so it
 * is read from the output at close, whichever path (write or part) brought it. Without a manifest
 * (e.g. converting an extraction), the earliest year of the PMSI tables (`T_MCOyy…`) stands in:
 * years 70–99 are 1970–1999, 00–69 are 2000–2069.
 *
 * @param from SQL relation holding the manifest rows (a table, or a `read_parquet(…)` call), or
 *   undefined when the output has no manifest.
 */
export async function firstSimulatedYear(conn: DuckConnection, from: string | undefined, tableNames: Iterable<string>): Promise<number | undefined> {
  if (from !== undefined) {
    const rows = await conn.all(`SELECT "VALUE" AS v FROM ${from} WHERE "KEY" = ${sqlString('options')}`);
    const v = rows[0]?.['v'];
    if (typeof v === 'string') {
      const start = startOf(v);
      if (start !== undefined) return start;
    }
  }
  let min: number | undefined;
  for (const name of tableNames) {
    const m = /^T_[A-Z]+?(\d\d)[A-Z]/.exec(name);
    if (m === null) continue;
    const yy = Number(m[1]);
    const year = yy >= 70 ? 1900 + yy : 2000 + yy;
    if (min === undefined || year < min) min = year;
  }
  return min;
}

function startOf(json: string): number | undefined {
  try {
    const o: unknown = JSON.parse(json);
    if (o !== null && typeof o === 'object' && 'start' in o) {
      const s = (o as { start: unknown }).start;
      if (typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s)) return Number(s.slice(0, 4));
    }
  } catch {
    // Not JSON: fall back to the PMSI table names.
  }
  return undefined;
}

/** `quoteIdent` of the synonyms table, for SQL built by the sinks. */
export const USER_SYNONYMS_SQL = quoteIdent(USER_SYNONYMS_NAME);
