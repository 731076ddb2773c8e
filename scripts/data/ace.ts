/**
 * `data/ace_parameters.csv`: hospital outpatient care (actes et consultations externes, ACE) of public and
 * not-for-profit hospitals (provenance: `data/sources/62-ace.md`). Published figures are read from the quotes
 * of `published_figures_2/figures.csv` (topics `hospital_outpatient_ace` and `snds_admin_ete_ind_taa`), never
 * typed here; the modelling parameters below are choices of ours where nothing is published.
 */
import type { BuildContext, Cell, DataBuilder } from './lib';
import { readRawCsv, writeTable } from './lib';

const FIGURES = 'published_figures_2/figures.csv';

/** One row of the figures file, chosen by topic and a phrase of its `figure`. */
function figure(ctx: BuildContext, topic: string, phrase: string): Record<string, string> {
  const rows = readRawCsv(ctx, FIGURES).filter((r) => r.topic === topic && (r.figure ?? '').includes(phrase));
  if (rows.length !== 1) throw new Error(`${FIGURES}: expected one ${topic} row with "${phrase}", found ${rows.length}`);
  return rows[0] as Record<string, string>;
}

/** The numbers of a `value` cell separated by ';', in order. */
function parts(value: string): number[] {
  return value.split(';').map((s) => {
    const n = Number(s.trim());
    if (!Number.isFinite(n)) throw new Error(`${FIGURES}: "${s}" is not a number`);
    return n;
  });
}

/**
 * Modelling parameters (no published figure; see 62-ace.md): the chance that a full-hospitalisation stay is
 * followed by an outpatient consultation in the same establishment, the mean delay (days) of that follow-up,
 * the share of passages with biology and the NABM tests of such a passage (their product × passages gives the
 * published number of biology acts when it equals the published acts per passage), and the pregnancies followed at a
 * public or non-profit maternity: their share, the number of consultations and the weeks between them (the last one
 * that many weeks before the birth).
 */
const MODELLING: readonly (readonly [string, number, string])[] = [
  ['follow_up_probability_after_full_stay', 0.3, 'probability'],
  ['follow_up_mean_delay_days', 30, 'days'],
  ['biology_tests_per_biology_passage', 3, 'NABM acts'],
  ['pregnancy_follow_up_share', 0.5, 'share of pregnancies'],
  ['pregnancy_consultations', 3, 'consultations'],
  ['pregnancy_consultation_interval_weeks', 8, 'weeks'],
];

/**
 * NABM codes of outpatient biology: those the shipped pathway modules monitor (scenarios/modules/*.yaml), drawn
 * with equal weights (modelling choice: no open volume of hospital outpatient biology by code is held).
 */
const BIOLOGY_TESTS: readonly number[] = [593, 996, 1133, 1577, 1610, 1821];

export const aceBuilder: DataBuilder = {
  name: 'ace',
  outputs: ['ace_parameters.csv', 'ace_biology_tests.csv'],
  build(ctx) {
    const out: Cell[][] = [];
    const passages = figure(ctx, 'hospital_outpatient_ace', 'number of ACE passages');
    out.push(['passages_per_year', parts(passages.value ?? '')[0] as number, 'passages per year', `hospital_outpatient_ace#${passages.year}`]);
    out.push(['passages_reference_year', Number(passages.year), 'year', `hospital_outpatient_ace#${passages.year}`]);
    const byType = figure(ctx, 'hospital_outpatient_ace', 'ACE volumes by type');
    const [spe, gp, img, bio] = parts(byType.value ?? '');
    const src = 'hospital_outpatient_ace#volumes_by_type';
    out.push(['specialist_consultations_per_year', spe as number, 'acts per year', src]);
    out.push(['gp_consultations_per_year', gp as number, 'acts per year', src]);
    out.push(['imaging_acts_per_year', img as number, 'acts per year', src]);
    out.push(['biology_acts_per_year', bio as number, 'acts per year', src]);
    // "<1 (2010-2012); 3 (2013); 5 (2014) …": the share of public hospitals billing directly, by year.
    const taa = figure(ctx, 'snds_admin_ete_ind_taa', 'by year');
    for (const m of (taa.value ?? '').matchAll(/(^|;\s*)(\d+) \((\d{4})\)/g)) {
      out.push([`fides_share_public_pct_${m[3]}`, Number(m[2]), '% of public hospitals', 'snds_admin_ete_ind_taa']);
    }
    if (!out.some((r) => r[0] === 'fides_share_public_pct_2019')) throw new Error(`${FIGURES}: no 2019 share of public hospitals with ETE_IND_TAA = 1`);
    for (const [name, value, unit] of MODELLING) out.push([name, value, unit, 'modelling choice (62-ace.md)']);
    writeTable(ctx, 'ace_parameters.csv', ['name', 'value', 'unit', 'source'], out);
    writeTable(ctx, 'ace_biology_tests.csv', ['nabm'], BIOLOGY_TESTS.map((c) => [c]));
  },
};
