import { personKeySql } from '../../readback';
import { ageInYears, yearOfDay } from '../../events';
import { num, str } from '../../data';
import type { TargetedDatabase, Targets } from '../targets';
import { AgeBands, aliveOn } from '../exposure';
import { aldLabels } from '../labels';
import { NO_DATE_SQL, sqlString } from '../../snds';
import { allPass, compareCount, DEFAULT_RULE } from '../tolerance';
import type { Section } from '../types';
import { addTo, categoryComparison, sexBandComparison, sexBandZeros } from './common';

/** Same cap as the simulator's ALD model (a prevalence is never above 95 %). */
const PREVALENCE_CAP = 0.95;
const TOP = 10;
const BROAD = new AgeBands([0, 20, 40, 60, 70, 80, 90]);

function param(targets: Targets, name: string): number {
  const t = targets.read('ald_parameters.csv');
  const row = t.rows.find((r) => r.name === name);
  return row ? num(t, row, 'value') : NaN;
}

/** 3. ALD prevalence at the start (IR_IMB_R) by ALD and by sex × age vs CNAM prevalence × persons. */
export async function aldSection(r: TargetedDatabase): Promise<Section> {
  const t = r.targets.read('ald_prevalence.csv.gz');
  // The CNAM counts are at 31 December of the count year: a run starting 1 January Y is Y − (count year + 1) years later.
  const growthYears = yearOfDay(r.start) - (param(r.targets, 'ald_prevalence_year') + 1);
  const growth = Number.isFinite(growthYears) ? (1 + param(r.targets, 'ald_prevalence_growth_per_year')) ** growthYears : 1;
  const depts = new Set(r.departements);
  const lows = [...new Set(t.rows.map((row) => num(t, row, 'age_min')))].sort((a, b) => a - b);
  const bands = new AgeBands(lows);
  // Persons alive at the start by dept|sex|band.
  const cells = new Map<string, number>();
  const broadPersons = sexBandZeros(BROAD.length);
  // Person indexes (a person's IR_IMB_R rows may be under any of its BEN_NIR_PSA).
  const alive = new Set<number>();
  for (const p of r.persons.values()) {
    if (p.birth >= r.start || !aliveOn(p, r.start)) continue;
    alive.add(p.index);
    const age = Math.max(0, ageInYears(p.birth, r.start));
    const k = `${p.dept}|${p.sex}|${lows[bands.index(age)]}`;
    cells.set(k, (cells.get(k) ?? 0) + 1);
    addTo(broadPersons, p.sex, BROAD.index(age), 1);
  }
  const expectedByAld = new Map<string, number>();
  const expectedBroad = sexBandZeros(BROAD.length);
  for (const row of t.rows) {
    const dept = str(t, row, 'dept');
    if (!depts.has(dept)) continue;
    const sex = num(t, row, 'sex');
    const persons = cells.get(`${dept}|${sex}|${num(t, row, 'age_min')}`) ?? 0;
    if (persons === 0 || (sex !== 1 && sex !== 2)) continue;
    const e = persons * Math.min(PREVALENCE_CAP, num(t, row, 'prevalence') * growth);
    const ald = str(t, row, 'ald');
    expectedByAld.set(ald, (expectedByAld.get(ald) ?? 0) + e);
    addTo(expectedBroad, sex, BROAD.index(num(t, row, 'age_min')), e);
  }
  const start = sqlString(r.startIso);
  const observedByAld = new Map<string, number>();
  const observedBroad = sexBandZeros(BROAD.length);
  if (r.tables.has('IR_IMB_R')) {
    const rows = await r.db.all(
      `SELECT DISTINCT ${personKeySql(r.db.columns('IR_IMB_R'))} AS nir, IMB_ALD_NUM AS ald FROM IR_IMB_R WHERE IMB_ALD_DTD <= ${start} AND (IMB_ALD_DTF >= ${start} OR IMB_ALD_DTF = ${NO_DATE_SQL} OR IMB_ALD_DTF IS NULL)`,
    );
    const held = new Set<string>();
    for (const row of rows) {
      const p = r.persons.get(String(row.nir));
      if (!p || !alive.has(p.index)) continue;
      const ald = String(row.ald);
      if (held.has(`${p.index}|${ald}`)) continue;
      held.add(`${p.index}|${ald}`);
      observedByAld.set(ald, (observedByAld.get(ald) ?? 0) + 1);
      addTo(observedBroad, p.sex, BROAD.index(Math.max(0, ageInYears(p.birth, r.start))), 1);
    }
  }
  const n = alive.size;
  const label = aldLabels();
  const top = [...expectedByAld.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([ald]) => ald);
  const byAld = categoryComparison(
    {
      id: 'ald.top',
      title: `ALD prevalence per 1000, top ${TOP} / Prévalence des ALD pour 1000`,
      unit: 'persons in ALD per 1000 persons',
      rule: DEFAULT_RULE,
      xLabel: 'ALD number / Numéro d’ALD',
      yLabel: 'Per 1000 persons / Pour 1000',
      notes: [
        `${n} persons alive on ${r.startIso}; an ALD counts when IR_IMB_R has it open on that day (IMB_ALD_DTD ≤ start ≤ IMB_ALD_DTF).`,
        `Target: Σ over persons of the CNAM prevalence of their ALD × sex × 5-year age × département cell (data/ald_prevalence.csv.gz), × (1 + ${param(r.targets, 'ald_prevalence_growth_per_year')})^${growthYears} (yearly growth since 31 December ${param(r.targets, 'ald_prevalence_year')}, data/ald_parameters.csv).`,
      ],
    },
    top.map((ald) => compareCount({ category: `ALD ${ald}`, series: 'all', label: label(ald), observedCount: observedByAld.get(ald) ?? 0, expectedCount: expectedByAld.get(ald) ?? 0, scale: n > 0 ? 1000 / n : 0 }, DEFAULT_RULE)),
  );
  const broad = sexBandComparison({
    id: 'ald.sex_age',
    title: 'ALD (all, summed) per 1000 by sex and age / ALD pour 1000 par sexe et âge',
    unit: 'ALD per 1000 persons',
    bands: BROAD.labels,
    observed: observedBroad,
    expected: expectedBroad,
    denominator: broadPersons,
    per: 1000,
    rule: DEFAULT_RULE,
    xLabel: 'Age at the start / Âge au début (ans)',
    yLabel: 'ALD per 1000 / ALD pour 1000',
  });
  return {
    id: 'ald',
    titleFr: 'Affections de longue durée (ALD)',
    titleEn: 'Long-term diseases (ALD)',
    description: 'ALD exonerations open on the first simulated day (IR_IMB_R) among the persons then alive, by ALD (the ten with the most expected cases) and by sex × age, compared with the CNAM prevalence expected for the simulated population.',
    comparisons: [byAld, broad],
    pass: allPass([byAld, broad]),
  };
}
