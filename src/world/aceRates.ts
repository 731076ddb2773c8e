import { DataError } from '../errors';
import { num, str, type DataRegistry, type DataTable } from '../data';
import { nearestYear } from './Demography';

const MAX_AGE = 120;

/** Tables the published ACE rates are computed from. */
export interface AceRateTables {
  /** data/ace_parameters.csv */
  readonly parameters: DataTable;
  /** data/specialist_consultation_rates.csv (specialty, sex, age_min, age_max, rate) */
  readonly specialist: DataTable;
  /** data/gp_consultation_rates.csv (sex, age_min, age_max, rate) */
  readonly gp: DataTable;
  /** data/specialist_acts.csv.gz (sex 0 both, 1, 2; rate) */
  readonly acts: DataTable;
  /** data/population.csv.gz (year, dept, sex, age, count) */
  readonly population: DataTable;
}

/**
 * The rows of data/population.csv.gz of the year nearest `year` (every département): what publishedAceRates
 * reads of it, without parsing the other years.
 */
export function referenceYearPopulation(data: DataRegistry, year: number): DataTable {
  const t = 'population.csv.gz';
  const years = data.values(t, 'year');
  const nearest = nearestYear(
    years.map((y) => num(t, { year: y }, 'year')),
    year,
  );
  return data.select(t, 'year', years.filter((y) => Number(y) === nearest));
}

/** A named value of data/ace_parameters.csv. */
export function aceParameter(t: DataTable, name: string): number {
  const row = t.rows.find((r) => str(t, r, 'name') === name);
  if (!row) throw new DataError(`data/ace_parameters.csv has no parameter ${name}`);
  return num(t, row, 'value');
}

/**
 * Published national ACE passages per person-year by kind (0 specialist consultation, 1 GP consultation,
 * 2 imaging), sex (index 1, 2) and age 0…120 (data/sources/62-ace.md): each kind's share of the published passages
 * (in proportion to its published volume), spread over sex and age like the liberal care of that kind, at the level
 * that gives the French population of the reference year the published volume. Shared by the simulator and `report`.
 */
export function publishedAceRates(t: AceRateTables): Float64Array[][] {
  const p = t.parameters;
  const volumes = [aceParameter(p, 'specialist_consultations_per_year'), aceParameter(p, 'gp_consultations_per_year'), aceParameter(p, 'imaging_acts_per_year')];
  const acts = volumes.reduce((a, b) => a + b, 0);
  const passages = aceParameter(p, 'passages_per_year');
  const profiles: Float64Array[][] = [0, 1, 2].map(() => [new Float64Array(0), new Float64Array(MAX_AGE + 1), new Float64Array(MAX_AGE + 1)]);
  const bands = (table: DataTable, k: number): void => {
    for (const r of table.rows) {
      const sex = num(table, r, 'sex');
      if (sex !== 1 && sex !== 2) throw new DataError(`data/${table.name}: bad sex ${sex}`);
      const arr = profiles[k]![sex] as Float64Array;
      for (let a = num(table, r, 'age_min'); a <= Math.min(num(table, r, 'age_max'), MAX_AGE); a++) arr[a] = (arr[a] as number) + num(table, r, 'rate');
    }
  };
  bands(t.specialist, 0);
  bands(t.gp, 1);
  // Imaging like the CCAM acts of liberal practice: flat in age, by sex (acts of sex 0 are for both).
  const actRate = [0, 0, 0];
  for (const r of t.acts.rows) {
    const sex = num(t.acts, r, 'sex');
    for (const s of [1, 2] as const) if (sex === 0 || sex === s) actRate[s] = (actRate[s] as number) + num(t.acts, r, 'rate');
  }
  for (const s of [1, 2] as const) (profiles[2]![s] as Float64Array).fill(actRate[s] as number);
  const pop = t.population;
  const year = nearestYear([...new Set(pop.rows.map((r) => num(pop, r, 'year')))], aceParameter(p, 'passages_reference_year'));
  const exposure = [0, 0, 0];
  for (const r of pop.rows) {
    if (num(pop, r, 'year') !== year) continue;
    const sex = num(pop, r, 'sex');
    const age = Math.min(num(pop, r, 'age'), MAX_AGE);
    const n = num(pop, r, 'count');
    for (let k = 0; k < 3; k++) exposure[k] = (exposure[k] as number) + n * ((profiles[k]![sex] as Float64Array)[age] as number);
  }
  return profiles.map((bySex, k) => {
    const level = (passages * ((volumes[k] as number) / acts)) / (exposure[k] as number);
    return bySex.map((arr) => arr.map((x) => x * level));
  });
}
