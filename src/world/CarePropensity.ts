import { DataError } from '../errors';
import type { DataRegistry } from '../data';
import { num, str } from '../data';
import type { RandomStream } from '../random';
import type { SexAgeRate } from './CareRates';
import type { StayRates } from './hospital';
import type { PopulationCell } from './InitialPopulation';
import type { AldModel } from './AldModel';

/** A person's latent propensities to consume care (mean 1 over the population). */
export interface Propensity {
  /** Shared by every care process of the person (GP, specialists, acts, drugs, hospital stays). */
  readonly care: number;
  /** Further hospital-specific factor: stays of a person cluster beyond what `care` gives. */
  readonly hospital: number;
}

/** Shape above which a gamma propensity is taken as the constant 1 (no heterogeneity needed). */
const NO_HETEROGENEITY = 1e4;
/**
 * Largest share of a cell's care that its ALD patients may take (their factor is capped at this ÷ their
 * prevalence), so that the others keep a positive factor. Modelling choice.
 */
const MAX_ALD_CARE_SHARE = 0.9;

/** A part of the population with one GP and one hospital rate: a cell's ALD patients or the others. */
interface Stratum {
  readonly count: number;
  readonly gp: number;
  readonly hospital: number;
}

/**
 * Who consumes and how much, and which GP and pharmacy (data/care_heterogeneity_parameters.csv, built by
 * scripts/data/heterogeneity.ts from published figures, data/sources/57-heterogeneity.md):
 * - a care propensity Z ~ Gamma(k, 1/k) (mean 1, so the published means by age and sex hold) multiplies the rates
 *   of GP and specialist consultations, CCAM acts, chronic general treatment lines and hospital stays; k is
 *   solved so that the simulated population's expected share of persons with ≥ 1 GP consultation in a year is
 *   the published share of the French population seen by a GP (the mixed Poisson gives 1 − (1 + λ/k)^−k);
 * - persons with an ALD at their entry get a factor a, the others of their sex, age and département b, with
 *   p·a + (1 − p)·b = 1 (p the cell's ALD prevalence: means unchanged) and a such that the published share of
 *   GP consultations with ALD patients holds over the simulated population (`aldFactor`);
 * - hospital stays are further multiplied by H ~ Gamma(kₕ, 1/kₕ), kₕ solved so that the expected share of
 *   hospitalised persons with a single stay in the year is the published one (integrated over Z numerically);
 * - a GP consultation is with another GP than the médecin traitant with probability q, solved so that the
 *   expected share of GP patients seeing both their médecin traitant and another GP is the published share of
 *   patients seeing ≥ 2 GPs.
 * The solutions use the rates of the simulated population's cells at the start (one year, no deaths): they are
 * what the published figures ask of this population, not exact identities of the output.
 */
export class CarePropensity {
  /** Gamma shape of the care propensity (large = little heterogeneity). */
  readonly shape: number;
  /** Gamma shape of the hospital factor (Infinity = none). */
  readonly hospitalShape: number;
  /** Probability that a GP consultation on an open day is with another GP than the médecin traitant. */
  readonly otherGpShare: number;
  /** Share of the other-GP consultations with a GP of the département rather than one near home. */
  readonly otherGpAwayShare: number;
  /** Share of acute prescriptions dispensed at another pharmacy than the usual one. */
  readonly acuteElsewhereShare: number;

  /** Factor of the ALD patients (before the cap of a cell). */
  readonly aldRatio: number;
  private readonly ald: AldModel;
  private readonly factors = new Map<string, [number, number]>();

