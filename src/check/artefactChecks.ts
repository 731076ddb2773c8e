import type { Check } from './Check';
import type { CheckContext } from './database';
import { q, rowId } from './sql';

/**
 * Columns identifying one prestation across its lines ("lignes identiques de prestations", Documentation
 * SNDS, fiches/sas_prestation_dcir.md): a regularisation repeats them with a negative quantity.
 */
const PRESTATION = ['BEN_NIR_PSA', 'BEN_RNG_GEM', 'EXE_SOI_DTD', 'EXE_SOI_DTF', 'PRS_NAT_REF', 'PFS_EXE_NUM', 'PFS_PRE_NUM', 'CPL_MAJ_TOP', 'DPN_QLF'];

/**
 * Structural rules of the DCIR's administrative artefacts: regularisations net to a non-negative quantity
 * per prestation; a supplement line (CPL_MAJ_TOP = 2) rides on a base line (CPL_MAJ_TOP < 2) of the same
 * person, care day, nature, executant and processing; an information-only line (DPN_QLF = 71) is qualified
 * 71 as transmitted too (PRS_DPN_QLP) and belongs to the public sector (PRS_PPU_SEC = 1).
 */
export function artefactChecks(ctx: CheckContext): Check[] {
  const cols = PRESTATION.map(q).join(', ');
  const netNegative = `SELECT ${cols}, SUM(PRS_ACT_QTE) AS net FROM ${q('ER_PRS_F')} GROUP BY ${cols} HAVING MIN(PRS_ACT_QTE) < 0 AND SUM(PRS_ACT_QTE) < 0`;
  const orphan = `${q('ER_PRS_F')} t WHERE t.CPL_MAJ_TOP = 2 AND NOT EXISTS (SELECT 1 FROM ${q('ER_PRS_F')} b WHERE b.BEN_NIR_PSA = t.BEN_NIR_PSA
      AND b.EXE_SOI_DTD = t.EXE_SOI_DTD AND b.PRS_NAT_REF = t.PRS_NAT_REF AND b.FLX_TRT_DTD = t.FLX_TRT_DTD
      AND b.PFS_EXE_NUM IS NOT DISTINCT FROM t.PFS_EXE_NUM AND COALESCE(b.CPL_MAJ_TOP, 0) < 2 AND b.PRS_ACT_QTE > 0)`;
  const information = `${q('ER_PRS_F')} t WHERE t.DPN_QLF = 71 AND (t.PRS_DPN_QLP IS DISTINCT FROM 71 OR t.PRS_PPU_SEC IS DISTINCT FROM 1)`;
  return [
    {
      id: 'artefact.regularisation-net.ER_PRS_F',
      description: 'regularisations net to a non-negative quantity per prestation (Σ PRS_ACT_QTE ≥ 0 over the lines identical but for their keys and amounts)',
      tables: ['ER_PRS_F'],
      countSql: `SELECT COUNT(*) AS n FROM (${netNegative}) x`,
      examplesSql: `SELECT * FROM (${netNegative}) x`,
    },
    {
      id: 'artefact.supplement-attached.ER_PRS_F',
      description: 'every supplement line (CPL_MAJ_TOP = 2) rides on a base line (CPL_MAJ_TOP < 2, positive quantity) of the same person, care day, nature, executant and processing day',
      tables: ['ER_PRS_F'],
      countSql: `SELECT COUNT(*) AS n FROM ${orphan}`,
      examplesSql: `SELECT ${rowId(ctx.engine, 't')} AS "row", t.BEN_NIR_PSA, t.EXE_SOI_DTD, t.PRS_NAT_REF, t.FLX_TRT_DTD FROM ${orphan}`,
    },
    {
      id: 'artefact.information-line.ER_PRS_F',
      description: 'every information-only line (DPN_QLF = 71) has PRS_DPN_QLP = 71 and the public sector (PRS_PPU_SEC = 1)',
      tables: ['ER_PRS_F'],
      countSql: `SELECT COUNT(*) AS n FROM ${information}`,
      examplesSql: `SELECT ${rowId(ctx.engine, 't')} AS "row", t.BEN_NIR_PSA, t.DPN_QLF, t.PRS_DPN_QLP, t.PRS_PPU_SEC FROM ${information}`,
    },
  ];
}
