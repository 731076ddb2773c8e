import { careLines, personKeySql } from '../../readback';
import { readDataTable, str, num } from '../../data';
import { ageInYears } from '../../events';
import { DCIR_KEYS, sqlString } from '../../snds';
import type { ReportDatabase } from '../database';
import { allPass } from '../tolerance';
import type { ComparisonRow, Section } from '../types';
import { bandComparison, labelRow } from './common';

/**
 * Drug users: persons dispensed antidiabetics (A10) and how many of them have the disease in the ground truth, and
 * lipid-lowering users by age and sex, judged with data/validation/drug_figures.csv (never read by `simulate`).
 */

const VALIDATION = 'validation/drug_figures.csv';
/** Upper end of a band with no upper bound (a finite number, so that the band can be drawn). */
const NO_UPPER_BOUND = 1000;

/**
 * Persons (indexes: a person may have several BEN_NIR_PSA) with a dispensing of an ATC class in the period: a
 * positive net quantity on the care lines (see careLines).
 */
async function users(r: ReportDatabase, atcLike: string): Promise<Set<number>> {
  const out = new Set<number>();
  if (!r.tables.has('ER_PHA_F') || !r.tables.has('ER_PRS_F') || !r.tables.has('IR_PHA_R')) return out;
  const care = careLines(r.db);
  const rows = await r.db.all(
    `SELECT ${personKeySql(r.db.columns('ER_PRS_F'), 'p.')} AS nir FROM ${care.from} JOIN ER_PHA_F h ON ${DCIR_KEYS.map((k) => `h.${k} = p.${k}`).join(' AND ')}
     JOIN IR_PHA_R f ON f.PHA_CIP_C13 = h.PHA_PRS_C13
     WHERE f.PHA_ATC_CLA LIKE ${sqlString(atcLike)} AND ${care.where}
     AND p.EXE_SOI_DTD BETWEEN ${sqlString(r.startIso)} AND ${sqlString(r.endIso)} GROUP BY 1 HAVING SUM(h.PHA_ACT_QSN) > 0`,
  );
  for (const row of rows) {
    const p = r.persons.get(String(row.nir));
    if (p) out.add(p.index);
  }
  return out;
}

/** Persons (indexes) of the ground truth with a condition, by source. */
async function truth(r: ReportDatabase, where: string): Promise<Set<number>> {
  const out = new Set<number>();
  if (!r.tables.has('SIM_TRUTH_ONSET')) return out;
  for (const row of await r.db.all(`SELECT DISTINCT BEN_NIR_PSA AS nir FROM SIM_TRUTH_ONSET WHERE ${where}`)) {
    const p = r.persons.get(String(row.nir));
    if (p) out.add(p.index);
  }
  return out;
}

