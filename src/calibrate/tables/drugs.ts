import { personKeySql } from '../../readback';
import { yearOfDay } from '../../events';
import { ageInMonth } from '../../report/exposure';
import { DCIR_JOIN, DCIR_KEYS, sqlString } from '../../snds';
import { AgeGrid, CellGrid } from '../cells';
import { num, readDataTable, str } from '../../data';
import { describeFactor, spreadLevel, spreadNote, type ProfilePart } from '../spread';
import type { CalibrationContext, TableOutcome } from '../types';
import { describeCell, describeSuppressed, forEachExposure, missingColumns, notComputed, publishGrid, round, type TableBasics } from './common';

/** Most boxes one person may add per year of the period, bounding the sensitivity under --epsilon. */
export const DRUG_BOXES_BOUND_PER_YEAR = 1000;
/** Most reimbursed euros of drugs one person may add per year. */
export const DRUG_AMOUNT_BOUND_PER_YEAR = 20000;
/** Open Medic age bands, as read by the simulator's drug model. */
const LABELS = ['0-19', '20-59', '60+'];
const BANDS = new AgeGrid([0, 20, 60], 120, LABELS);
/** The nine DCIR keys, for the columns check. */
const KEYS = DCIR_KEYS;

const BASICS: TableBasics = {
  file: 'drug_boxes_age_sex.csv',
  description:
    'Boxes dispensed per person-year by Open Medic age band and sex (data/drug_boxes_age_sex.csv: year, age_band, sex, boxes, amount, population, boxes_per_person); `population` is in person-years, the year is the first year of the period (the simulator uses the latest year not after its start, else the earliest). The rows of a merged group carry its level in the shape of data/drug_boxes_age_sex.csv (same year rule), its boxes and amount split in proportion.',
  numerator: 'boxes: Σ ER_PHA_F.PHA_ACT_QSN of the lines joined to ER_PRS_F (nine DCIR keys) with a care date in the period, DPN_QLF ≠ 71, by age in the month of dispensing; amount: Σ ER_PRS_F.BSE_REM_MNT of those prestations',
  denominator: 'person-years in the period (IR_BEN_R)',
  strata: ['sex', 'age'],
};

