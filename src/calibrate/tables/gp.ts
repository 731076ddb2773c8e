import { careLines, GP_CONSULTATION_DESCRIBED, gpConsultationSql, personKeySql } from '../../readback';
import { ageInMonth } from '../../report/exposure';
import { sqlString } from '../../snds';
import { AgeGrid, CellGrid } from '../cells';
import { num, readDataTable } from '../../data';
import { describeFactor, spreadLevel, spreadNote, type ProfilePart } from '../spread';
import type { CalibrationContext, TableOutcome } from '../types';
import { describeCell, describeSuppressed, forEachExposure, missingColumns, notComputed, publishGrid, round, type TableBasics } from './common';

/** Most GP consultations one person may add per year of the period, bounding the sensitivity under --epsilon. */
export const GP_CONSULTATIONS_BOUND_PER_YEAR = 50;
/** 5-year age bands, 95 and over last. */
const BANDS = new AgeGrid([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95], 120);

const BASICS: TableBasics = {
  file: 'gp_consultation_rates.csv',
  description: 'GP consultations per person-year by sex and age (data/gp_consultation_rates.csv: sex, age_min, age_max, rate).',
  numerator: `Σ PRS_ACT_QTE of the ER_PRS_F lines of ${GP_CONSULTATION_DESCRIBED} with a care date (EXE_SOI_DTD) in the period, DPN_QLF ≠ 71 (information lines), CPL_MAJ_TOP < 2 (supplement lines), ER_ETE_F.ETE_IND_TAA ≠ 1 (hospital outpatient care billed directly, counted in the PMSI), by age in the month of care`,
  denominator: 'person-years in the period (IR_BEN_R: from the latest of the start, the birth month and BEN_DTE_INS to the earliest of the end and BEN_DCD_DTE)',
  strata: ['sex', 'age'],
};

/** gp_consultation_rates.csv from ER_PRS_F and IR_BEN_R. */
export async function gpTable(ctx: CalibrationContext): Promise<TableOutcome> {
  const missing = missingColumns(ctx, 'ER_PRS_F', ['BEN_NIR_PSA', 'PRS_NAT_REF', 'EXE_SOI_DTD']);
  if (missing.length > 0) return { files: [], description: notComputed(BASICS, `ER_PRS_F ${ctx.source.tables.has('ER_PRS_F') ? `has no column ${missing.join(', ')}` : 'is missing'}`) };
  const prs = ctx.source.columns('ER_PRS_F');
  const grid = new CellGrid(BANDS, [{ name: 'consultations', bound: GP_CONSULTATIONS_BOUND_PER_YEAR * Math.ceil(ctx.years), decimals: 0 }], [{ sex: 1 }, { sex: 2 }], ctx.epsilon !== undefined);
  forEachExposure(ctx, (p, s) => grid.addTime(p.index, grid.cell(p.sex - 1, s.age), s.years));
  const quantity = prs.has('PRS_ACT_QTE') ? 'SUM(p.PRS_ACT_QTE)' : 'COUNT(*)';
  const care = careLines(ctx.source.db);
  const rows = await ctx.source.db.all(
    `SELECT ${personKeySql([...prs], 'p.')} AS nir, substr(p.EXE_SOI_DTD, 1, 7) AS ym, ${quantity} AS n FROM ${care.from}
     WHERE ${gpConsultationSql()} AND p.EXE_SOI_DTD BETWEEN ${sqlString(ctx.source.startIso)} AND ${sqlString(ctx.source.endIso)} AND ${care.where}
     GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  for (const r of rows) {
    const p = ctx.source.persons.get(String(r.nir));
    const n = Number(r.n);
    if (!p || !(n > 0)) continue;
    grid.addEvent(p.index, grid.cell(p.sex - 1, ageInMonth(p, String(r.ym))), 0, n);
  }
  const pub = publishGrid(ctx, grid, BASICS.file);
  const open = openGpRate();
  const out: (string | number)[][] = [];
  let merged = 0;
  let flat = 0;
  const cells = pub.cells.map((c) => {
    const sex = c.series.sex as number;
    const parts: ProfilePart[] = [];
    for (let b = c.firstBand; b <= c.lastBand; b++) parts.push({ exposure: grid.personYears[c.seriesIndex * BANDS.length + b] as number, profile: open(sex, BANDS.lows[b] as number) });
    const spread = spreadLevel(c.counts[0] as number, parts);
    if (c.lastBand > c.firstBand) merged += 1;
    if (spread.shape === 'flat') flat += 1;
    // One row per 5-year band, merged or not: the rows of a merged group carry its level in the open data's shape.
    spread.rates.forEach((r, i) => out.push([sex, BANDS.lows[c.firstBand + i] as number, BANDS.high(c.firstBand + i), round(r, 6)]));
    const rate = c.personYears > 0 ? round((c.counts[0] as number) / c.personYears, 6) : 0;
    return describeCell(grid, c, { rate, ...describeFactor(spread) });
  });
  const description = {
    ...BASICS,
    ageBands: BANDS.labels,
    ...(pub.noise ? { noise: pub.noise } : {}),
    cells,
    suppressed: describeSuppressed(pub),
    notes: [spreadNote('the rates of its 5-year bands', merged, flat)],
  };
  // The simulator needs a rate at every age of both sexes (SexAgeRate): a suppressed series leaves data/'s table in use.
  if (pub.suppressed.length > 0) return { files: [], description: { ...description, written: false, reason: 'a sex has too few persons to publish any age group; the simulator needs every age of both sexes, so data/gp_consultation_rates.csv stays in use' } };
  return {
    files: [{ file: BASICS.file, header: ['sex', 'age_min', 'age_max', 'rate'], rows: out }],
    description: { ...description, written: true },
  };
}

/** The open-data rate of data/gp_consultation_rates.csv at a sex and age (0 outside its rows): the shape within groups. */
function openGpRate(): (sex: number, age: number) => number {
  const t = readDataTable('gp_consultation_rates.csv');
  const rows = t.rows.map((r) => ({ sex: num(t, r, 'sex'), lo: num(t, r, 'age_min'), hi: num(t, r, 'age_max'), rate: num(t, r, 'rate') }));
  return (sex, age) => rows.find((r) => r.sex === sex && r.lo <= age && age <= r.hi)?.rate ?? 0;
}
