/**
 * `data/artefact_parameters.csv`: the rates at which `simulate --texture realistic` writes the DCIR's
 * administrative artefacts (provenance: `data/sources/57-artefacts.md`).
 *
 * - `regularisation_share`: share of prestations cancelled by a regularisation line in a later flux, read
 *   as the negative reimbursed amounts over the total reimbursed amount of Open DAMIR 2014-2025
 *   (published_figures_2, topic `snds_admin_regularisation`): each regularised prestation adds one negative
 *   line of its own amount, so this share of amounts is the share of prestations cancelled.
 * Which public hospitals bill directly (`ETE_IND_TAA = 1`; the others transmit their activity "pour
 * information", `DPN_QLF = 71`) is decided by the ACE model from `ace_parameters.csv`.
 * - modelling choices (no published figure): the share of regularisations re-issued (the others cancel a
 *   duplicate), and the mean delay of the regularisation after the first flux.
 */
import type { BuildContext, DataBuilder } from './lib';
import { readRawCsv, round, writeTable } from './lib';

const FIGURES = 'published_figures_2/figures.csv';

/** Modelling choice: half of the regularisations re-issue the cancelled line, half cancel a duplicate. */
const REISSUE_SHARE = 0.5;
/** Modelling choice: mean days between the first flux month and the regularisation's processing. */
const REGULARISATION_MEAN_DELAY_DAYS = 30;

function figureRows(ctx: BuildContext, topic: string): Record<string, string>[] {
  return readRawCsv(ctx, FIGURES).filter((r) => r.topic === topic);
}

/** Numbers of a figure's value ("rem 1405038187493.41 EUR; rem_neg -43502681794.03 EUR" → both). */
function numbers(text: string): number[] {
  return [...text.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

export const artefactsBuilder: DataBuilder = {
  name: 'artefacts',
  outputs: ['artefact_parameters.csv'],
  build(ctx) {
    const reg = figureRows(ctx, 'snds_admin_regularisation').find((r) => (r.figure ?? '').includes('total reimbursed (rem)'));
    if (!reg) throw new Error(`${FIGURES}: no snds_admin_regularisation row with the total reimbursed amount`);
    const [rem, remNeg] = numbers(reg.value ?? '');
    if (rem === undefined || remNeg === undefined || rem <= 0 || remNeg >= 0) throw new Error(`${FIGURES}: unexpected regularisation value ${JSON.stringify(reg.value)}`);
    const rows: (string | number)[][] = [
      ['regularisation_share', round(-remNeg / rem, 6), 'share of prestations', `${FIGURES}#snds_admin_regularisation`],
      ['regularisation_reissue_share', REISSUE_SHARE, 'share of regularisations', 'modelling choice (57-artefacts.md)'],
      ['regularisation_mean_delay_days', REGULARISATION_MEAN_DELAY_DAYS, 'days after the first day of the next month', 'modelling choice (57-artefacts.md)'],
    ];
    writeTable(ctx, 'artefact_parameters.csv', ['name', 'value', 'unit', 'source'], rows);
  },
};
