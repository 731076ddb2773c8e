import type { DataRegistry } from '../data';
import { DataError } from '../errors';

/**
 * The rates at which `texture: realistic` writes the DCIR's administrative artefacts, from
 * data/artefact_parameters.csv (data/sources/57-artefacts.md). Read when the world is built, so that
 * every worker and the run manifest's data hashes see the same file.
 */
export interface ArtefactParameters {
  /** Share of prestations cancelled by a regularisation in a later flux. */
  readonly regularisationShare: number;
  /** Share of the regularisations that re-issue the cancelled line (the others cancel a duplicate). */
  readonly reissueShare: number;
  /** Mean days between the first day of the month after the first processing and the regularisation. */
  readonly regularisationMeanDelay: number;
}

/** Reads data/artefact_parameters.csv; throws naming the missing parameter and the fix. */
export function readArtefactParameters(data: DataRegistry): ArtefactParameters {
  const t = data.get('artefact_parameters.csv');
  const values = new Map(t.rows.map((r) => [r.name ?? '', Number(r.value)]));
  const get = (name: string): number => {
    const v = values.get(name);
    if (v === undefined || !Number.isFinite(v)) throw new DataError(`data/artefact_parameters.csv has no numeric parameter ${name}: rebuild it with npm run data:build`);
    return v;
  };
  return { regularisationShare: get('regularisation_share'), reissueShare: get('regularisation_reissue_share'), regularisationMeanDelay: get('regularisation_mean_delay_days') };
}