/** 10. Drug users: antidiabetics and the disease behind them; lipid-lowering drugs by age and sex. */
export async function drugUsersSection(r: ReportDatabase): Promise<Section> {
  const figures = readDataTable(VALIDATION);
  const figure = (indicator: string, sex: string): { value: number; fed: string } => {
    const row = figures.rows.find((x) => str(figures, x, 'indicator') === indicator && str(figures, x, 'sex') === sex);
    return row ? { value: num(figures, row, 'value'), fed: str(figures, row, 'fed_to_simulate') } : { value: NaN, fed: '?' };
  };
  const persons = [...r.persons.values()].filter((p) => p.birth <= r.end && (p.death === undefined || p.death >= r.start));
  const n = persons.length;
  const pct = (k: number, d: number): number => (d > 0 ? (100 * k) / d : 0);

  const a10 = await users(r, 'A10%');
  const ald8 = await truth(r, 'ALD_NUM = 8');
  const module = await truth(r, "MODULE = 'type2-diabetes'");
  const latent = await truth(r, "ALD_NUM = 0 AND MODULE = '' AND CIM_COD LIKE 'E1%'");
  let withAld = 0;
  let withModule = 0;
  let withLatent = 0;
  let covered = 0;
  for (const person of a10) {
    const a = ald8.has(person);
    const m = module.has(person);
    const l = latent.has(person);
    if (a) withAld += 1;
    if (m) withModule += 1;
    if (l) withLatent += 1;
    if (a || m || l) covered += 1;
  }
  const diab = figure('treated_diabetes_prevalence', 'all');
  const antidiabetics = bandComparison(
    {
      id: 'drug_users.a10',
      title: 'Persons dispensed antidiabetics (A10) and their disease / Personnes ayant une délivrance d’antidiabétique et leur maladie',
      unit: '%',
      xLabel: 'Indicator / Indicateur',
      yLabel: '% / %',
      tolerance: 'A10 users 4–7 % of the persons; ≥ 85 % of them with ALD 8, the diabetes module or a latent diabetes in SIM_TRUTH_ONSET',
      notes: [
        'Persons (BEN_IDT_ANO) with a positive net quantity of ER_PHA_F lines whose IR_PHA_R.PHA_ATC_CLA starts with A10 in the period (information, supplement and directly billed hospital lines out), over the persons present in IR_BEN_R during the period.',
        `Not independent: Santé publique France's 5.2 % of the population treated by drugs for a diabetes in 2019 (data/validation drug_users_1, fed_to_simulate = ${diab.fed}) is the level of the latent diabetes of data/drug_condition_prevalence.csv. The band 4–7 % is wider than the sampling error and allows for the age structure of the simulated départements.`,
        'The breakdown rows (ALD 8, module, latent) are shares of the A10 users and may overlap; only the share with any of them is judged.',
      ],
    },
    [
      labelRow('A10 users, % of persons', pct(a10.size, n), diab.value, 4, 7, a10.size),
      labelRow('with ALD 8, the module or a latent diabetes, % of A10 users', pct(covered, a10.size), 100, 85, 100, covered),
      labelRow('with ALD 8, % of A10 users', pct(withAld, a10.size), pct(withAld, a10.size), 0, 100, withAld),
      labelRow('in the type 2 diabetes module, % of A10 users', pct(withModule, a10.size), pct(withModule, a10.size), 0, 100, withModule),
      labelRow('with a latent diabetes, % of A10 users', pct(withLatent, a10.size), pct(withLatent, a10.size), 0, 100, withLatent),
    ],
  );

  // Lipid-lowering: statins (C10AA) by age band and sex; all C10 at 18–74 against Esteban.
  const statins = await users(r, 'C10AA%');
  const c10 = await users(r, 'C10%');
  const bands: readonly [string, number, number][] = [['0–19', 0, 19], ['40–49', 40, 49], ['65–74', 65, 74], ['18–74', 18, 74]];
  const count = (set: Set<number>, sex: 1 | 2, lo: number, hi: number): [number, number] => {
    let k = 0;
    let d = 0;
    for (const p of persons) {
      const age = ageInYears(p.birth, Math.max(r.start, p.birth));
      if (p.sex !== sex || age < lo || age > hi) continue;
      d += 1;
      if (set.has(p.index)) k += 1;
    }
    return [k, d];
  };
  const rows: ComparisonRow[] = [];
  for (const sex of [1, 2] as const) {
    const s = sex === 1 ? 'men / hommes' : 'women / femmes';
    const [y, yd] = count(statins, sex, 0, 19);
    const [m, md] = count(statins, sex, 40, 49);
    const [o, od] = count(statins, sex, 65, 74);
    const young = `statin users aged ${bands[0]?.[0] ?? ''}, % (${s})`;
    rows.push(labelRow(young, pct(y, yd), 0, 0, 0.5, y));
    // No user at 40–49 but some at 65–74: the ratio has no finite value, and passes (drawn at the band's top).
    const ratio = pct(m, md) > 0 ? pct(o, od) / pct(m, md) : pct(o, od) > 0 ? NO_UPPER_BOUND : 0;
    const older = `statin users 65–74 over 40–49, ratio of % (${s})`;
    rows.push(labelRow(older, ratio, 2, 2, NO_UPPER_BOUND, o));
    const est = figure('lipid_lowering_dispensed_share', sex === 1 ? 'M' : 'F');
    const [e, ed] = count(c10, sex, 18, 74);
    const c10Label = `lipid-lowering (C10) users aged 18–74, % (${s})`;
    rows.push(labelRow(c10Label, pct(e, ed), est.value, 0.6 * est.value, 1.4 * est.value, e));
  }
  const lipid = bandComparison(
    {
      id: 'drug_users.statins',
      title: 'Lipid-lowering users by age and sex / Utilisateurs d’hypolipémiants par âge et sexe',
      unit: '% of persons (ratio for 65–74 over 40–49)',
      xLabel: 'Indicator / Indicateur',
      yLabel: '% of persons or ratio / % des personnes ou rapport',
      tolerance: 'statin users under 20 < 0.5 %; 65–74 ≥ 2 × 40–49; C10 users aged 18–74 within 0.6–1.4 × Esteban',
      notes: [
        'Age on the first day of the period (or at birth). Statins: PHA_ATC_CLA LIKE \'C10AA%\'; lipid-lowering: LIKE \'C10%\'.',
        'Independent: Esteban 2014–2016 (Lecoffre et al., BEH 2018;(37): 10.9 % of men and 6.7 % of women aged 18–74 with a lipid-lowering dispensing in the previous year; data/validation drug_users_2 and drug_users_3, not fed). The simulated age mix of C10 rests on the Cartographie des pathologies 2020 (treatments without the pathologies), another source; Esteban is a survey of households in 2015, hence the wide band.',
      ],
    },
    rows,
  );
  const comparisons = [antidiabetics, lipid];
  return {
    id: 'drug_users',
    titleFr: 'Utilisateurs de médicaments',
    titleEn: 'Drug users',
    description:
      'Who is dispensed what: antidiabetics go to persons who have a diabetes (ALD 8, the type 2 diabetes module or a latent treated diabetes in SIM_TRUTH_ONSET), and lipid-lowering drugs follow age and sex.',
    comparisons,
    pass: allPass(comparisons),
  };
}
