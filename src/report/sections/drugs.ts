import { personKeySql } from '../../readback';
import { yearOfDay } from '../../events';
import { num, str } from '../../data';
import type { TargetedDatabase } from '../targets';
import { AgeBands } from '../exposure';
import { atc1Labels } from '../labels';
import { DCIR_JOIN, sqlString } from '../../snds';
import { allPass, compareCount, DEFAULT_RULE, dispersionOf } from '../tolerance';
import type { ComparisonRow, Section } from '../types';
import { addMonthlyCounts, addTo, exposureBySexBand, categoryComparison, cellOf, sexBandComparison, sexBandZeros } from './common';

/** 6. Dispensed boxes per person-year by Open Medic age band × sex, and shares by ATC1, vs Open Medic. */
export async function drugsSection(r: TargetedDatabase): Promise<Section> {
  const t = r.targets.read('drug_boxes_age_sex.csv');
  // As the simulator's drug model: the latest Open Medic year not after the start, else the earliest.
  const years = [...new Set(t.rows.map((row) => num(t, row, 'year')))].sort((a, b) => a - b);
  const notAfter = years.filter((y) => y <= yearOfDay(r.start));
  const year = (notAfter.length > 0 ? notAfter[notAfter.length - 1] : years[0]) as number;
  const labels: string[] = [];
  for (const row of t.rows) if (num(t, row, 'year') === year && !labels.includes(str(t, row, 'age_band'))) labels.push(str(t, row, 'age_band'));
  const lows = labels.map((l) => Number(/^\d+/.exec(l)?.[0] ?? NaN));
  const order = lows.map((lo, i) => ({ lo, l: labels[i] as string })).sort((a, b) => a.lo - b.lo);
  const bands = new AgeBands(order.map((o) => o.lo));
  const rate = sexBandZeros(bands.length);
  for (const row of t.rows) {
    if (num(t, row, 'year') !== year) continue;
    const sex = num(t, row, 'sex');
    if (sex !== 1 && sex !== 2) continue;
    addTo(rate, sex, bands.index(Number(/^\d+/.exec(str(t, row, 'age_band'))?.[0])), num(t, row, 'boxes_per_person'));
  }
  const { py, expected } = exposureBySexBand(r, bands, (s) => cellOf(rate, s.sex, bands.index(s.age)));
  const observed = sexBandZeros(bands.length);
  const byAtc = new Map<string, number>();
  // Keyed by person (a person may have several BEN_NIR_PSA).
  const perPerson = new Map<number, number>();
  if (r.tables.has('ER_PHA_F') && r.tables.has('ER_PRS_F')) {
    const period = `p.EXE_SOI_DTD BETWEEN ${sqlString(r.startIso)} AND ${sqlString(r.endIso)}`;
    const rows = await r.db.all(`SELECT ${personKeySql(r.db.columns('ER_PRS_F'), 'p.')} AS nir, substr(p.EXE_SOI_DTD, 1, 7) AS ym, SUM(h.PHA_ACT_QSN) AS boxes FROM ER_PHA_F h JOIN ER_PRS_F p ${DCIR_JOIN} WHERE ${period} GROUP BY 1, 2`);
    addMonthlyCounts(r, rows, 'boxes', bands, observed, perPerson);
    const ref = r.tables.has('IR_PHA_R');
    const sql = ref
      ? `SELECT substr(COALESCE(NULLIF(r.PHA_ATC_C07, ''), NULLIF(r.PHA_ATC_C03, ''), ''), 1, 1) AS atc, SUM(h.PHA_ACT_QSN) AS boxes FROM ER_PHA_F h JOIN ER_PRS_F p ${DCIR_JOIN} LEFT JOIN IR_PHA_R r ON r.PHA_CIP_C13 = h.PHA_PRS_C13 WHERE ${period} GROUP BY 1`
      : '';
    if (ref) for (const row of await r.db.all(sql)) byAtc.set(String(row.atc), Number(row.boxes));
  }
  const dispersion = dispersionOf(perPerson.values());
  const bySexAge = sexBandComparison({
    id: 'drugs.age_sex',
    title: `Boxes dispensed per person-year (Open Medic ${year}) / Boîtes délivrées par personne-année`,
    unit: 'boxes per person-year',
    bands: order.map((o) => o.l),
    observed,
    expected,
    denominator: py,
    per: 1,
    rule: DEFAULT_RULE,
    xLabel: 'Age (Open Medic band) / Âge (tranche Open Medic)',
    yLabel: 'Boxes per PY / Boîtes par personne-année',
    dispersion,
    notes: ['Boxes: Σ ER_PHA_F.PHA_ACT_QSN of the lines joined to ER_PRS_F (nine DCIR keys), dispensing date in the period, by age in the month of dispensing.'],
  });
  const at = r.targets.read('drug_boxes_atc1.csv');
  const targetBoxes = new Map(at.rows.map((row) => [str(at, row, 'atc1'), num(at, row, 'boxes')]));
  const targetTotal = [...targetBoxes.values()].reduce((a, b) => a + b, 0);
  let known = 0;
  let unknown = 0;
  for (const [atc, boxes] of byAtc) {
    if (targetBoxes.has(atc)) known += boxes;
    else unknown += boxes;
  }
  const label = atc1Labels();
  const atcRows: ComparisonRow[] = [...targetBoxes.keys()].map((atc) =>
    compareCount({ category: atc, series: 'all', label: label(atc), observedCount: byAtc.get(atc) ?? 0, expectedCount: targetTotal > 0 ? ((targetBoxes.get(atc) as number) / targetTotal) * known : 0, scale: known > 0 ? 100 / known : 0, dispersion }, DEFAULT_RULE),
  );
  const byAtc1 = categoryComparison(
    {
      id: 'drugs.atc1',
      title: 'Share of boxes by ATC1 class / Part des boîtes par classe ATC1',
      unit: '% of boxes with an ATC class',
      rule: DEFAULT_RULE,
      dispersion,
      xLabel: 'ATC anatomical main group / Groupe anatomique ATC',
      yLabel: 'Share of boxes (%) / Part des boîtes (%)',
      notes: [`ATC1: first letter of IR_PHA_R.PHA_ATC_C07 of the dispensed CIP13 (of PHA_ATC_C03 when the referential knows only the ATC level 2); shares among the ${known} boxes with an ATC class${unknown > 0 ? ` (${unknown} boxes without an ATC class in IR_PHA_R are left out)` : ''}. Target: Open Medic 2025 boxes by ATC1 (data/drug_boxes_atc1.csv; the only year with an ATC breakdown, compared whatever the simulated year; national, all ages: the simulator applies the same drug mix to every age band and sex).`],
    },
    atcRows,
  );
  return {
    id: 'drugs',
    titleFr: 'Médicaments délivrés',
    titleEn: 'Drug dispensings',
    description: 'Boxes dispensed in community pharmacies (ER_PHA_F) per person-year by sex and Open Medic age band, and their shares by ATC anatomical group, compared with the Open Medic totals (CNAM).',
    comparisons: [bySexAge, byAtc1],
    pass: allPass([bySexAge, byAtc1]),
  };
}
