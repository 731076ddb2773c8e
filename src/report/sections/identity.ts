import type { ReportDatabase } from '../database';
import { allPass } from '../tolerance';
import type { Comparison, ComparisonRow, Section, ToleranceRule } from '../types';
import { categoryComparison } from './common';

const BAND_RULE: ToleranceRule = { relative: 0, z: 0 };

function bandRow(category: string, label: string, observed: number, expected: number, low: number, high: number, count: number): ComparisonRow {
  return { category, series: 'all', label, observed, expected, low, high, observedCount: count, expectedCount: count, pass: observed >= low && observed <= high };
}

/**
 * Beneficiary identifiers: IR_BEN_R records with BEN_NIR_ANO filled (the published 97 %, September 2020,
 * fed to simulate with `texture: realistic`), and persons counted on BEN_IDT_ANO against distinct
 * BEN_NIR_PSA (the over-count of a query that forgets that a person may have several pseudonyms).
 */
export async function identitySection(r: ReportDatabase): Promise<Section> {
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
  return {
    id: 'identity',
    titleFr: 'Identifiants des bénéficiaires',
    titleEn: 'Beneficiary identifiers',
    description: 'Pseudonyms per person (BEN_NIR_PSA, BEN_RNG_GEM, BEN_IDT_ANO in IR_BEN_R), the share of records with BEN_NIR_ANO, against the SNDS documentation.',
    comparisons,
    pass: allPass(comparisons),
  };
}