/** drug_boxes_age_sex.csv from ER_PHA_F, ER_PRS_F and IR_BEN_R. */
export async function drugsTable(ctx: CalibrationContext): Promise<TableOutcome> {
  const missingPha = missingColumns(ctx, 'ER_PHA_F', [...KEYS, 'PHA_ACT_QSN']);
  const missingPrs = missingColumns(ctx, 'ER_PRS_F', [...KEYS, 'BEN_NIR_PSA', 'EXE_SOI_DTD']);
  if (missingPha.length > 0 || missingPrs.length > 0) {
    const what = (t: string, m: string[]): string => (ctx.source.tables.has(t) ? `${t} has no column ${m.join(', ')}` : `${t} is missing`);
    const reasons = [...(missingPha.length > 0 ? [what('ER_PHA_F', missingPha)] : []), ...(missingPrs.length > 0 ? [what('ER_PRS_F', missingPrs)] : [])];
    return { files: [], description: notComputed(BASICS, reasons.join('; ')) };
  }
  const prs = ctx.source.columns('ER_PRS_F');
  const yearsCeil = Math.ceil(ctx.years);
  const grid = new CellGrid(
    BANDS,
    [
      { name: 'boxes', bound: DRUG_BOXES_BOUND_PER_YEAR * yearsCeil, decimals: 0 },
      { name: 'amount', bound: DRUG_AMOUNT_BOUND_PER_YEAR * yearsCeil, decimals: 2 },
    ],
    [{ sex: 1 }, { sex: 2 }],
    ctx.epsilon !== undefined,
  );
  forEachExposure(ctx, (p, s) => grid.addTime(p.index, grid.cell(p.sex - 1, s.age), s.years));
  const amount = prs.has('BSE_REM_MNT') ? 'MAX(COALESCE(p.BSE_REM_MNT, 0))' : '0';
  const key = personKeySql([...prs], 'p.');
  const information = prs.has('DPN_QLF') ? 'AND COALESCE(p.DPN_QLF, 0) <> 71' : '';
  // One row per prestation first (the nine keys, unique in ER_PRS_F, or the reader's faster row identity),
  // so that its amount counts once whatever its number of ER_PHA_F lines.
  const prestation = ctx.source.db.prestationRow?.('p') ?? DCIR_KEYS.map((k) => `p.${k}`).join(', ');
  const rows = await ctx.source.db.all(
    `SELECT nir, ym, SUM(boxes) AS boxes, SUM(amount) AS amount FROM (
       SELECT ${key} AS nir, substr(p.EXE_SOI_DTD, 1, 7) AS ym, SUM(h.PHA_ACT_QSN) AS boxes, ${amount} AS amount
       FROM ER_PHA_F h JOIN ER_PRS_F p ${DCIR_JOIN}
       WHERE p.EXE_SOI_DTD BETWEEN ${sqlString(ctx.source.startIso)} AND ${sqlString(ctx.source.endIso)} ${information}
       GROUP BY ${prestation}, ${key}, substr(p.EXE_SOI_DTD, 1, 7))
     GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  for (const r of rows) {
    const p = ctx.source.persons.get(String(r.nir));
    if (!p) continue;
    const c = grid.cell(p.sex - 1, ageInMonth(p, String(r.ym)));
    const boxes = Number(r.boxes);
    grid.addEvent(p.index, c, 0, boxes, boxes > 0);
    grid.addEvent(p.index, c, 1, Number(r.amount), false);
  }
  const pub = publishGrid(ctx, grid, BASICS.file);
  const year = yearOfDay(ctx.source.start);
  const out: (string | number)[][] = [];
  const open = openBoxes(year);
  let merged = 0;
  let flat = 0;
  const cells = pub.cells.map((c) => {
    const sex = c.series.sex as number;
    const boxes = c.counts[0] as number;
    const amount = c.counts[1] as number;
    const parts: ProfilePart[] = [];
    for (let b = c.firstBand; b <= c.lastBand; b++) parts.push({ exposure: grid.personYears[c.seriesIndex * BANDS.length + b] as number, profile: open.get(`${LABELS[b]}|${sex}`) ?? 0 });
    const spread = spreadLevel(boxes, parts);
    if (c.lastBand > c.firstBand) merged += 1;
    if (spread.shape === 'flat') flat += 1;
    spread.rates.forEach((rate, i) => {
      const py = parts[i]?.exposure ?? 0;
      const share = boxes > 0 ? (rate * py) / boxes : py / Math.max(c.personYears, 1e-9);
      out.push([year, LABELS[c.firstBand + i] as string, sex, round(rate * py, 0), round(amount * share, 2), round(py, 2), round(rate, 3)]);
    });
    const perPerson = c.personYears > 0 ? round(boxes / c.personYears, 3) : 0;
    return describeCell(grid, c, { boxes_per_person: perPerson, ...describeFactor(spread) });
  });
  // Rows in the order of data/: band, then sex.
  out.sort((a, b) => LABELS.indexOf(a[1] as string) - LABELS.indexOf(b[1] as string) || (a[2] as number) - (b[2] as number));
  const description = { ...BASICS, ageBands: LABELS, ...(pub.noise ? { noise: pub.noise } : {}), cells, suppressed: describeSuppressed(pub), notes: [spreadNote('the boxes per person of its bands', merged, flat)] };
  // A missing sex would read as 0 boxes in the simulator: a suppressed series leaves data/'s table in use.
  if (pub.suppressed.length > 0) return { files: [], description: { ...description, written: false, reason: 'a sex has too few persons to publish any age group; data/drug_boxes_age_sex.csv stays in use' } };
  return {
    files: [{ file: BASICS.file, header: ['year', 'age_band', 'sex', 'boxes', 'amount', 'population', 'boxes_per_person'], rows: out }],
    description: { ...description, written: true },
  };
}

/** Open Medic boxes per person of data/drug_boxes_age_sex.csv by `${age_band}|${sex}` (latest year not after `year`, else the earliest). */
function openBoxes(year: number): Map<string, number> {
  const t = readDataTable('drug_boxes_age_sex.csv');
  const years = [...new Set(t.rows.map((r) => num(t, r, 'year')))].sort((a, b) => a - b);
  const notAfter = years.filter((y) => y <= year);
  const chosen = notAfter.length > 0 ? notAfter[notAfter.length - 1] : years[0];
  const out = new Map<string, number>();
  for (const r of t.rows) if (num(t, r, 'year') === chosen) out.set(`${str(t, r, 'age_band')}|${num(t, r, 'sex')}`, num(t, r, 'boxes_per_person'));
  return out;
}
