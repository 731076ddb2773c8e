/**
 * Drugs that follow diseases and drug mix by age and sex (provenance: `data/sources/32-drug-conditions.md`):
 * - `drug_conditions.csv`: the classes that define a condition (ATC prefixes), the ALDs that qualify a person for
 *   them, the ICD-10 prefixes of the condition (the first is written to the ground truth) and whether its treated
 *   prevalence is published (`published`) or implied by the Open Medic boxes of its classes (`implied`) — our list;
 * - `drug_condition_prevalence.csv`: the published treated prevalence of a condition by sex × 5-year age (diabetes:
 *   Santé publique France, 5.2 % of the population in 2019, spread over sex × age as the ALD 8 prevalence);
 * - `drug_age_profiles.csv`: persons treated per 100 by sex × 5-year age for the classes with a published profile
 *   (CNAM Cartographie des pathologies 2020, partial sample: pooled over the départements it holds);
 * - `drug_age_limits.csv`: ages and sex outside which a class is not dispensed (our choice).
 */
import type { Cell, DataBuilder } from './lib';
import { readOut, readRawCsv, round, writeTable } from './lib';

/** Condition → classes, qualifying ALDs, ICD-10 prefixes, prevalence kind. Modelling choice (see the note). */
const CONDITIONS: readonly (readonly [string, string, string, string, 'published' | 'implied'])[] = [
  ['diabetes', 'A10', '8', 'E14 E10 E11 E12 E13', 'published'],
  ['parkinson', 'N04', '16', 'G20 G21 G22', 'implied'],
  ['epilepsy', 'N03', '9', 'G40 G41', 'implied'],
  ['hiv', 'J05AE J05AF J05AG J05AR J05AX', '7', 'B24 B20 B21 B22 B23 Z21', 'implied'],
  ['hypothyroidism', 'H03A', '', 'E03 E89', 'implied'],
  ['anticoagulation', 'B01AA B01AE B01AF', '1 3 5 13', 'Z921 I48 I26 I80', 'implied'],
];

/** Cartographie indicator → ATC prefixes of the class it profiles. */
const PROFILES: readonly (readonly [string, string])[] = [
  ['TFC_LIP_EXC', 'C10'],
  ['TPS_ADR_EXC', 'N06A'],
  ['RES_CAT_EXC', 'R03'],
];

/** Classes outside whose ages (and sex, 0 = both) nothing is dispensed. Modelling choice (see the note). */
const AGE_LIMITS: readonly (readonly [string, number, number, number])[] = [
  ['G03A', 2, 12, 54],
  ['G04C', 1, 40, 120],
  ['N06D', 0, 40, 120],
];

/** Published treated-diabetes prevalence of 2019 (row of raw/published/diabetes_followup.csv). */
const DIABETES_SOURCE = 'spf_2020_journee_diabete';
const DIABETES_YEAR = 2019;


/** Cartographie age class label → lower bound (the sample has Excel-damaged labels: 05-sept, oct-14). */
function ageMin(label: string): number | undefined {
  if (label === '05-sept') return 5;
  if (label === 'oct-14') return 10;
  if (label === '95et+') return 95;
  const m = /^(\d\d)-\d\d$/.exec(label);
  return m ? Number(m[1]) : undefined;
}

