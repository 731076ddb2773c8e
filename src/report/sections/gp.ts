import { careLines, GP_CONSULTATION_DESCRIBED, gpConsultationSql, personKeySql } from '../../readback';
import { num } from '../../data';
import type { TargetedDatabase } from '../targets';
import { AgeBands } from '../exposure';
import { sqlString } from '../../snds';
import { allPass, DEFAULT_RULE, dispersionOf } from '../tolerance';
import type { Section } from '../types';
import { addMonthlyCounts, exposureBySexBand, sexBandComparison, sexBandZeros } from './common';

/** General-practice consultation natures of IR_NAT_V (C, G). */
const BANDS = new AgeBands([0, 6, 16, 25, 45, 65, 75, 85]);

/** 7. GP consultations per person-year by sex × age band vs data/gp_consultation_rates.csv. */
export async function gpSection(r: TargetedDatabase): Promise<Section> {
  const t = r.targets.read('gp_consultation_rates.csv');
  const rates = t.rows.map((row) => ({ sex: num(t, row, 'sex'), lo: num(t, row, 'age_min'), hi: num(t, row, 'age_max'), rate: num(t, row, 'rate') }));
  const rateOf = (sex: number, age: number): number => rates.find((x) => x.sex === sex && age >= x.lo && age <= x.hi)?.rate ?? 0;
  const { py, expected } = exposureBySexBand(r, BANDS, (s) => rateOf(s.sex, s.age));
  const observed = sexBandZeros(BANDS.length);
  // Keyed by person (a person may have several BEN_NIR_PSA).
  const perPerson = new Map<number, number>();
  const care = r.tables.has('ER_PRS_F') ? careLines(r.db) : undefined;
  if (care) {
    const rows = await r.db.all(
      `SELECT ${personKeySql(r.db.columns('ER_PRS_F'), 'p.')} AS nir, substr(p.EXE_SOI_DTD, 1, 7) AS ym, SUM(p.PRS_ACT_QTE) AS n FROM ${care.from}
       WHERE ${gpConsultationSql()} AND p.EXE_SOI_DTD BETWEEN ${sqlString(r.startIso)} AND ${sqlString(r.endIso)}
       AND ${care.where} GROUP BY 1, 2`,
    );
    addMonthlyCounts(r, rows, 'n', BANDS, observed, perPerson);
  }
  const comparison = sexBandComparison({
    id: 'gp.rate',
    title: 'GP consultations per person-year / Consultations de médecin généraliste par personne-année',
    unit: 'consultations per person-year',
    bands: BANDS.labels,
    observed,
    expected,
    denominator: py,
    per: 1,
    rule: DEFAULT_RULE,
    xLabel: 'Age at the consultation / Âge à la consultation (ans)',
    yLabel: 'Consultations per PY / par personne-année',
    dispersion: dispersionOf(perPerson.values()),
    notes: [`Consultations: Σ PRS_ACT_QTE of the ER_PRS_F lines of ${GP_CONSULTATION_DESCRIBED} with a care date in the period, ${care?.described ?? 'every line'}; target: data/gp_consultation_rates.csv by sex and age × person-years.`],
  });
  return {
    id: 'gp',
    titleFr: 'Consultations de médecine générale',
    titleEn: 'GP consultations',
    description: 'General-practice consultations (ER_PRS_F) per person-year by sex and age, compared with the published national rate (data/gp_consultation_rates.csv).',
    comparisons: [comparison],
    pass: allPass([comparison]),
  };
}
