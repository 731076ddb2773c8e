import { ageInMonth } from '../../report/exposure';
import { sqlString } from '../../snds';
import { pmsiTables } from '../../report/sql';
import { num, readDataTable, str } from '../../data';
import { AgeGrid, CellGrid } from '../cells';
import { describeFactor, spreadLevel, spreadNote, type ProfilePart } from '../spread';
import type { CalibrationContext, TableOutcome } from '../types';
import { describeCell, describeSuppressed, forEachExposure, notComputed, publishGrid, round, type TableBasics } from './common';

/** Most MCO stays (sessions included) one person may add per year, bounding the sensitivity under --epsilon. */
export const MCO_STAYS_BOUND_PER_YEAR = 200;
/** Most nights of full stays one person may add per year. */
export const MCO_NIGHTS_BOUND_PER_YEAR = 366;
/** Oldest age of the rate tables. */
const MAX_AGE = 120;
/** Stay types of data/mco_stay_rates.csv: 0 full hospitalisation, 1 same-day, 2 sessions. */
const TYPES = [0, 1, 2] as const;

const BASICS: TableBasics = {
  file: 'mco_stay_rates.csv',
  description:
    'MCO stays per person-year by ScanSanté region of residence × type (0 full hospitalisation, 1 same-day, 2 sessions) × sex × age, and the mean nights of full stays (data/mco_stay_rates.csv: region, type, sex, age_min, age_max, stays, population, rate, mean_los). The age bands are those of data/mco_stay_rates.csv. `population` is the ScanSanté population of the region and ages in data/mco_stay_rates.csv and `stays` = rate × population: the simulator divides the regional CCAM act volumes of data/mco_acts.csv.gz by these stays, so they keep the scale of the open data; the database\'s own stays and person-years are in `cells`.',
  numerator: 'T_MCOyyB stays joined to T_MCOyyC (NIR_ANO_17 = BEN_NIR_PSA) admitted (ENT_DAT) in the period, error GHM (CMD 90) left out, by type (NBR_SEA > 0: sessions; SEJ_NBJ > 0: full; else same-day) and age in the month of admission; nights: Σ SEJ_NBJ of full stays',
  denominator: 'person-years in the period (IR_BEN_R), by the ScanSanté region of the département of residence (data/mco_region_of_dept.csv)',
  strata: ['region', 'type', 'sex', 'age'],
};

/** The ScanSanté reference: region of each département, age bands, and population by region × sex × band. */
interface Reference {
  readonly regionOf: ReadonlyMap<string, string>;
  readonly bands: AgeGrid;
  /** `${region}|${sex}|${age_min}` → population. */
  readonly population: ReadonlyMap<string, number>;
  /** `${region}|${type}|${sex}|${age_min}` → open-data rate and mean nights: the shape within merged groups. */
  readonly open: ReadonlyMap<string, { readonly rate: number; readonly los: number }>;
}

function reference(): Reference {
  const rd = readDataTable('mco_region_of_dept.csv');
  const regionOf = new Map<string, string>();
  for (const r of rd.rows) regionOf.set(str(rd, r, 'dept'), str(rd, r, 'region'));
  const t = readDataTable('mco_stay_rates.csv');
  const lows = new Set<number>();
  const population = new Map<string, number>();
  const open = new Map<string, { rate: number; los: number }>();
  for (const r of t.rows) {
    lows.add(num(t, r, 'age_min'));
    open.set(`${str(t, r, 'region')}|${num(t, r, 'type')}|${num(t, r, 'sex')}|${num(t, r, 'age_min')}`, { rate: num(t, r, 'rate'), los: num(t, r, 'mean_los') });
    if (num(t, r, 'type') === 0) population.set(`${str(t, r, 'region')}|${num(t, r, 'sex')}|${num(t, r, 'age_min')}`, num(t, r, 'population'));
  }
  return { regionOf, bands: new AgeGrid([...lows].sort((a, b) => a - b), MAX_AGE), population, open };
}

