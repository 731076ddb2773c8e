import type { Check } from './Check';
import { pmsiTables, type CheckContext } from './database';
import { DCIR_DETAIL_TABLES } from './keyChecks';
import { NO_DATE_SQL, q, sqlString, nextMonthStart, rowId, type Engine } from './sql';

/** A table of care dated per person: how it joins IR_BEN_R and which date columns it carries. */
interface CareSource {
  readonly table: string;
  /** Join condition between alias `t` and IR_BEN_R alias `b`. */
  readonly personJoin: string;
  /** Person identifier columns of `t`, for the examples. */
  readonly personCols: readonly string[];
  /** Date the care starts (ISO text expression on `t`). */
  readonly start: string;
  /** Date the care ends (ISO text expression on `t`). */
  readonly end: string;
  /** Extra columns to show in examples. */
  readonly show: readonly string[];
}

const BY_NIR_RNG = 'b.BEN_NIR_PSA = t.BEN_NIR_PSA AND b.BEN_RNG_GEM = t.BEN_RNG_GEM';

function careSources(ctx: CheckContext): CareSource[] {
  const stays = pmsiTables(ctx, 'T_MCOaaC');
  return [
    { table: 'ER_PRS_F', personJoin: BY_NIR_RNG, personCols: ['BEN_NIR_PSA', 'BEN_RNG_GEM'], start: 't.EXE_SOI_DTD', end: 't.EXE_SOI_DTD', show: ['PRS_NAT_REF', 'EXE_SOI_DTD'] },
    ...(stays.length > 0 ? stays : ['T_MCOyyC']).map((c) => ({
      table: c,
      personJoin: 'b.BEN_NIR_PSA = t.NIR_ANO_17',
      personCols: ['NIR_ANO_17'],
      start: 'substr(t.EXE_SOI_DTD, 1, 10)',
      end: 'substr(t.EXE_SOI_DTF, 1, 10)',
      show: ['ETA_NUM', 'RSA_NUM', 'EXE_SOI_DTD', 'EXE_SOI_DTF'],
    })),
    ...pmsiTables(ctx, 'T_SSRaaC').map((c) => ({
      table: c,
      personJoin: 'b.BEN_NIR_PSA = t.NIR_ANO_17',
      personCols: ['NIR_ANO_17'],
      start: 'substr(t.EXE_SOI_DTD, 1, 10)',
      end: 'substr(t.EXE_SOI_DTF, 1, 10)',
      show: ['ETA_NUM', 'RHA_NUM', 'EXE_SOI_DTD', 'EXE_SOI_DTF'],
    })),
    { table: 'IR_IMB_R', personJoin: BY_NIR_RNG, personCols: ['BEN_NIR_PSA', 'BEN_RNG_GEM'], start: 't.IMB_ALD_DTD', end: 't.IMB_ALD_DTD', show: ['IMB_ALD_NUM', 'IMB_ALD_DTD'] },
  ];
}

function showCols(s: CareSource): string {
  return [...new Set([...s.personCols, ...s.show])].map((c) => `t.${q(c)}`).join(', ');
}

/** A check over the join of a care table with IR_BEN_R (served by IR_BEN_R's unique index, or an automatic one). */
function personDateCheck(engine: Engine, s: CareSource, id: string, description: string, violation: string, benCols: readonly string[]): Check {
  const from = `${q(s.table)} t JOIN IR_BEN_R b ON ${s.personJoin} WHERE ${violation}`;
  return {
    id,
    description,
    tables: [s.table, 'IR_BEN_R'],
    countSql: `SELECT COUNT(*) AS n FROM ${from}`,
    examplesSql: `SELECT ${rowId(engine, 't')} AS "row", ${showCols(s)}, ${benCols.map((c) => `b.${q(c)}`).join(', ')} FROM ${from}`,
  };
}

/** A check on one table's own rows. */
function rowCheck(engine: Engine, table: string, id: string, description: string, violation: string, show: readonly string[]): Check {
  const from = `${q(table)} t WHERE ${violation}`;
  return {
    id,
    description,
    tables: [table],
    countSql: `SELECT COUNT(*) AS n FROM ${from}`,
    examplesSql: `SELECT ${rowId(engine, 't')} AS "row", ${show.map((c) => `t.${q(c)}`).join(', ')} FROM ${from}`,
  };
}

