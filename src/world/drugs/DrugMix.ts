import { DataError } from '../../errors';
import { num, str, type DataRegistry } from '../../data';
import { poolOfWeights, type DrugPool } from './DrugPool';
import type { Drug } from './DrugReferential';
import { drugAgeBand, type BySexBand } from './calibrateDispensing';
import { AGE_CELLS } from './DrugConditions';

/** Relative use of a class by [sex][age cell] (a published profile, or 0/1 age limits). */
export interface ClassProfile {
  readonly atc: readonly string[];
  readonly bySexAge: readonly [readonly number[], readonly number[], readonly number[]];
  /**
   * True for a published profile (persons treated by sex and age): the class keeps its shape across sexes and bands.
   * False for age limits alone: the class follows the general boxes by sex and band within its limits.
   */
  readonly published: boolean;
}

/** Profiles of data/drug_age_profiles.csv and limits of data/drug_age_limits.csv (limits applied on top). */
export function readProfiles(data: DataRegistry): ClassProfile[] {
  const out = new Map<string, [number[], number[], number[]]>();
  const published = new Set<string>();
  const blank = (v: number): [number[], number[], number[]] => [[], new Array<number>(AGE_CELLS).fill(v), new Array<number>(AGE_CELLS).fill(v)];
  const p = data.get('drug_age_profiles.csv');
  for (const r of p.rows) {
    const atc = str(p, r, 'atc');
    const sex = num(p, r, 'sex');
    if (sex !== 1 && sex !== 2) throw new DataError(`data/drug_age_profiles.csv: sex must be 1 or 2 in ${JSON.stringify(r)}`);
    if (!out.has(atc)) out.set(atc, blank(NaN));
    published.add(atc);
    ((out.get(atc) as number[][])[sex] as number[])[Math.min(AGE_CELLS - 1, Math.floor(num(p, r, 'age_min') / 5))] = num(p, r, 'treated_pct');
  }
  for (const [atc, v] of out) if (v.slice(1).some((s) => s.some((x) => Number.isNaN(x)))) throw new DataError(`data/drug_age_profiles.csv: class ${atc} lacks a sex × 5-year age cell`);
  const l = data.get('drug_age_limits.csv');
  for (const r of l.rows) {
    const atc = str(l, r, 'atc');
    const sex = num(l, r, 'sex');
    const lo = num(l, r, 'age_min');
    const hi = num(l, r, 'age_max');
    if (!out.has(atc)) out.set(atc, blank(1));
    const v = out.get(atc) as number[][];
    for (const s of [1, 2]) for (let c = 0; c < AGE_CELLS; c++) if ((sex !== 0 && s !== sex) || 5 * c < lo || 5 * c > hi) (v[s] as number[])[c] = 0;
  }
  return [...out].map(([atc, bySexAge]) => ({ atc: atc.split(' '), bySexAge, published: published.has(atc) }));
}

/** The general (non-ALD, non-condition) pools and rates of one sex × 5-year age cell. */
export interface MixCell {
  readonly chronic: DrugPool;
  readonly acute: DrugPool;
  /** Expected general chronic lines per person. */
  readonly lines: number;
  /** Expected acute boxes per person-year. */
  readonly acuteBoxes: number;
}

/** What the mix is computed from. */
export interface MixInputs {
  readonly drugs: readonly Drug[];
  /** Boxes of each drug left for the general lines and acute prescriptions (0 for condition classes). */
  readonly residual: ReadonlyMap<Drug, number>;
  readonly isChronic: (d: Drug) => boolean;
  /** Persons of the initial population by sex × age cell. */
  readonly persons: BySexBand;
  /** General chronic and acute boxes per person by [sex][Open Medic band] to reach. */
  readonly chronicBoxes: BySexBand;
  readonly acuteBoxes: BySexBand;
  readonly profiles: readonly ClassProfile[];
}

const ITERATIONS = 60;

/**
 * Drug mix by sex × 5-year age (iterative proportional fitting): a class with a published profile gets its boxes in
 * proportion to persons × profile (its shape across sexes and ages is the published one); the other drugs get theirs
 * uniformly per person (within their age limits, if any) scaled by a factor per Open Medic band × sex, so that every
 * class keeps its residual Open Medic boxes and every band × sex its general boxes (less what the profiled classes
 * take there). Returns the cells [sex][age cell].
 */
