import { SSR_ADMISSION_WINDOW_DAYS } from '../world';
import type { Check } from './Check';
import { pmsiTables, type CheckContext } from './database';
import { addDays, q, sqlString } from './sql';

/** Every stay of the T_xxxyyC tables present (or the template's name, so that the check is reported as skipped). */
function staysUnion(ctx: CheckContext, template: string, placeholder: string, number: string): { tables: string[]; sql: string } {
  const found = pmsiTables(ctx, template);
  const tables = found.length > 0 ? found : [placeholder];
  const sql = tables
    .map((c) => `SELECT NIR_ANO_17 AS nir, ${sqlString(c)} AS tbl, ETA_NUM, ${number} AS num, substr(EXE_SOI_DTD, 1, 10) AS dtd, substr(EXE_SOI_DTF, 1, 10) AS dtf FROM ${q(c)}`)
    .join(' UNION ALL ');
  return { tables, sql };
}

/**
 * Rules of the PMSI SSR tables: every SSR stay follows an MCO stay of the same person (admission on or after
 * the MCO discharge, at most SSR_ADMISSION_WINDOW_DAYS days later), and no person is in two SSR stays at once.
 */
export function ssrChecks(ctx: CheckContext): Check[] {
  const ssr = staysUnion(ctx, 'T_SSRaaC', 'T_SSRyyC', 'RHA_NUM');
  const mco = staysUnion(ctx, 'T_MCOaaC', 'T_MCOyyC', 'RSA_NUM');
  const orphans = `
    WITH s AS (${ssr.sql}), m AS (${mco.sql})
    SELECT s.nir AS NIR_ANO_17, s.tbl AS "table", s.ETA_NUM, s.num AS RHA_NUM, s.dtd AS ENT_DAT FROM s
     WHERE NOT EXISTS (SELECT 1 FROM m WHERE m.nir = s.nir AND m.dtf <= s.dtd AND s.dtd <= ${addDays(ctx.engine, 'm.dtf', SSR_ADMISSION_WINDOW_DAYS)})`;
  const overlapping = `
    WITH s AS (${ssr.sql}),
         w AS (SELECT *, MAX(dtf) OVER (PARTITION BY nir ORDER BY dtd, dtf ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
                 FROM s WHERE nir IS NOT NULL AND dtd IS NOT NULL)
    SELECT nir AS NIR_ANO_17, tbl AS "table", ETA_NUM, num AS RHA_NUM, dtd AS EXE_SOI_DTD, dtf AS EXE_SOI_DTF, previous_end FROM w WHERE dtd < previous_end`;
  return [
    {
      id: 'ssr.follows-mco',
      description: `every SSR stay (T_SSRyyC) follows an MCO stay of the person (T_MCOyyC, same NIR_ANO_17): entry on or after the MCO discharge and at most ${SSR_ADMISSION_WINDOW_DAYS} days later`,
      tables: [...ssr.tables, ...mco.tables],
      countSql: `SELECT COUNT(*) AS n FROM (${orphans})`,
      examplesSql: orphans,
    },
    {
      id: 'ssr.overlapping-stays',
      description: 'no person is in two SSR stays at once (a stay starts on or after the end of the previous ones; T_SSRyyC EXE_SOI_DTD/EXE_SOI_DTF)',
      tables: ssr.tables,
      countSql: `SELECT COUNT(*) AS n FROM (${overlapping})`,
      examplesSql: overlapping,
    },
  ];
}
