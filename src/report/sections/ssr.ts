import { num, str } from '../../data';
import { sqlString } from '../../snds';
import { parseIsoDate } from '../../events';
import type { TargetedDatabase } from '../targets';
import { AgeBands, ageInMonth, forEachSegment } from '../exposure';
import { allPass, compareCount, compareMean, dispersionOf } from '../tolerance';
import type { ComparisonRow, Section, ToleranceRule } from '../types';
import { categoryComparison } from './common';

const RATES = 'validation/ssr_rates_by_age.csv';
const FIGURES = 'validation/ssr_figures.csv';
/** SSR stays are judged within 30 % of the national rate scaled to the run's ages (the issue's target). */
const SSR_RULE: ToleranceRule = { relative: 0.3, z: 3 };
/** The profile of stays (shares, ages, length) within 15 %, as the other sections. */
const PROFILE_RULE: ToleranceRule = { relative: 0.15, z: 3 };
/**
 * The mean length of full-time stays is measured on the stays admitted at least this many days before the
 * end of the period: the PMSI of a period holds only the stays discharged within it, so the long stays
 * admitted late are missing and the mean of all admitted stays is too short (by about 2.5 days for a
 * year). Nine months: a full-time stay rarely lasts longer (5 % exceed three months, data/ssr_parameters.csv).
 */
export const LOS_WINDOW_DAYS = 273;
/**
 * SSR stays per person-year are counted over the period less its last this many days (stays admitted by then, and the
 * person-years until then): stays admitted near the end are still open at the end and missing from the period's PMSI,
 * which made the rates about 15 % short in a one-year run. Three months: 5 % of full-time stays last longer
 * (data/ssr_parameters.csv) and part-time series are shorter; so few stays admitted before are missing.
 */
export const COUNT_WINDOW_DAYS = 91;

/** Names of the yearly PMSI SSR tables of a letter present in the database (`C` → T_SSR19C), sorted. */
function ssrTables(tables: ReadonlySet<string>, letter: string): string[] {
  const re = new RegExp(`^T_SSR\\d\\d${letter}$`);
  return [...tables].filter((t) => re.test(t)).sort();
}

/** One SSR stay admitted in the period, as the report reads it. */
interface SsrStay {
  readonly nir: string;
  readonly ym: string;
  readonly fullTime: boolean;
  /** Admission day (undefined when ENT_DAT is not a date). */
  readonly admission: number | undefined;
  readonly days: number;
}

/**
 * 4b. SSR stays (PMSI SSR) per 1000 person-years by age band, against the national rate by age implied by the
 * published national total (data/validation/ssr_rates_by_age.csv, derived and fed: see data/SOURCES.md), scaled to
 * the run's persons; and the profile of the stays against the published DREES 2019 figures, those fed to the
 * simulator marked as such (part-time share, mean age, mean length) and those not fed (share of women, median age).
 */