  constructor(data: DataRegistry, cells: readonly PopulationCell[], gp: SexAgeRate, stays: StayRates, ald: AldModel) {
    const t = data.get('care_heterogeneity_parameters.csv');
    const param = (name: string): number => {
      const row = t.rows.find((r) => str(t, r, 'name') === name);
      if (!row) throw new DataError(`data/care_heterogeneity_parameters.csv has no parameter ${name}`);
      const v = num(t, row, 'value');
      if (!(v >= 0 && v <= 1)) throw new DataError(`data/care_heterogeneity_parameters.csv: ${name} must be a share between 0 and 1, got ${v}`);
      return v;
    };
    const seen = param('share_persons_seen_by_gp');
    const twoGps = param('share_gp_patients_two_or_more_gps');
    const single = param('share_hospitalised_single_stay');
    this.acuteElsewhereShare = param('share_acute_dispensings_elsewhere');
    this.otherGpAwayShare = param('share_other_gp_away_from_home');
    const aldShare = param('share_gp_consultations_ald_patients');
    this.ald = ald;

    const live = cells.filter((c) => c.count > 0);
    // a = the published share of GP consultations with ALD patients ÷ the GP-rate-weighted ALD prevalence.
    let gpAll = 0;
    let gpAld = 0;
    for (const c of live) {
      const l = c.count * gp.rate(c.sex, c.age);
      gpAll += l;
      gpAld += l * this.aldPrevalence(c.sex, c.age, c.dept);
    }
    this.aldRatio = gpAld > 0 ? Math.max(1, aldShare / (gpAld / gpAll)) : 1;
    // Strata of equal rates are merged (to 4 significant digits): the solutions below loop over them.
    const merged = new Map<string, { count: number; gp: number; hospital: number }>();
    const add = (count: number, g: number, h: number): void => {
      const key = `${g.toPrecision(4)}|${h.toPrecision(4)}`;
      const m = merged.get(key);
      if (m) m.count += count;
      else merged.set(key, { count, gp: g, hospital: h });
    };
    for (const c of live) {
      const p = this.aldPrevalence(c.sex, c.age, c.dept);
      const [a, b] = this.cellFactors(c.sex, c.age, c.dept);
      const g = gp.rate(c.sex, c.age);
      const h = stays.rate(0, c.sex, c.age, c.dept) + stays.rate(1, c.sex, c.age, c.dept);
      if (p > 0) add(c.count * p, g * a, h * a);
      if (p < 1) add(c.count * (1 - p), g * b, h * b);
    }
    const weighted: Stratum[] = [...merged.values()].sort((x, y) => x.gp - y.gp || x.hospital - y.hospital);
    const gpRates = weighted.map((c) => c.gp);
    const total = weighted.reduce((s, c) => s + c.count, 0);
    const mean = (f: (i: number) => number): number => (total > 0 ? weighted.reduce((s, c, i) => s + c.count * f(i), 0) / total : 0);

    // k: share seen = mean of 1 − L(λ), L(c) = (1 + c/k)^−k the Laplace transform of Gamma(k, 1/k).
    const laplace = (c: number, k: number): number => (k >= NO_HETEROGENEITY ? Math.exp(-c) : Math.pow(1 + c / k, -k));
    const seenShare = (k: number): number => mean((i) => 1 - laplace(gpRates[i] as number, k));
    this.shape = solveIncreasing(seenShare, seen, 0.02, NO_HETEROGENEITY);
    const k = this.shape;

    // q: P(≥ 1 with the médecin traitant and ≥ 1 with another GP) among persons with ≥ 1 consultation.
    const patients = seenShare(k);
    const bothShare = (q: number): number =>
      patients > 0 ? mean((i) => { const l = gpRates[i] as number; return 1 - laplace(l * (1 - q), k) - laplace(l * q, k) + laplace(l, k); }) / patients : 0;
    this.otherGpShare = solveIncreasing(bothShare, twoGps, 0, 0.5);

    // kₕ: share of hospitalised persons with one stay, Z integrated on a log grid.
    const grid = gammaGrid(k);
    const hospRates = weighted.map((c) => c.hospital);
    const singleShare = (kh: number): number => {
      let one = 0;
      let any = 0;
      weighted.forEach((c, i) => {
        const l = hospRates[i] as number;
        for (const [z, w] of grid) {
          const m = l * z;
          const p0 = kh >= NO_HETEROGENEITY ? Math.exp(-m) : Math.pow(1 + m / kh, -kh);
          const p1 = kh >= NO_HETEROGENEITY ? m * Math.exp(-m) : m * Math.pow(1 + m / kh, -kh - 1);
          one += c.count * w * p1;
          any += c.count * w * (1 - p0);
        }
      });
      return any > 0 ? one / any : 1;
    };
    // The single-stay share rises with kₕ (less clustering): none needed when Z alone already gives it.
    this.hospitalShape = singleShare(NO_HETEROGENEITY) <= single ? Infinity : solveIncreasing(singleShare, single, 0.02, NO_HETEROGENEITY);
  }

