import { personKeySql } from '../../readback';
import { num, str } from '../../data';
import type { TargetedDatabase } from '../targets';
import { forEachSegment } from '../exposure';
import { regroupementLabels } from '../labels';
import { DCIR_JOIN, sqlString } from '../../snds';
import { allPass, compareCount, DEFAULT_RULE, dispersionOf } from '../tolerance';
import type { ComparisonRow, Section } from '../types';
import { categoryComparison } from './common';

/** 5. CCAM acts of private practice (ER_CAM_F) per 1000 person-years by regroupement and by specialty group vs the national rates. */
export async function actsSection(r: TargetedDatabase): Promise<Section> {
  const t = r.targets.read('specialist_acts.csv.gz');
  const pySex = [0, 0, 0];
  for (const p of r.persons.values()) forEachSegment(p, r.start, r.end, (s) => (pySex[s.sex] = (pySex[s.sex] as number) + s.years));
  const pyAll = (pySex[1] as number) + (pySex[2] as number);
  const regOf = new Map<string, string>();
  const groupOf = new Map<string, string>();
  const expReg = new Map<string, number>();
  const expGroup = new Map<string, number>();
  for (const row of t.rows) {
    const code = str(t, row, 'act');
    const reg = str(t, row, 'regroupement');
    const group = str(t, row, 'group');
    if (!regOf.has(code)) regOf.set(code, reg);
    if (!groupOf.has(code)) groupOf.set(code, group);
    const sex = num(t, row, 'sex');
    // Rates of sex-specific acts are per person of that sex; the others per person.
    const e = num(t, row, 'rate') * (sex === 1 || sex === 2 ? (pySex[sex] as number) : pyAll);
    expReg.set(reg, (expReg.get(reg) ?? 0) + e);
    expGroup.set(group, (expGroup.get(group) ?? 0) + e);
  }
  const obsReg = new Map<string, number>();
  const obsGroup = new Map<string, number>();
  let other = 0;
  // Keyed by person (a person may have several BEN_NIR_PSA).
  const perPerson = new Map<number, number>();
  if (r.tables.has('ER_CAM_F') && r.tables.has('ER_PRS_F')) {
    const rows = await r.db.all(
      `SELECT ${personKeySql(r.db.columns('ER_PRS_F'), 'p.')} AS nir, c.CAM_PRS_IDE AS code, SUM(CASE WHEN p.PRS_ACT_QTE < 0 THEN -1 ELSE 1 END) AS n FROM ER_CAM_F c JOIN ER_PRS_F p ${DCIR_JOIN}
       WHERE p.EXE_SOI_DTD BETWEEN ${sqlString(r.startIso)} AND ${sqlString(r.endIso)} AND COALESCE(p.DPN_QLF, 0) <> 71 GROUP BY 1, 2`,
    );
    for (const row of rows) {
      const code = String(row.code);
      const n = Number(row.n);
      const reg = regOf.get(code);
      const group = groupOf.get(code);
      if (reg === undefined || group === undefined) {
        other += n;
        continue;
      }
      const person = r.persons.get(String(row.nir));
      if (person) perPerson.set(person.index, (perPerson.get(person.index) ?? 0) + n);
      obsReg.set(reg, (obsReg.get(reg) ?? 0) + n);
      obsGroup.set(group, (obsGroup.get(group) ?? 0) + n);
    }
  }
  const scale = pyAll > 0 ? 1000 / pyAll : 0;
  const dispersion = dispersionOf(perPerson.values());
  const label = regroupementLabels();
  const regRows: ComparisonRow[] = [...expReg.keys()]
    .sort()
    .map((reg) => compareCount({ category: reg, series: 'all', label: label(reg), observedCount: obsReg.get(reg) ?? 0, expectedCount: expReg.get(reg) ?? 0, scale, dispersion }, DEFAULT_RULE));
  const groupRows: ComparisonRow[] = [...expGroup.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([g]) => compareCount({ category: g, series: 'all', label: g, observedCount: obsGroup.get(g) ?? 0, expectedCount: expGroup.get(g) ?? 0, scale, dispersion }, DEFAULT_RULE));
  const notes = [
    `Acts: ER_CAM_F lines joined to ER_PRS_F on the nine DCIR keys, care date (EXE_SOI_DTD) in the period; act code CAM_PRS_IDE looked up in data/specialist_acts.csv.gz${other > 0 ? ` (${other} lines with a code outside that file are left out)` : ''}.`,
    'Target: Σ over the acts of the file of their national rate per person-year (per person of the sex for sex-specific acts) × the person-years simulated.',
  ];
  const byReg = categoryComparison(
    { id: 'acts.regroupement', title: 'CCAM acts per 1000 person-years by regroupement / Actes CCAM pour 1000 par regroupement', unit: 'acts per 1000 person-years', rule: DEFAULT_RULE, dispersion, xLabel: 'CCAM regroupement / Regroupement CCAM', yLabel: 'Acts per 1000 PY / Actes ‰', notes },
    regRows,
  );
  const byGroup = categoryComparison(
    { id: 'acts.group', title: 'CCAM acts per 1000 person-years by specialty group / Actes CCAM par groupe de spécialités', unit: 'acts per 1000 person-years', rule: DEFAULT_RULE, dispersion, xLabel: 'Specialty group / Groupe de spécialités', yLabel: 'Acts per 1000 PY / Actes ‰' },
    groupRows,
  );
  return {
    id: 'acts',
    titleFr: 'Actes techniques CCAM',
    titleEn: 'CCAM technical acts',
    description: 'Technical acts of private practice (ER_CAM_F) per 1000 person-years by CCAM regroupement and by specialty group, compared with the national 2019 frequencies of data/specialist_acts.csv.gz (CNAM Open CCAM).',
    comparisons: [byReg, byGroup],
    pass: allPass([byReg, byGroup]),
  };
}
