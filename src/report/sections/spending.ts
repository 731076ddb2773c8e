import { careLines, personKeySql } from '../../readback';
import { num, readDataTable } from '../../data';
import { AgeBands } from '../exposure';
import type { TargetedDatabase } from '../targets';
import { allPass } from '../tolerance';
import type { ComparisonRow, Section } from '../types';
import { addMonthlyCounts, bandComparison, bandRow, cellOf, exposureBySexBand, sexBandZeros } from './common';
import { within } from './consumers';

/**
 * 15. Reimbursed spending by age and sex: the amount the health insurance reimburses on the DCIR care lines per
 * person-year, by sex and Open DAMIR age band, relative to its mean over all ages and both sexes, against the same
 * ratio in Open DAMIR 2019 (data/validation/spending_by_age.csv, never read by `simulate`).
 */

const FIGURES = 'validation/spending_by_age.csv';
/** Relative tolerance of each band's ratio to the mean (the issue's « within 30 % »). */
const TOLERANCE = 0.3;
/** Open DAMIR's age bands (AGE_BEN_SNDS). */
const BANDS = new AgeBands([0, 20, 30, 40, 50, 60, 70, 80]);
const SEX_LABELS = { 1: ['men', 'hommes'], 2: ['women', 'femmes'] } as const;

export async function spendingSection(r: TargetedDatabase): Promise<Section> {
  const fig = readDataTable(FIGURES);
  const { py } = exposureBySexBand(r, BANDS, () => 0);
  const cents = sexBandZeros(BANDS.length);
  if (r.tables.has('ER_PRS_F')) {
    const care = careLines(r.db);
    const key = personKeySql(r.db.columns('ER_PRS_F'), 'p.');
    // In cents and by month of care: the engines sum doubles in different orders, and ages move within a year.
    const rows = await r.db.all(`SELECT ${key} AS nir, substr(p.EXE_SOI_DTD, 1, 7) AS ym, SUM(ROUND(p.BSE_REM_MNT * 100)) AS c FROM ${care.from} WHERE ${care.where} AND ${within(r)} GROUP BY 1, 2`);
    addMonthlyCounts(r, rows, 'c', BANDS, cents, new Map());
  }
  let totalCents = 0;
  let totalPy = 0;
  for (const s of [1, 2] as const)
    for (let b = 0; b < BANDS.length; b++) {
      totalCents += cellOf(cents, s, b);
      totalPy += cellOf(py, s, b);
    }
  const mean = totalPy > 0 ? totalCents / 100 / totalPy : 0;
  const first = fig.rows[0];
  const damirMean = first ? num(fig, first, 'reimbursed_per_inhabitant') / num(fig, first, 'relative') : NaN;
  const rows: ComparisonRow[] = [];
  const levels: string[] = [];
  for (const s of [1, 2] as const)
    for (let b = 0; b < BANDS.length; b++) {
      const target = fig.rows.find((x) => num(fig, x, 'sex') === s && num(fig, x, 'age_min') === (BANDS.lows[b] as number));
      if (!target) continue;
      const years = cellOf(py, s, b);
      const perPy = years > 0 ? cellOf(cents, s, b) / 100 / years : 0;
      const expected = num(fig, target, 'relative');
      const [en, fr] = SEX_LABELS[s];
      const band = BANDS.labels[b] as string;
      rows.push(bandRow(`${en} ${band}`, `${en} ${band} / ${fr} ${band}`, mean > 0 ? perPy / mean : 0, expected, expected * (1 - TOLERANCE), expected * (1 + TOLERANCE), Math.round(years)));
      levels.push(`${en} ${band}: ${perPy.toFixed(0)} € (Open DAMIR ${num(fig, target, 'reimbursed_per_inhabitant').toFixed(0)} €)`);
    }
  const comparison = bandComparison(
    {
      id: 'spending.by_age',
      title: 'Reimbursed spending per person-year by age and sex, ÷ the mean / Dépenses remboursées par personne-année selon l’âge et le sexe, ÷ la moyenne',
      unit: 'reimbursed € per person-year of the band ÷ that of all ages and both sexes',
      xLabel: 'Sex and age / Sexe et âge',
      yLabel: 'ratio to the mean / rapport à la moyenne',
      tolerance: `|simulated − Open DAMIR| ≤ ${100 * TOLERANCE} % of the Open DAMIR ratio`,
      notes: [
        `BSE_REM_MNT of the care lines of ER_PRS_F${r.tables.has('ER_PRS_F') ? ` (${careLines(r.db).described})` : ''} with a care date in the period, by the person's sex (IR_BEN_R) and age in the month of care, per person-year of the band: ${mean.toFixed(0)} € per person-year in all. Target: the amount reimbursed by the health insurance (FLT_REM_MNT, all prestations, care of 2019) of Open DAMIR per inhabitant (INSEE 2019) of the band, ÷ its mean over all ages and both sexes (${damirMean.toFixed(0)} € per inhabitant in France).`,
        'The ratios are compared, not the levels: Open DAMIR holds what the simulated DCIR does not (nursing homes, private SSR and psychiatry, the fees of physicians operating in clinics, optics, hearing aids and most devices), and no public hospital stay. Partly fed: the liberal care of nurses, physiotherapists, dentists, midwives and laboratories is spread over ages by the Open DAMIR 2019 amounts paid per inhabitant; the drugs, consultations, stays and transport are not.',
        `Levels, € per person-year: ${levels.join('; ')}.`,
      ],
    },
    rows,
  );
  const comparisons = [comparison];
  return {
    id: 'spending',
    titleFr: 'Dépenses remboursées selon l’âge et le sexe',
    titleEn: 'Reimbursed spending by age and sex',
    description:
      'The DCIR amount reimbursed per person-year by sex and age band, as a ratio to its mean over all ages, against the same ratio in Open DAMIR 2019 (data/validation/spending_by_age.csv).',
    comparisons,
    pass: allPass(comparisons),
  };
}
