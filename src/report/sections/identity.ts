import { num, str } from '../../data';
import type { TargetedDatabase } from '../targets';
import { allPass } from '../tolerance';
import type { Comparison, ComparisonRow, Section } from '../types';
import { bandComparison, bandRow, BAND_RULE, categoryComparison } from './common';

/** Relative band around the regularisation share: the share of amounts depends on which prestations are cancelled. */
const REGULARISATION_BAND = 0.3;

/**
 * Beneficiary identifiers: IR_BEN_R records with BEN_NIR_ANO filled (the published 97 %, September 2020,
 * fed to simulate with `texture: realistic`), and persons counted on BEN_IDT_ANO against distinct
 * BEN_NIR_PSA (the over-count of a query that forgets that a person may have several pseudonyms).
 */
export async function identitySection(r: TargetedDatabase): Promise<Section> {
  const comparisons: Comparison[] = [];
  if (r.tables.has('IR_BEN_R')) {
    const row = await r.db.get(
      'SELECT COUNT(*) AS n, SUM(CASE WHEN BEN_NIR_ANO IS NOT NULL THEN 1 ELSE 0 END) AS filled, COUNT(DISTINCT BEN_IDT_ANO) AS idt, COUNT(DISTINCT BEN_NIR_PSA) AS psa FROM IR_BEN_R',
    );
    const n = Number(row?.n ?? 0);
    const share = n > 0 ? (100 * Number(row?.filled ?? 0)) / n : 0;
    const clean = r.manifest.texture === 'clean';
    const idt = Number(row?.idt ?? 0);
    const psa = Number(row?.psa ?? 0);
    const rows: ComparisonRow[] = [
      clean ? bandRow('BEN_NIR_ANO', 'IR_BEN_R records with BEN_NIR_ANO (texture clean: all) / enregistrements avec BEN_NIR_ANO', share, 100, 100, 100, n) : bandRow('BEN_NIR_ANO', 'IR_BEN_R records with BEN_NIR_ANO / enregistrements avec BEN_NIR_ANO', share, 97, 96, 98, n),
    ];
    comparisons.push({
      ...categoryComparison(
        {
          id: 'identity.nir_ano',
          title: 'IR_BEN_R records with BEN_NIR_ANO filled / Enregistrements de IR_BEN_R avec BEN_NIR_ANO renseigné',
          unit: '%',
          rule: BAND_RULE,
          xLabel: 'Identifier / Identifiant',
          yLabel: '% of records / % des enregistrements',
          notes: [
            '97 % in September 2020 (Documentation SNDS, guide CépiDc, chap. 2; figures.csv topic snds_admin_identifiers): fed to simulate (MISSING_NIR_SHARE is set from it), so this verifies the mechanism, not realism.',
          ],
        },
        rows,
      ),
      tolerance: clean ? 'share = 100 % (texture clean)' : '96 % ≤ share ≤ 98 %',
    });
    comparisons.push({
      ...categoryComparison(
        {
          id: 'identity.persons',
          title: 'Persons: distinct BEN_IDT_ANO and distinct BEN_NIR_PSA / Personnes : BEN_IDT_ANO et BEN_NIR_PSA distincts',
          unit: 'persons / personnes',
          rule: BAND_RULE,
          xLabel: 'Count / Décompte',
          yLabel: 'persons / personnes',
          notes: [
            `IR_BEN_R: ${n} records, ${idt} persons (distinct BEN_IDT_ANO), ${psa} distinct BEN_NIR_PSA (+${psa - idt}, ${idt > 0 ? ((100 * (psa - idt)) / idt).toFixed(1) : '0'} %). Count persons on BEN_IDT_ANO (joined from the lines' BEN_NIR_PSA and BEN_RNG_GEM through IR_BEN_R); distinct BEN_NIR_PSA over-counts children attached to both parents and persons who became insured in their own right.`,
          ],
        },
        [bandRow('BEN_NIR_PSA', 'distinct BEN_NIR_PSA ≥ persons / BEN_NIR_PSA distincts ≥ personnes', psa, idt, idt, clean ? idt : 2 * idt, psa)],
      ),
      tolerance: clean ? 'distinct BEN_NIR_PSA = persons (texture clean)' : 'persons ≤ distinct BEN_NIR_PSA ≤ 2 × persons',
    });
  }
  const regularisation = await regularisationComparison(r);
  if (regularisation) comparisons.push(regularisation);
  return {
    id: 'identity',
    titleFr: 'Identifiants des bénéficiaires et artefacts administratifs',
    titleEn: 'Beneficiary identifiers and administrative artefacts',
    description:
      'Pseudonyms per person (BEN_NIR_PSA, BEN_RNG_GEM, BEN_IDT_ANO in IR_BEN_R), the share of records with BEN_NIR_ANO, and the negative amounts of the regularisation lines of ER_PRS_F, against the SNDS documentation and Open DAMIR.',
    comparisons,
    pass: allPass(comparisons),
  };
}