export const drugConditionsBuilder: DataBuilder = {
  name: '32-drug-conditions',
  outputs: ['drug_conditions.csv', 'drug_condition_prevalence.csv', 'drug_age_profiles.csv', 'drug_age_limits.csv', 'validation/drug_figures.csv'],
  build(ctx) {
    writeTable(ctx, 'drug_conditions.csv', ['condition', 'atc', 'alds', 'cim', 'prevalence'], CONDITIONS.map((c) => [...c]));
    writeTable(ctx, 'drug_age_limits.csv', ['atc', 'sex', 'age_min', 'age_max'], AGE_LIMITS.map((c) => [...c]));

    // Treated diabetes: k × national ALD 8 prevalence of each sex × 5-year age, k such that the 2019 population holds 5.2 %.
    const pub = readRawCsv(ctx, 'published/diabetes_followup.csv').find((r) => r.source === DIABETES_SOURCE && r.indicator === 'treated_diabetes_prevalence');
    if (!pub) throw new Error(`raw/published/diabetes_followup.csv: no row ${DIABETES_SOURCE} treated_diabetes_prevalence`);
    const target = Number(pub.value) / 100;
    const pop = new Map<string, number>();
    for (const r of readOut(ctx, 'population.csv.gz')) {
      if (Number(r.year) !== DIABETES_YEAR) continue;
      const key = `${r.dept}|${r.sex}|${Math.min(95, 5 * Math.floor(Number(r.age) / 5))}`;
      pop.set(key, (pop.get(key) ?? 0) + Number(r.count));
    }
    const cases = new Map<string, number>();
    const persons = new Map<string, number>();
    let allCases = 0;
    let allPersons = 0;
    for (const r of readOut(ctx, 'ald_prevalence.csv.gz')) {
      if (r.ald !== '8') continue;
      const n = pop.get(`${r.dept}|${r.sex}|${r.age_min}`) ?? 0;
      const key = `${r.sex}|${r.age_min}`;
      cases.set(key, (cases.get(key) ?? 0) + n * Number(r.prevalence));
      persons.set(key, (persons.get(key) ?? 0) + n);
      allCases += n * Number(r.prevalence);
      allPersons += n;
    }
    if (allCases <= 0) throw new Error('data/ald_prevalence.csv.gz: no ALD 8 prevalence');
    const k = (target * allPersons) / allCases;
    const prevRows: Cell[][] = [];
    for (const sex of [1, 2]) {
      for (let a = 0; a <= 95; a += 5) {
        const key = `${sex}|${a}`;
        const p = (persons.get(key) ?? 0) > 0 ? (k * (cases.get(key) ?? 0)) / (persons.get(key) as number) : 0;
        prevRows.push(['diabetes', sex, a, round(Math.min(0.95, p), 6)]);
      }
    }
    writeTable(ctx, 'drug_condition_prevalence.csv', ['condition', 'sex', 'age_min', 'prevalence'], prevRows);

    // Age profiles: persons treated / persons, summed over the départements of the sample (dept rows only).
    const carto = readRawCsv(ctx, 'cnam_cartographie_partial/effectifs_subset_2020.csv.gz', { delimiter: ';' });
    const out: Cell[][] = [];
    for (const [top, atc] of PROFILES) {
      const num = new Map<string, number>();
      const den = new Map<string, number>();
      for (const r of carto) {
        if (r.top !== top || r.dept === '999' || (r.sexe !== '1' && r.sexe !== '2')) continue;
        const a = ageMin(r.cla_age_5 ?? '');
        if (a === undefined) continue;
        const key = `${r.sexe}|${a}`;
        num.set(key, (num.get(key) ?? 0) + Number(r.ntop));
        den.set(key, (den.get(key) ?? 0) + Number(r.npop));
      }
      for (const sex of [1, 2]) {
        // An oldest age class missing from the sample takes the value of the last one present.
        let last: number | undefined;
        for (let a = 0; a <= 95; a += 5) {
          const d = den.get(`${sex}|${a}`) ?? 0;
          if (d > 0) last = (100 * (num.get(`${sex}|${a}`) ?? 0)) / d;
          else if (last === undefined || a < 85) throw new Error(`cnam_cartographie_partial: no département row for ${top} sex ${sex} age ${a}`);
          out.push([atc, top, sex, a, round(last, 4)]);
        }
      }
    }
    writeTable(ctx, 'drug_age_profiles.csv', ['atc', 'indicator', 'sex', 'age_min', 'treated_pct'], out);

    // Figures that judge the outputs (report section « Drug users »); fed_to_simulate says which one is an input.
    const fig: Cell[][] = [['drug_users_1', 'treated_diabetes_prevalence', 'all', 'all', pub.value ?? '', pub.year ?? '', pub.quote ?? '', `raw/published/diabetes_followup.csv#${DIABETES_SOURCE}`, 1]];
    for (const r of readRawCsv(ctx, 'published/lipid_lowering.csv')) {
      fig.push([`drug_users_${fig.length + 1}`, r.indicator ?? '', r.sex ?? '', r.age_group ?? '', r.value ?? '', r.year ?? '', r.quote ?? '', `raw/published/lipid_lowering.csv#${r.source ?? ''}`, 0]);
    }
    writeTable(ctx, 'validation/drug_figures.csv', ['id', 'indicator', 'sex', 'age_group', 'value', 'year', 'quote', 'source', 'fed_to_simulate'], fig);
  },
};