  /** Share of the persons of a sex, age and département with at least one ALD (the ALDs taken independent). */
  private aldPrevalence(sex: 1 | 2, age: number, dept: string): number {
    let none = 1;
    for (const p of this.ald.prevalences(sex, age, dept)) none *= 1 - Math.min(1, Math.max(0, p));
    return 1 - none;
  }

  /** [factor of the ALD patients, factor of the others] of a sex, age and département (means unchanged). */
  private cellFactors(sex: 1 | 2, age: number, dept: string): [number, number] {
    const key = `${sex}|${age}|${dept}`;
    let f = this.factors.get(key);
    if (!f) {
      const p = this.aldPrevalence(sex, age, dept);
      const a = p > 0 ? Math.min(this.aldRatio, MAX_ALD_CARE_SHARE / p) : this.aldRatio;
      const b = p < 1 ? Math.max(0, (1 - p * a) / (1 - p)) : 1;
      f = [a, b];
      this.factors.set(key, f);
    }
    return f;
  }

  /**
   * Factor of a person's care rates for having (or not) an ALD at entry, at the sex, age (at entry) and
   * département of the person: above 1 for ALD patients, below 1 for the others, mean 1 in the cell.
   */
  aldFactor(sex: 1 | 2, age: number, dept: string, hasAld: boolean): number {
    const [a, b] = this.cellFactors(sex, Math.max(0, age), dept);
    return hasAld ? a : b;
  }

  /** Draws a person's propensities from the person's own stream (two draws, whatever the shapes). */
  draw(rng: RandomStream): Propensity {
    const z = rng.gamma(Math.min(this.shape, NO_HETEROGENEITY), 1 / Math.min(this.shape, NO_HETEROGENEITY));
    const h = rng.gamma(Math.min(this.hospitalShape, NO_HETEROGENEITY), 1 / Math.min(this.hospitalShape, NO_HETEROGENEITY));
    return { care: this.shape >= NO_HETEROGENEITY ? 1 : z, hospital: Number.isFinite(this.hospitalShape) ? h : 1 };
  }
}

/** x in [lo, hi] with f(x) = target for an increasing f (bisection in log space; a bound when out of range). */
function solveIncreasing(f: (x: number) => number, target: number, lo: number, hi: number): number {
  if (f(lo) >= target) return lo;
  if (f(hi) <= target) return hi;
  const logSpace = lo > 0;
  let a = logSpace ? Math.log(lo) : lo;
  let b = logSpace ? Math.log(hi) : hi;
  for (let i = 0; i < 40; i++) {
    const m = (a + b) / 2;
    if (f(logSpace ? Math.exp(m) : m) < target) a = m;
    else b = m;
  }
  const x = (a + b) / 2;
  return logSpace ? Math.exp(x) : x;
}

/** Points z and weights of Gamma(k, 1/k) on a log grid (weights sum to 1): ∫ g dF ≈ Σ w g(z). */
function gammaGrid(k: number): [number, number][] {
  const pts: [number, number][] = [];
  if (k >= NO_HETEROGENEITY) return [[1, 1]];
  let sum = 0;
  for (let u = -12; u <= 4; u += 0.1) {
    const z = Math.exp(u);
    // Density of log Z ∝ z^k e^{−kz}; computed in logs to avoid overflow.
    const w = Math.exp(k * u - k * z);
    pts.push([z, w]);
    sum += w;
  }
  return pts.map(([z, w]) => [z, w / sum]);
}