/**
 * Negative reimbursed amounts (regularisation lines, BSE_REM_MNT < 0) over the net reimbursed amount of ER_PRS_F,
 * the way the published Open DAMIR share is computed (rem_neg / rem). Texture realistic only (clean has none). Sums in
 * cents (integers: the same on every engine). The band is ±30 %, or wider in a small run: the share is a sum of few
 * heavy-tailed amounts (relative standard error √(1 + CV²) / √k for k lines of coefficient of variation CV; 3 of them).
 */
async function regularisationComparison(r: TargetedDatabase): Promise<Comparison | undefined> {
  if (!r.tables.has('ER_PRS_F') || r.manifest.texture === 'clean') return undefined;
  const t = r.targets.read('artefact_parameters.csv');
  const param = t.rows.find((x) => str(t, x, 'name') === 'regularisation_share');
  if (!param) return undefined;
  const target = 100 * num(t, param, 'value');
  const net = Number((await r.db.get('SELECT SUM(ROUND(BSE_REM_MNT * 100)) AS net FROM ER_PRS_F'))?.net ?? 0);
  const negatives = (await r.db.all('SELECT ROUND(-BSE_REM_MNT * 100) AS c FROM ER_PRS_F WHERE BSE_REM_MNT < 0 ORDER BY 1')).map((x) => Number(x.c));
  const k = negatives.length;
  const neg = negatives.reduce((a, b) => a + b, 0);
  const mean = k > 0 ? neg / k : 0;
  const variance = k > 1 ? negatives.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (k - 1) : 0;
  const cv = mean > 0 ? Math.sqrt(variance) / mean : 0;
  const half = Math.max(REGULARISATION_BAND, k > 0 ? (3 * Math.sqrt(1 + cv * cv)) / Math.sqrt(k) : 1);
  const [low, high] = [round4(target * (1 - half)), round4(target * (1 + half))];
  const share = net > 0 ? (100 * neg) / net : 0;
  return bandComparison(
    {
      id: 'identity.regularisation',
      title: 'Negative reimbursed amounts (regularisations), % of the net / Montants remboursés négatifs (régularisations), % du net',
      unit: '%',
      xLabel: 'Lines / Lignes',
      yLabel: '% of the net reimbursed amount / % du remboursé net',
      tolerance: `${low.toFixed(2)} % ≤ share ≤ ${high.toFixed(2)} %`,
      notes: [
        `Σ −BSE_REM_MNT of the ${k} ER_PRS_F lines with BSE_REM_MNT < 0 over Σ BSE_REM_MNT of all lines. Target: Open DAMIR 2014–2025, rem_neg ÷ rem = ${target.toFixed(2)} % (published_figures_2, topic snds_admin_regularisation): fed to simulate as the share of prestations regularised (artefact_parameters.csv), so this verifies the mechanism, not realism. Band: ±${100 * REGULARISATION_BAND} %, or 3 relative standard errors of a sum of ${k} amounts of coefficient of variation ${cv.toFixed(2)} when wider.`,
      ],
    },
    [bandRow('regularisation', 'negative amounts / montants négatifs (%)', share, target, low, high, k)],
  );
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