/** `d` is a real date of death (not NULL, not the SNDS "no date"). */
function dead(d: string): string {
  return `${d} IS NOT NULL AND ${d} <> ${NO_DATE_SQL}`;
}

/** No overlapping stays of one person, over every T_MCOyyC table (one window over the stays sorted by person and date). */
function overlapCheck(ctx: CheckContext): Check {
  const cs = pmsiTables(ctx, 'T_MCOaaC');
  const tables = cs.length > 0 ? cs : ['T_MCOyyC'];
  const stays = tables
    .map((c) => `SELECT NIR_ANO_17 AS nir, ${sqlString(c)} AS tbl, ETA_NUM, RSA_NUM, substr(EXE_SOI_DTD, 1, 10) AS dtd, substr(EXE_SOI_DTF, 1, 10) AS dtf FROM ${q(c)}`)
    .join(' UNION ALL ');
  // Same-sex twins share their NIR_ANO_17 (the PMSI has no rank): their birth stays, in one establishment on the same
  // dates, count once (the first by RSA_NUM).
  const overlapping = `
    WITH s AS (${stays}),
         d AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY nir, ETA_NUM, dtd, dtf ORDER BY RSA_NUM) AS twin FROM s WHERE nir IS NOT NULL AND dtd IS NOT NULL),
         w AS (SELECT *, MAX(dtf) OVER (PARTITION BY nir ORDER BY dtd, dtf ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
                 FROM d WHERE twin = 1)
    SELECT nir AS NIR_ANO_17, tbl AS "table", ETA_NUM, RSA_NUM, dtd AS EXE_SOI_DTD, dtf AS EXE_SOI_DTF, previous_end FROM w WHERE dtd < previous_end`;
  return {
    id: 'temporal.overlapping-stays',
    description: 'no person is in two MCO stays at once (a stay starts on or after the end of the previous ones; T_MCOyyC EXE_SOI_DTD/EXE_SOI_DTF; the same dates in the same establishment under one NIR_ANO_17 are twins)',
    tables,
    countSql: `SELECT COUNT(*) AS n FROM (${overlapping})`,
    examplesSql: overlapping,
  };
}

/**
 * Temporal invariants: no care before birth or after death, no overlapping stays, care inside the
 * simulated period, ALD-related care after the ALD start, flux dates following processing dates.
 */
