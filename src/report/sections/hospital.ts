import { num, str } from '../../data';
import { groupedBarChartSpec } from '../chartSpecs';
import type { TargetedDatabase, Targets } from '../targets';
import { AgeBands, ageInMonth, forEachSegment } from '../exposure';
import { sqlString } from '../../snds';
import { pmsiTables } from '../sql';
import { allPass, compareMean, DEFAULT_RULE, dispersionOf } from '../tolerance';
import type { Comparison, ComparisonRow, Section } from '../types';
import { addTo, SEX_LABEL, SEXES, sexBandComparison, sexBandZeros, type SexBandCounts, cellOf } from './common';

const TYPES = [
  { type: 0, id: 'full', en: 'Full hospitalisation stays', fr: 'Séjours en hospitalisation complète' },
  { type: 1, id: 'same_day', en: 'Same-day stays', fr: 'Séjours sans nuitée (ambulatoire)' },
  { type: 2, id: 'sessions', en: 'Sessions', fr: 'Séances' },
] as const;

/** ScanSanté rates by region: `${region}|${type}|${sex}` → rows of [age_min, age_max, rate, mean_los]. */
class StayRates {
  private readonly rows = new Map<string, [number, number, number, number][]>();
  readonly regionOf = new Map<string, string>();
  readonly lows: number[];
  constructor(targets: Targets) {
    const rd = targets.read('mco_region_of_dept.csv');
    for (const r of rd.rows) this.regionOf.set(str(rd, r, 'dept'), str(rd, r, 'region'));
    const t = targets.read('mco_stay_rates.csv');
    const lows = new Set<number>();
    for (const r of t.rows) {
      const k = `${str(t, r, 'region')}|${num(t, r, 'type')}|${num(t, r, 'sex')}`;
      let list = this.rows.get(k);
      if (!list) this.rows.set(k, (list = []));
      list.push([num(t, r, 'age_min'), num(t, r, 'age_max'), num(t, r, 'rate'), num(t, r, 'mean_los')]);
      lows.add(num(t, r, 'age_min'));
    }
    this.lows = [...lows].sort((a, b) => a - b);
  }
  /** [rate per person-year, mean length of stay] of a département, type, sex and age (oldest band above). */
  get(dept: string, type: number, sex: number, age: number): [number, number] {
    const list = this.rows.get(`${this.regionOf.get(dept) ?? ''}|${type}|${sex}`);
    if (!list || list.length === 0) return [0, 0];
    let best = list[0] as [number, number, number, number];
    for (const x of list) {
      if (age >= x[0] && age <= x[1]) return [x[2], x[3]];
      if (x[0] > best[0]) best = x;
    }
    return age > best[1] ? [best[2], best[3]] : [0, 0];
  }
}

