import { publishedAceRates } from '../../world';
import { sqlString } from '../../snds';
import type { TargetedDatabase } from '../targets';
import { AgeBands } from '../exposure';
import { allPass, DEFAULT_RULE, dispersionOf } from '../tolerance';
import type { Section } from '../types';
import { addMonthlyCounts, exposureBySexBand, sexBandComparison, sexBandZeros } from './common';

const BANDS = new AgeBands([0, 6, 16, 25, 45, 65, 75, 85]);

/**
 * Hospital outpatient passages (ACE: rows of T_MCOyyCSTC) per 1 000 person-years by sex × age band, against the
 * published national volume (77 M passages, 2017) scaled by age like liberal care (data/ace_parameters.csv and the
 * profiles named in data/sources/62-ace.md). The profiles are those the simulator read, so the section checks the
 * simulation against its inputs (thinning by the weekday profile, stays, follow-ups), not against regional data.
 */
export async function aceSection(r: TargetedDatabase): Promise<Section> {
  const rates = publishedAceRates({
    parameters: r.targets.read('ace_parameters.csv'),
    specialist: r.targets.read('specialist_consultation_rates.csv'),
    gp: r.targets.read('gp_consultation_rates.csv'),
    acts: r.targets.read('specialist_acts.csv.gz'),
    population: r.targets.read('population.csv.gz'),
  });
  const rateOf = (sex: 1 | 2, age: number): number => rates.reduce((a, k) => a + ((k[sex] as Float64Array)[Math.min(age, 120)] as number), 0);
  const { py, expected } = exposureBySexBand(r, BANDS, (s) => rateOf(s.sex, s.age));
  const observed = sexBandZeros(BANDS.length);
  // Keyed by person (a person may have several BEN_NIR_PSA).
  const perPerson = new Map<number, number>();
  const tables = [...r.tables].filter((t) => /^T_MCO\d\dCSTC$/.test(t)).sort();
  for (const t of tables) {
    const rows = await r.db.all(
      `SELECT NIR_ANO_17 AS nir, substr(EXE_SOI_DTD, 1, 7) AS ym, COUNT(*) AS n FROM "${t}"
       WHERE EXE_SOI_DTD BETWEEN ${sqlString(r.startIso)} AND ${sqlString(r.endIso)} GROUP BY 1, 2`,
    );
    addMonthlyCounts(r, rows, 'n', BANDS, observed, perPerson);
  }
  const comparison = sexBandComparison({
    id: 'ace.rate',
    title: 'Hospital outpatient passages (ACE) per 1 000 person-years / Passages en actes et consultations externes pour 1 000 personnes-années',
    unit: 'passages per 1 000 person-years',
    bands: BANDS.labels,
    observed,
    expected,
    denominator: py,
    per: 1000,
    rule: DEFAULT_RULE,
    xLabel: 'Age at the passage / Âge au passage (ans)',
    yLabel: 'Passages per 1 000 PY / pour 1 000 personnes-années',
    dispersion: dispersionOf(perPerson.values()),
    notes: [
      `Passages: rows of ${tables.length > 0 ? tables.join(', ') : 'T_MCOyyCSTC (absent)'} with a date in the period; target: the published national volume (77 M passages in 2017, public and ESPIC hospitals) spread by sex and age like liberal specialist and GP consultations and CCAM acts (data/sources/62-ace.md) × person-years.`,
    ],
  });
  return {
    id: 'ace',
    titleFr: 'Actes et consultations externes (ACE)',
    titleEn: 'Hospital outpatient care (ACE)',
    description: 'Outpatient passages of public and non-profit hospitals (PMSI T_MCOyyCSTC) per 1 000 person-years by sex and age, compared with the published national volume scaled by age.',
    comparisons: [comparison],
    pass: allPass([comparison]),
  };
}