export async function ssrSection(r: TargetedDatabase): Promise<Section> {
  const rt = r.targets.read(RATES);
  const lows = rt.rows.map((row) => num(rt, row, 'age_min'));
  const rates = rt.rows.map((row) => num(rt, row, 'rate'));
  const bands = new AgeBands(lows);
  const py = bands.labels.map(() => 0);
  // Periods of up to twice the window are counted whole.
  const countWindow = r.end - r.start + 1 > 2 * COUNT_WINDOW_DAYS;
  const countEnd = countWindow ? r.end - COUNT_WINDOW_DAYS : r.end;
  for (const p of r.persons.values()) forEachSegment(p, r.start, countEnd, (s) => (py[bands.index(s.age)] = (py[bands.index(s.age)] as number) + s.years));

  const stays: SsrStay[] = [];
  const [start, end] = [sqlString(r.startIso), sqlString(r.endIso)];
  const bTables = new Set(ssrTables(r.tables, 'B'));
  for (const ct of ssrTables(r.tables, 'C')) {
    const bt = `${ct.slice(0, -1)}B`;
    if (!bTables.has(bt)) continue;
    const rows = await r.db.all(
      `SELECT c.NIR_ANO_17 AS nir, substr(c.ENT_DAT, 1, 7) AS ym, MIN(b.HOS_TYP_UM) AS typ,
              substr(c.ENT_DAT, 1, 10) AS ent, substr(c.SOR_DAT, 1, 10) AS sor
       FROM "${ct}" c JOIN "${bt}" b ON b.ETA_NUM = c.ETA_NUM AND b.RHA_NUM = c.RHA_NUM
       WHERE c.ENT_DAT BETWEEN ${start} AND ${end} GROUP BY c.ETA_NUM, c.RHA_NUM, c.NIR_ANO_17, c.ENT_DAT, c.SOR_DAT`,
    );
    for (const row of rows) {
      const ent = parseIsoDate(String(row.ent));
      const sor = parseIsoDate(String(row.sor));
      stays.push({ nir: String(row.nir), ym: String(row.ym), fullTime: String(row.typ) === '1', admission: ent, days: ent !== undefined && sor !== undefined ? sor - ent : 0 });
    }
  }

  const observed = bands.labels.map(() => 0);
  // Keyed by person (a person may have several BEN_NIR_PSA).
  const perPerson = new Map<number, number>();
  const ages: number[] = [];
  let women = 0;
  let part = 0;
  let fullDays = 0;
  let full = 0;
  // Stays admitted early enough to be discharged within the period (all stays when the period is shorter than the window).
  const losWindow = r.end - r.start + 1 > LOS_WINDOW_DAYS;
  const losCutoff = losWindow ? r.end - LOS_WINDOW_DAYS : r.end;
  for (const s of stays) {
    const p = r.persons.get(s.nir);
    if (!p) continue;
    const age = ageInMonth(p, s.ym);
    if (s.admission === undefined || s.admission <= countEnd) {
      const b = bands.index(age);
      observed[b] = (observed[b] as number) + 1;
      perPerson.set(p.index, (perPerson.get(p.index) ?? 0) + 1);
    }
    ages.push(age);
    if (p.sex === 2) women += 1;
    if (s.fullTime) {
      if (s.admission !== undefined && s.admission <= losCutoff) {
        full += 1;
        fullDays += s.days;
      }
    } else part += 1;
  }
  const dispersion = dispersionOf(perPerson.values());
  const rows: ComparisonRow[] = bands.labels.map((band, b) => {
    const den = py[b] as number;
    return compareCount({ category: band, series: 'all', label: band, observedCount: observed[b] as number, expectedCount: den * (rates[b] as number), scale: den > 0 ? 1000 / den : 0, dispersion }, SSR_RULE);
  });
  const totalPy = py.reduce((a, x) => a + x, 0);
  const expectedTotal = py.reduce((a, x, b) => a + x * (rates[b] as number), 0);
  rows.push(compareCount({ category: 'all ages', series: 'all', label: 'all ages / tous âges', observedCount: observed.reduce((a, x) => a + x, 0), expectedCount: expectedTotal, scale: totalPy > 0 ? 1000 / totalPy : 0, dispersion }, SSR_RULE));
  const xLabel = 'Age at admission / Âge à l’admission (ans)';
  const byAge = categoryComparison(
    { id: 'ssr.stays_by_age', title: 'SSR stays per 1000 person-years / Séjours SSR pour 1000', unit: 'stays per 1000 person-years', rule: SSR_RULE, xLabel, yLabel: 'Stays per 1000 PY / Séjours ‰', dispersion, notes: [
        'Target: the national SSR stays (DREES 2019, 1.5 M) spread by age with the calibrated admission probabilities (data/validation/ssr_rates_by_age.csv, fed to the simulator through that calibration): no SSR rate by age is published.',
        `${countWindow ? `Stays admitted, and person-years, until ${COUNT_WINDOW_DAYS} days before the end of the period` : 'Stays admitted in the period'}: the PMSI of a period holds the stays discharged within it, so stays admitted near its end are missing.`,
      ] },
    rows,
  );

  const ft = r.targets.read(FIGURES);
  const fig = (id: string): { value: number; fed: boolean } => {
    const row = ft.rows.find((x) => str(ft, x, 'id') === id);
    return row ? { value: num(ft, row, 'value'), fed: num(ft, row, 'fed_to_simulate') === 1 } : { value: 0, fed: false };
  };
  const sorted = [...ages].sort((a, b) => a - b);
  const median = sorted.length > 0 ? (sorted[Math.floor((sorted.length - 1) / 2)] as number) : 0;
  const mean = ages.length > 0 ? ages.reduce((a, x) => a + x, 0) / ages.length : 0;
  const profile: [string, string, number, number][] = [
    ['women_share', 'share of women / part des femmes', ages.length > 0 ? women / ages.length : 0, ages.length],
    ['median_age', 'median age / âge médian', median, ages.length],
    ['mean_age', 'mean age / âge moyen', mean, ages.length],
    ['part_time_share', 'part-time share / part de l’hospitalisation partielle', stays.length > 0 ? part / stays.length : 0, stays.length],
    ['full_time_mean_los', `mean length of full-time stays${losWindow ? ` admitted ≥ ${LOS_WINDOW_DAYS} days before the end` : ''} (days) / durée moyenne (jours)`, full > 0 ? fullDays / full : 0, full],
  ];
  const profileRows = profile.map(([id, label, value, n]) => {
    const f = fig(id);
    return compareMean({ category: id, series: 'all', label: `${label}${f.fed ? ' (fed / fourni au simulateur)' : ' (not fed / non fourni)'}`, observed: value, expected: f.value, n }, PROFILE_RULE);
  });
  const profileComparison = {
    ...categoryComparison({ id: 'ssr.profile', title: 'Profile of SSR stays / Profil des séjours SSR', unit: 'share, years or days', rule: PROFILE_RULE, xLabel: 'Figure / Indicateur', yLabel: 'Value / Valeur', notes: [
        'DREES Panorama 2019 (data/validation/ssr_figures.csv). Independent of the simulator\'s inputs: the share of women and the median age.',
        `The PMSI of a period holds the stays discharged within it: the mean length is that of the full-time stays admitted at least ${LOS_WINDOW_DAYS} days before the end of the period (all of them in a shorter period), so that long stays admitted late, still open at the end, do not shorten it.`,
      ] }, profileRows),
    tolerance: `|simulated − published| ≤ max(${PROFILE_RULE.relative * 100} % × published, ${PROFILE_RULE.z} × published / √n)`,
  };
  const comparisons = [byAge, profileComparison];
  return {
    id: 'ssr',
    titleFr: 'Séjours SSR (soins de suite et de réadaptation)',
    titleEn: 'Rehabilitation stays (PMSI SSR)',
    description:
      'SSR stays of T_SSRyyC (joined to T_SSRyyB: HOS_TYP_UM 1 full-time, 2 part-time) admitted in the period (but its last three months), per 1000 person-years by age at admission, against the national rate by age implied by the published national total (derived, fed), and the profile of the stays against the DREES 2019 figures.',
    comparisons,
    pass: allPass(comparisons),
  };
}