/** 4. MCO stays per 1000 person-years by type × sex × age, and mean length of full stays, vs ScanSanté. */
export async function hospitalSection(r: TargetedDatabase): Promise<Section> {
  const rates = new StayRates(r.targets);
  const bands = new AgeBands(rates.lows);
  const n = bands.length;
  const py = sexBandZeros(n);
  const expected = TYPES.map(() => sexBandZeros(n));
  const losWeighted = sexBandZeros(n);
  for (const p of r.persons.values()) {
    forEachSegment(p, r.start, r.end, (s) => {
      const b = bands.index(s.age);
      addTo(py, s.sex, b, s.years);
      for (const { type } of TYPES) {
        const [rate, los] = rates.get(s.dept, type, s.sex, s.age);
        addTo(expected[type] as SexBandCounts, s.sex, b, s.years * rate);
        if (type === 0) addTo(losWeighted, s.sex, b, s.years * rate * los);
      }
    });
  }
  const observed = TYPES.map(() => sexBandZeros(n));
  const nights = sexBandZeros(n);
  // Keyed by person (a person may have several BEN_NIR_PSA).
  const perPerson = TYPES.map(() => new Map<number, number>());
  const [start, end] = [sqlString(r.startIso), sqlString(r.endIso)];
  const cTables = new Set(pmsiTables(r.tables, 'C'));
  for (const bt of pmsiTables(r.tables, 'B')) {
    const ct = `${bt.slice(0, -1)}C`;
    if (!cTables.has(ct)) continue;
    const rows = await r.db.all(
      `SELECT c.NIR_ANO_17 AS nir, substr(c.ENT_DAT, 1, 7) AS ym,
              CASE WHEN COALESCE(b.NBR_SEA, 0) > 0 THEN 2 WHEN COALESCE(b.SEJ_NBJ, 0) > 0 THEN 0 ELSE 1 END AS type,
              COUNT(*) AS n, SUM(COALESCE(b.SEJ_NBJ, 0)) AS nights
       FROM "${bt}" b JOIN "${ct}" c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM
       WHERE c.ENT_DAT BETWEEN ${start} AND ${end} GROUP BY 1, 2, 3`,
    );
    for (const row of rows) {
      const p = r.persons.get(String(row.nir));
      if (!p) continue;
      const b = bands.index(ageInMonth(p, String(row.ym)));
      const type = Number(row.type);
      addTo(observed[type] as SexBandCounts, p.sex, b, Number(row.n));
      const m = perPerson[type] as Map<number, number>;
      m.set(p.index, (m.get(p.index) ?? 0) + Number(row.n));
      if (type === 0) addTo(nights, p.sex, b, Number(row.nights));
    }
  }
  const comparisons: Comparison[] = TYPES.map(({ type, id, en, fr }) =>
    sexBandComparison({
      id: `hospital.${id}`,
      title: `${en} per 1000 person-years / ${fr} pour 1000`,
      unit: 'stays per 1000 person-years',
      bands: bands.labels,
      observed: observed[type] as SexBandCounts,
      expected: expected[type] as SexBandCounts,
      denominator: py,
      per: 1000,
      rule: DEFAULT_RULE,
      xLabel: 'Age at admission / Âge à l’admission (ans)',
      yLabel: 'Stays per 1000 PY / Séjours ‰',
      dispersion: dispersionOf((perPerson[type] as Map<number, number>).values()),
    }),
  );
  const losRows: ComparisonRow[] = [];
  for (const sex of SEXES) {
    bands.labels.forEach((band, b) => {
      const stays = cellOf(observed[0] as SexBandCounts, sex, b);
      const exp = cellOf(expected[0] as SexBandCounts, sex, b);
      losRows.push(
        compareMean(
          {
            category: band,
            series: sex === 1 ? 'men' : 'women',
            label: `${SEX_LABEL[sex]} ${band}`,
            observed: stays > 0 ? cellOf(nights, sex, b) / stays : 0,
            expected: exp > 0 ? cellOf(losWeighted, sex, b) / exp : 0,
            n: stays,
          },
          DEFAULT_RULE,
        ),
      );
    });
  }
  const losTitle = 'Mean length of full stays (nights) / Durée moyenne des séjours complets (nuits)';
  comparisons.push({
    id: 'hospital.length_of_stay',
    title: losTitle,
    unit: 'nights per full stay',
    tolerance: `|simulated − target| ≤ max(${DEFAULT_RULE.relative * 100} % × target, ${DEFAULT_RULE.z} × target / √stays) (standard deviation of a length of stay taken equal to its mean)`,
    rule: DEFAULT_RULE,
    rows: losRows,
    pass: allPass(losRows),
    chart: groupedBarChartSpec(losTitle, 'Age at admission / Âge à l’admission (ans)', 'Nights / Nuits', bands.labels, losRows, ['men', 'women']),
  });
  return {
    id: 'hospital',
    titleFr: 'Séjours hospitaliers MCO',
    titleEn: 'Hospital stays (PMSI MCO)',
    description:
      'Stays of T_MCOyyB (joined to T_MCOyyC for the person) admitted in the period, by type — full hospitalisation (SEJ_NBJ > 0), same-day (0 nights), sessions (NBR_SEA > 0) — per 1000 person-years by sex and age at admission, and the mean length of full stays, compared with the ScanSanté rates of the region of the département (data/mco_stay_rates.csv, data/mco_region_of_dept.csv).',
    comparisons,
    pass: allPass(comparisons),
  };
}
