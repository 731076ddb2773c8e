/** SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The nine DCIR keys joining a detail table (ER_PHA_F, ER_CAM_F) to ER_PRS_F. */
export const DCIR_JOIN = 'USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)';

/** Names of the yearly PMSI tables of a letter present in the database (`B` → T_MCO19B, T_MCO20B), sorted. */
export function pmsiTables(tables: ReadonlySet<string>, letter: string): string[] {
  const re = new RegExp(`^T_MCO\\d\\d${letter}$`);
  return [...tables].filter((t) => re.test(t)).sort();
}
