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
