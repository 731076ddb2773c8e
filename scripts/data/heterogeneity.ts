/**
 * Who consumes and how much, and which doctor and pharmacy: `data/care_heterogeneity_parameters.csv`, the
 * published figures the person's latent care propensity and the choice of providers are fitted to, and the
 * modelling choices where nothing is published (`data/sources/57-heterogeneity.md`).
 *
 * The world (src/world/CarePropensity.ts) solves the model's parameters from these figures: the gamma shape
 * of the propensity so that the population's share of persons seen by a GP is the published one, the
 * hospital-specific gamma shape so that the share of hospitalised persons with a single stay is the published
 * one, the probability that a GP consultation is with another GP than the médecin traitant so that the share
 * of GP patients seeing ≥ 2 GPs is the published one. These three figures are flagged `fed_to_simulate` in
 * data/validation/texture_figures.csv; the report judges the outputs with the others.
 */
import type { BuildContext, Cell, DataBuilder } from './lib';
import { readRawCsv, round, writeTable } from './lib';

const FIGURES = 'published_figures_2/figures.csv';
const PYRAMID = 'insee_pop/donnees_pyramide_act_2022.csv';

/** One row of figures.csv, chosen by topic and a phrase of its `figure`. */
function figure(ctx: BuildContext, topic: string, phrase: string): Record<string, string> {
  const rows = readRawCsv(ctx, FIGURES).filter((r) => r.topic === topic && (r.figure ?? '').includes(phrase));
  if (rows.length !== 1) throw new Error(`${FIGURES}: expected one ${topic} row with "${phrase}", found ${rows.length}`);
  return rows[0] as Record<string, string>;
}

/** The first number written in a cell ("57000000 (31 million women)" → 57000000). */
function firstNumber(value: string, what: string): number {
  const m = /\d+(?:\.\d+)?/.exec(value);
  if (!m) throw new Error(`${FIGURES}: no number in the ${what} figure "${value}"`);
  return Number(m[0]);
}

/** Population of France on 1 January of `year` (INSEE age pyramid, both sexes, all ages). */
function francePopulation(ctx: BuildContext, year: number): number {
  const rows = readRawCsv(ctx, PYRAMID, { delimiter: ';' }).filter((r) => Number(r.ANNEE) === year);
  if (rows.length === 0) throw new Error(`${PYRAMID}: no row for ${year}`);
  return rows.reduce((s, r) => s + Number(r.POP), 0);
}

/**
 * Share of the acute prescriptions dispensed at another pharmacy than the usual one (near work, while
 * travelling). Modelling choice: no published share of dispensings away from the usual pharmacy was found.
 */
const ACUTE_ELSEWHERE_SHARE = 0.1;
/**
 * Share of the other-GP consultations that are with a GP of the département rather than one near home (near
 * work, on call). Modelling choice, unpublished.
 */
const OTHER_GP_AWAY_SHARE = 0.5;

export const heterogeneityBuilder: DataBuilder = {
  name: 'heterogeneity',
  outputs: ['care_heterogeneity_parameters.csv'],
  build(ctx: BuildContext): void {
    const seen = figure(ctx, 'gp_consultations_volume', 'persons seen by GPs in the year');
    const seenYear = Number(seen.year);
    const persons = firstNumber(seen.value ?? '', 'persons seen by GPs');
    const population = francePopulation(ctx, seenYear);
    const twoGps = figure(ctx, 'gp_distinct_per_patient', 'at least 2 different GPs');
    const single = figure(ctx, 'hospital_all_fields', 'single stay');
    const gpAld = figure(ctx, 'gp_consultations_volume', 'share with ALD patients');
    const aldPart = (gpAld.value ?? '').split(';').find((x) => x.includes('ALD')) ?? '';
    const fraction = /(\d+)\/(\d+)/.exec(aldPart);
    if (!fraction) throw new Error(`${FIGURES}: no fraction in the ALD part of "${gpAld.value}"`);
    const rows: Cell[][] = [
      [
        'share_persons_seen_by_gp',
        round(persons / population, 4),
        'share of the population',
        `${persons} persons seen by GPs in ${seenYear} (published_figures_2, ${seen.source_url}) / ${population} inhabitants of France on 1 January ${seenYear} (INSEE age pyramid)`,
      ],
      [
        'share_gp_patients_two_or_more_gps',
        round(firstNumber(twoGps.value ?? '', 'distinct GPs') / 100, 4),
        'share of GP patients',
        `CNAMTS 1992 via ${twoGps.source_url}: 36.9 % of patients consulted at least 2 different GPs in the year`,
      ],
      [
        'share_hospitalised_single_stay',
        round(firstNumber(single.value ?? '', 'single stay') / 100, 4),
        'share of hospitalised persons',
        `DREES Panorama 2019, all fields (${single.source_url}): 66 % of hospitalised patients had a single stay in the year`,
      ],
      [
        'share_gp_consultations_ald_patients',
        round(Number(fraction[1]) / Number(fraction[2]), 4),
        'share of GP consultations',
        `DREES 2002 survey of liberal GPs (${gpAld.source_url}): more than a quarter of consultations and visits are with patients in ALD (lower bound taken)`,
      ],
      ['share_acute_dispensings_elsewhere', ACUTE_ELSEWHERE_SHARE, 'share of acute prescriptions', 'modelling choice: no published figure (near work, travelling)'],
      ['share_other_gp_away_from_home', OTHER_GP_AWAY_SHARE, 'share of other-GP consultations', 'modelling choice: no published figure (near work, on call)'],
    ];
    writeTable(ctx, 'care_heterogeneity_parameters.csv', ['name', 'value', 'unit', 'basis'], rows);
  },
};