export function fitMix(input: MixInputs): MixCell[][] {
  const kinds: ('chronic' | 'acute')[] = ['chronic', 'acute'];
  const factors: Record<'chronic' | 'acute', number[][][]> = { chronic: [], acute: [] };
  const groups = input.profiles.length + 1;
  // Per drug, once: its group (the profiled class it falls in, else the last group), whether it is chronic, its
  // residual boxes and its days (the fit and the 84 cells below loop over every drug).
  const n = input.drugs.length;
  const groupOf = new Int32Array(n);
  const chronicOf = new Uint8Array(n);
  const residualOf = new Float64Array(n);
  const daysOf = new Float64Array(n);
  input.drugs.forEach((d, i) => {
    const g = input.profiles.findIndex((p) => p.atc.some((x) => d.atc.startsWith(x)));
    groupOf[i] = g < 0 ? groups - 1 : g;
    chronicOf[i] = input.isChronic(d) ? 1 : 0;
    residualOf[i] = input.residual.get(d) ?? 0;
    daysOf[i] = d.days;
  });
  for (const kind of kinds) {
    const classBoxes = new Array<number>(groups).fill(0);
    const wanted = kind === 'chronic' ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const g = groupOf[i] as number;
      if (chronicOf[i] === wanted) classBoxes[g] = (classBoxes[g] as number) + (residualOf[i] as number);
    }
    const bandTarget = kind === 'chronic' ? input.chronicBoxes : input.acuteBoxes;
    // Band × sex boxes of the simulated population; class boxes scaled to the same total.
    let want = 0;
    const band: number[][] = [[], [0, 0, 0], [0, 0, 0]];
    for (const s of [1, 2] as const) {
      for (let c = 0; c < AGE_CELLS; c++) {
        const b = drugAgeBand(5 * c);
        const n = (input.persons[s] as number[])[c] as number;
        (band[s] as number[])[b] = ((band[s] as number[])[b] as number) + n * ((bandTarget[s] as number[])[b] as number);
        want += n * ((bandTarget[s] as number[])[b] as number);
      }
    }
    const classSum = classBoxes.reduce((a, b) => a + b, 0);
    const rowTarget = classBoxes.map((x) => (classSum > 0 ? (x * want) / classSum : 0));
    const seed = (g: number, s: 1 | 2, c: number): number => (g < groups - 1 ? ((input.profiles[g] as ClassProfile).bySexAge[s][c] as number) : 1);
    const alpha = new Array<number>(groups).fill(1);
    const beta: number[][] = [[], [1, 1, 1], [1, 1, 1]];
    const published = (g: number): boolean => g < groups - 1 && (input.profiles[g] as ClassProfile).published;
    // The band × sex factor of a group: 1 for a published profile (its shape is kept), beta for the other drugs.
    const bandFactor = (g: number, s: 1 | 2, c: number): number => (published(g) ? 1 : ((beta[s] as number[])[drugAgeBand(5 * c)] as number));
    const cellValue = (g: number, s: 1 | 2, c: number): number => ((input.persons[s] as number[])[c] as number) * seed(g, s, c) * (alpha[g] as number) * bandFactor(g, s, c);
    for (let it = 0; it < ITERATIONS; it++) {
      for (let g = 0; g < groups; g++) {
        let sum = 0;
        for (const s of [1, 2] as const) for (let c = 0; c < AGE_CELLS; c++) sum += cellValue(g, s, c);
        alpha[g] = sum > 0 ? ((alpha[g] as number) * (rowTarget[g] as number)) / sum : 0;
      }
      for (const s of [1, 2] as const) {
        // What the band needs from the drugs without a published profile, and what they give now.
        const fixed = [0, 0, 0];
        const free = [0, 0, 0];
        for (let g = 0; g < groups; g++) {
          const sums = published(g) ? fixed : free;
          for (let c = 0; c < AGE_CELLS; c++) sums[drugAgeBand(5 * c)] = (sums[drugAgeBand(5 * c)] as number) + cellValue(g, s, c);
        }
        for (let b = 0; b < 3; b++) {
          const need = Math.max(0, ((band[s] as number[])[b] as number) - (fixed[b] as number));
          (beta[s] as number[])[b] = (free[b] as number) > 0 ? (((beta[s] as number[])[b] as number) * need) / (free[b] as number) : 1;
        }
      }
    }
    const f: number[][][] = [[], [], []];
    for (const s of [1, 2] as const) {
      for (let c = 0; c < AGE_CELLS; c++) {
        const row: number[] = [];
        // Boxes per person of the group in the cell, shared among its drugs in proportion to their residual boxes.
        for (let g = 0; g < groups; g++) row.push((classBoxes[g] as number) > 0 ? (seed(g, s, c) * (alpha[g] as number) * bandFactor(g, s, c)) / (classBoxes[g] as number) : 0);
        (f[s] as number[][])[c] = row;
      }
    }
    factors[kind] = f;
  }
  const cells: MixCell[][] = [[], [], []];
  const chronicW = new Float64Array(n);
  const acuteW = new Float64Array(n);
  for (const s of [1, 2] as const) {
    for (let c = 0; c < AGE_CELLS; c++) {
      const fc = (factors.chronic[s] as number[][])[c] as number[];
      const fa = (factors.acute[s] as number[][])[c] as number[];
      let cb = 0;
      let cd = 0;
      let ab = 0;
      for (let i = 0; i < n; i++) {
        const r = residualOf[i] as number;
        if (chronicOf[i] === 1) {
          const w = r * (fc[groupOf[i] as number] as number);
          chronicW[i] = w * (daysOf[i] as number);
          acuteW[i] = 0;
          cb += w;
          cd += w * (daysOf[i] as number);
        } else {
          const w = r * (fa[groupOf[i] as number] as number);
          chronicW[i] = 0;
          acuteW[i] = w;
          ab += w;
        }
      }
      const chronic = poolOfWeights(input.drugs, chronicW);
      const acute = poolOfWeights(input.drugs, acuteW);
      (cells[s] as MixCell[])[c] = { chronic, acute, lines: cd > 0 ? cb / ((365.25 * cb) / cd) : 0, acuteBoxes: ab };
    }
  }
  return cells;
}
