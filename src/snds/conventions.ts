/**
 * SNDS conventions that every layer shares: the nine DCIR join keys, the "no date" value, and SQL
 * quoting. Defined once here, on the ground floor.
 */

/**
 * Names of the nine DCIR keys joining a detail table (ER_PHA_F, ER_CAM_F, ER_BIO_F, ER_ETE_F …) to
 * exactly one ER_PRS_F line, in the order of the documentation.
 */
export const DCIR_KEYS = [
  'FLX_DIS_DTD',
  'FLX_TRT_DTD',
  'FLX_EMT_TYP',
  'FLX_EMT_NUM',
  'FLX_EMT_ORD',
  'ORG_CLE_NUM',
  'DCT_ORD_NUM',
  'PRS_ORD_NUM',
  'REM_TYP_AFF',
] as const;

/** One of the nine DCIR keys. */
export type DcirKeyName = (typeof DCIR_KEYS)[number];

/**
 * The nine keys in the column order of the SQLite indexes on them (ER_PRS_F_UK1 and the detail tables' `_IX1`): the
 * most selective first, so that comparing two keys while descending an index mostly ends at the first column — an
 * integer, where the documentation's order starts with two dates and three constants. DCT_ORD_NUM holds the person's
 * number (ClaimNumbering); then the processing date, the line number within the flux month and the flux month.
 * Measured on 20 000 persons × 1 year (1.86 M lines of ER_PRS_F, 12 676 of ER_ETE_F): the analysts' care lines (ER_PRS_F
 * LEFT JOIN ER_ETE_F on the nine keys) took 0.72 s against 2.0 s, ER_PHA_F JOIN ER_PRS_F 0.50 s against 1.67 s. Joins
 * name the keys in any order: the index serves them all the same.
 */
export const DCIR_INDEX_KEYS = ['DCT_ORD_NUM', 'FLX_TRT_DTD', 'PRS_ORD_NUM', 'FLX_DIS_DTD', 'FLX_EMT_ORD', 'FLX_EMT_TYP', 'FLX_EMT_NUM', 'ORG_CLE_NUM', 'REM_TYP_AFF'] as const satisfies readonly DcirKeyName[];

/** The DCIR detail tables written by the simulator, each line joined to one ER_PRS_F line on the nine keys. */
export const DCIR_DETAIL_TABLES = ['ER_PHA_F', 'ER_CAM_F', 'ER_BIO_F', 'ER_ETE_F', 'ER_UCD_F', 'ER_TRS_F', 'ER_TIP_F'] as const;

/** `USING (…)` clause joining a DCIR detail table to ER_PRS_F on the nine keys. */
export const DCIR_JOIN = `USING (${DCIR_KEYS.join(', ')})`;

/** The value the SNDS stores where a date is absent (e.g. BEN_DCD_DTE of a living person). */
export const NO_DATE = '1600-01-01';

/** Quotes an SQL identifier (table or column name). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The "no date" value as an SQL literal. */
export const NO_DATE_SQL = sqlString(NO_DATE);