export function temporalChecks(ctx: CheckContext): Check[] {
  const out: Check[] = [];
  const sources = careSources(ctx);
  for (const s of sources) {
    const birthMonth = "b.BEN_NAI_ANN || '-' || COALESCE(b.BEN_NAI_MOI, '01')";
    out.push(
      personDateCheck(ctx.engine, s, `temporal.before-birth.${s.table}`, `no ${s.table} date before the person's month of birth (IR_BEN_R BEN_NAI_ANN/BEN_NAI_MOI)`, `substr(${s.start}, 1, 7) < ${birthMonth}`, ['BEN_NAI_ANN', 'BEN_NAI_MOI']),
      personDateCheck(ctx.engine, s, `temporal.after-death.${s.table}`, `no ${s.table} date after the person's death (IR_BEN_R BEN_DCD_DTE)`, `${dead('b.BEN_DCD_DTE')} AND ${s.end} > b.BEN_DCD_DTE`, ['BEN_DCD_DTE']),
    );
  }
  out.push(overlapCheck(ctx));

  for (const s of sources.filter((x) => x.table !== 'IR_IMB_R')) {
    const v = `${s.start} > ${s.end}`;
    out.push(rowCheck(ctx.engine, s.table, `temporal.end-before-start.${s.table}`, `no ${s.table} line ends before it starts (EXE_SOI_DTF ≥ EXE_SOI_DTD)`, s.table === 'ER_PRS_F' ? 't.EXE_SOI_DTD > t.EXE_SOI_DTF' : v, [...s.personCols, ...s.show]));
  }

  const period = ctx.period;
  const deaths = new Set(['IR_BEN_R', 'KI_CCI_R']);
  const periodTables: [string, readonly string[], readonly string[]][] = [
    ...sources
      .filter((s) => s.table !== 'IR_IMB_R')
      .map((s): [string, readonly string[], readonly string[]] => [s.table, s.start === s.end ? [s.start] : [s.start, s.end], [...s.personCols, ...s.show]]),
    ['IR_BEN_R', ['t.BEN_DCD_DTE'], ['BEN_NIR_PSA', 'BEN_RNG_GEM', 'BEN_DCD_DTE']],
    ['KI_CCI_R', ['t.BEN_DCD_DTE'], ['BEN_IDT_ANO', 'BEN_DCD_DTE']],
  ];
  for (const [table, dates, show] of periodTables) {
    const id = `temporal.period.${table}`;
    const what = deaths.has(table) ? 'deaths' : 'care dates';
    if (period === undefined) {
      // No period to compare with: skipped, naming what is missing.
      out.push({ id, description: `${table} ${what} inside the simulated period`, tables: [table, 'SIM_RUN_MANIFEST(options.start/end)'], countSql: '', examplesSql: '' });
      continue;
    }
    const lo = sqlString(period.start);
    const hi = sqlString(period.end);
    const v = dates.map((d) => (deaths.has(table) ? `(${dead(d)} AND (${d} < ${lo} OR ${d} > ${hi}))` : `${d} < ${lo} OR ${d} > ${hi}`)).join(' OR ');
    out.push(rowCheck(ctx.engine, table, id, `${table} ${what} inside the simulated period ${period.start} … ${period.end} (SIM_RUN_MANIFEST)`, v, show));
  }

  const ald = `
    SELECT ${rowId(ctx.engine, 'p')} AS "row", p.BEN_NIR_PSA, p.BEN_RNG_GEM, p.EXE_SOI_DTD, p.PRS_NAT_REF, a.first_ald_start
      FROM ER_PRS_F p
      LEFT JOIN (SELECT BEN_NIR_PSA, BEN_RNG_GEM, MIN(IMB_ALD_DTD) AS first_ald_start FROM IR_IMB_R GROUP BY BEN_NIR_PSA, BEN_RNG_GEM) a
        ON a.BEN_NIR_PSA = p.BEN_NIR_PSA AND a.BEN_RNG_GEM = p.BEN_RNG_GEM
     WHERE p.EXO_MTF IN (42, '42') AND (a.first_ald_start IS NULL OR a.first_ald_start > p.EXE_SOI_DTD)`;
  out.push({
    id: 'temporal.ald-before-care',
    description: 'every ER_PRS_F line related to an ALD (EXO_MTF = 42) follows the start of an ALD of the person (IR_IMB_R IMB_ALD_DTD ≤ EXE_SOI_DTD)',
    tables: ['ER_PRS_F', 'IR_IMB_R'],
    countSql: `SELECT COUNT(*) AS n FROM (${ald})`,
    examplesSql: ald,
  });

  for (const t of ['ER_PRS_F', ...DCIR_DETAIL_TABLES]) {
    out.push(
      rowCheck(ctx.engine, t, `temporal.flux-date.${t}`, `${t} FLX_DIS_DTD is the 1st of the month after FLX_TRT_DTD`, `t.FLX_DIS_DTD IS DISTINCT FROM ${nextMonthStart(ctx.engine, 't.FLX_TRT_DTD')}`, ['FLX_TRT_DTD', 'FLX_DIS_DTD']),
    );
  }
  out.push(rowCheck(ctx.engine, 'ER_PRS_F', 'temporal.processed-after-care.ER_PRS_F', 'no ER_PRS_F line is processed before its care date (FLX_TRT_DTD ≥ EXE_SOI_DTD)', 't.FLX_TRT_DTD < t.EXE_SOI_DTD', ['BEN_NIR_PSA', 'EXE_SOI_DTD', 'FLX_TRT_DTD']));

  const ki = `${q('KI_CCI_R')} t JOIN IR_BEN_R b ON b.BEN_IDT_ANO = t.BEN_IDT_ANO WHERE t.BEN_DCD_DTE IS DISTINCT FROM b.BEN_DCD_DTE`;
  out.push({
    id: 'temporal.death-date.KI_CCI_R',
    description: 'each KI_CCI_R death has the date of death of the person in IR_BEN_R (joined on BEN_IDT_ANO)',
    tables: ['KI_CCI_R', 'IR_BEN_R'],
    countSql: `SELECT COUNT(*) AS n FROM ${ki}`,
    examplesSql: `SELECT ${rowId(ctx.engine, 't')} AS "row", t.BEN_IDT_ANO, t.BEN_DCD_DTE, b.BEN_DCD_DTE AS IR_BEN_R_BEN_DCD_DTE FROM ${ki}`,
  });
  return out;
}