/** mco_stay_rates.csv from T_MCOyyB/C and IR_BEN_R. */
export async function hospitalTable(ctx: CalibrationContext): Promise<TableOutcome> {
  const bTables = pmsiTables(ctx.source.tables, 'B');
  const cTables = new Set(pmsiTables(ctx.source.tables, 'C'));
  const years = bTables.filter((b) => {
    const c = `${b.slice(0, -1)}C`;
    const bc = ctx.source.columns(b);
    const cc = ctx.source.columns(c);
    return cTables.has(c) && ['ETA_NUM', 'RSA_NUM', 'SEJ_NBJ'].every((x) => bc.has(x)) && ['ETA_NUM', 'RSA_NUM', 'NIR_ANO_17', 'ENT_DAT'].every((x) => cc.has(x));
  });
  if (years.length === 0) return { files: [], description: notComputed(BASICS, 'no pair of PMSI tables T_MCOyyB / T_MCOyyC with ETA_NUM, RSA_NUM, SEJ_NBJ, NIR_ANO_17 and ENT_DAT') };
  const ref = reference();
  const yearsCeil = Math.ceil(ctx.years);
  const measures = [
    { name: 'stays', bound: MCO_STAYS_BOUND_PER_YEAR * yearsCeil, decimals: 0 },
    { name: 'nights', bound: MCO_NIGHTS_BOUND_PER_YEAR * yearsCeil, decimals: 0 },
  ];
  const grid = new CellGrid(ref.bands, measures, [], ctx.epsilon !== undefined);
  const regions = [...new Set(ctx.source.departements.map((d) => ref.regionOf.get(d)).filter((r): r is string => r !== undefined))].sort();
  const seriesOf = new Map<string, number>();
  for (const region of regions) {
    for (const type of TYPES) {
      for (const sex of [1, 2]) {
        const denominator = type === 0 ? undefined : seriesOf.get(`${region}|0|${sex}`);
        seriesOf.set(`${region}|${type}|${sex}`, grid.seriesOf({ region, type, sex }, denominator));
      }
    }
  }
  let outside = 0;
  forEachExposure(ctx, (p, s) => {
    const region = ref.regionOf.get(p.dept);
    if (region === undefined) return;
    for (const type of TYPES) {
      const c = grid.cell(seriesOf.get(`${region}|${type}|${p.sex}`) as number, s.age);
      if (type === 0) grid.addTime(p.index, c, s.years);
      else grid.personYears[c] = (grid.personYears[c] as number) + s.years;
    }
  });
  for (const p of ctx.source.persons.values()) if (!ref.regionOf.has(p.dept)) outside += 1;
  const [start, end] = [sqlString(ctx.source.startIso), sqlString(ctx.source.endIso)];
  for (const bt of years) {
    const ct = `${bt.slice(0, -1)}C`;
    const bc = ctx.source.columns(bt);
    const sessions = bc.has('NBR_SEA') ? 'COALESCE(b.NBR_SEA, 0) > 0' : '0';
    const errors = bc.has('GRG_GHM') ? "AND COALESCE(b.GRG_GHM, '') NOT LIKE '90%'" : '';
    const rows = await ctx.source.db.all(
      `SELECT c.NIR_ANO_17 AS nir, substr(c.ENT_DAT, 1, 7) AS ym,
              CASE WHEN ${sessions} THEN 2 WHEN COALESCE(b.SEJ_NBJ, 0) > 0 THEN 0 ELSE 1 END AS type,
              COUNT(*) AS n, SUM(COALESCE(b.SEJ_NBJ, 0)) AS nights
       FROM "${bt}" b JOIN "${ct}" c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM
       WHERE c.ENT_DAT BETWEEN ${start} AND ${end} ${errors} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    for (const r of rows) {
      const p = ctx.source.persons.get(String(r.nir));
      const region = p === undefined ? undefined : ref.regionOf.get(p.dept);
      if (!p || region === undefined) continue;
      const type = Number(r.type);
      const c = grid.cell(seriesOf.get(`${region}|${type}|${p.sex}`) as number, ageInMonth(p, String(r.ym)));
      grid.addEvent(p.index, c, 0, Number(r.n));
      if (type === 0) grid.addEvent(p.index, c, 1, Number(r.nights), false);
    }
  }
  const pub = publishGrid(ctx, grid, BASICS.file);
  const out: (string | number)[][] = [];
  let merged = 0;
  let flat = 0;
  const cells = pub.cells.map((c) => {
    const region = c.series.region as string;
    const type = c.series.type as number;
    const sex = c.series.sex as number;
    const stays = c.counts[0] as number;
    const nights = c.counts[1] as number;
    const parts: (ProfilePart & { readonly los: number })[] = [];
    for (let b = c.firstBand; b <= c.lastBand; b++) {
      const o = ref.open.get(`${region}|${type}|${sex}|${ref.bands.lows[b]}`);
      parts.push({ exposure: grid.personYears[c.seriesIndex * ref.bands.length + b] as number, profile: o?.rate ?? 0, los: o?.los ?? 0 });
    }
    const spread = spreadLevel(stays, parts);
    // Nights spread over the stays each band gets, in the shape of the open data's mean nights.
    const los = type === 0 ? spreadLevel(nights, parts.map((p, i) => ({ exposure: p.exposure * (spread.rates[i] as number), profile: p.los }))) : undefined;
    if (c.lastBand > c.firstBand) merged += 1;
    if (spread.shape === 'flat') flat += 1;
    // One row per band of data/, merged or not: the simulator and the report read the layout of the open data.
    spread.rates.forEach((rate, i) => {
      const b = c.firstBand + i;
      const population = ref.population.get(`${region}|${sex}|${ref.bands.lows[b]}`) ?? 0;
      // A full stay has at least one night: noise can bring a small group's nights to 0, not its stays' length.
      const meanLos = los === undefined ? 0 : round(rate > 0 ? Math.max(1, los.rates[i] as number) : (los.rates[i] as number), 2);
      out.push([region, type, sex, ref.bands.lows[b] as number, ref.bands.high(b), round(rate * population, 1), round(population, 1), round(rate, 6), meanLos]);
    });
    const rate = c.personYears > 0 ? round(stays / c.personYears, 6) : 0;
    const meanLos = type === 0 && stays > 0 ? round(nights / stays, 2) : 0;
    return describeCell(grid, c, { rate, mean_los: meanLos, ...describeFactor(spread) });
  });
  const notes = [
    spreadNote('the rates (and, for full stays, the mean nights) of its bands', merged, flat),
    `Types 1 and 2 share the persons of type 0 of the same region and sex as their denominator.`,
  ];
  if (outside > 0) notes.push(`${outside} persons whose département has no ScanSanté region in data/mco_region_of_dept.csv are left out.`);
  const description = {
    ...BASICS,
    ageBands: ref.bands.labels,
    ...(pub.noise ? { noise: pub.noise } : {}),
    cells,
    suppressed: describeSuppressed(pub),
    notes,
  };
  if (regions.length === 0) return { files: [], description: { ...description, written: false, reason: 'no person lives in a département of data/mco_region_of_dept.csv' } };
  // A missing type × sex would read as a rate of 0 in the simulator: a suppressed series leaves data/'s table in use.
  if (pub.suppressed.length > 0) return { files: [], description: { ...description, written: false, reason: 'a region × type × sex series has too few persons to publish any age group; data/mco_stay_rates.csv stays in use' } };
  return {
    files: [{ file: BASICS.file, header: ['region', 'type', 'sex', 'age_min', 'age_max', 'stays', 'population', 'rate', 'mean_los'], rows: out }],
    description: { ...description, written: true },
  };
}
