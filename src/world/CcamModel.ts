import { DataError } from '../errors';
import type { RandomStream } from '../random';
import { num, str } from '../data';
import type { DataRegistry } from '../data';
import type { Physician, Providers } from './Providers';

/** A CCAM technical act with its tariff. */
export interface CcamAct {
  /** 7-character CCAM code. */
  readonly code: string;
  readonly activity: number;
  readonly phase: number;
  /** Sector-1 tariff (€). */
  readonly tariff: number;
  /** CCAM regroupement code (ADI, ATM, …). */
  readonly regroupement: string;
  /** IR_NAT_V prestation code of the regroupement (PRS_NAT_REF of the ER_PRS_F line). */
  readonly prsNat: number;
  /** Specialties (IR_SPE_V) that perform it; [1] = the person's own GP. */
  readonly specialties: readonly number[];
}

/** Highest age of the precomputed per-age tables (older ages use it). */
const MAX_AGE = 120;

/** Per-age table of the specialties a person may consult: total rate and cumulative rates. */
interface ConsultationMix {
  readonly total: number;
  readonly specialties: readonly number[];
  readonly cumulative: Float64Array;
}

/**
 * Specialist consultations and CCAM technical acts in private practice, from
 * `data/specialist_consultation_rates.csv` and `data/specialist_acts.csv.gz` (data/sources/61-specialists.md).
 * Per-person draws only walk precomputed cumulative arrays.
 */
export class CcamModel {
  /** Simulated acts, and per sex (index 1, 2) the indexes of the acts that sex can receive with cumulative rates. */
  readonly acts: readonly CcamAct[];
  private readonly actIndex: [Int32Array, Int32Array, Int32Array];
  private readonly actCumulative: [Float64Array, Float64Array, Float64Array];
  private readonly consultMix: [ConsultationMix[], ConsultationMix[], ConsultationMix[]];
  private readonly executantCache = new Map<string, readonly Physician[]>();
  /** Acts per person-year of each act, by sex (index 1, 2). */
  private readonly actRates: [Map<CcamAct, number>, Map<CcamAct, number>, Map<CcamAct, number>] = [new Map(), new Map(), new Map()];

  /**
   * @param data the run's data tables
   * @param providers the physicians who perform the consultations and acts
   * @param regions the simulated départements (the fallback area of executants)
   */
  constructor(
    data: DataRegistry,
    private readonly providers: Providers,
    private readonly regions: readonly string[],
  ) {
    const t = data.get('specialist_acts.csv.gz');
    // One shared array per distinct specialty list.
    const groups = new Map<string, readonly number[]>();
    const acts: CcamAct[] = [];
    const bySex: [number[], number[]][] = [
      [[], []],
      [[], []],
      [[], []],
    ];
    for (const r of t.rows) {
      const spes = str(t, r, 'specialties');
      let specialties = groups.get(spes);
      if (!specialties) {
        specialties = spes.split(' ').map(Number);
        if (specialties.some((x) => !Number.isInteger(x) || x <= 0)) throw new DataError(`data/specialist_acts.csv.gz: bad specialties ${spes}`);
        groups.set(spes, specialties);
      }
      const rate = num(t, r, 'rate');
      const sex = num(t, r, 'sex');
      const i = acts.length;
      acts.push({
        code: str(t, r, 'act'),
        activity: num(t, r, 'activity'),
        phase: num(t, r, 'phase'),
        tariff: num(t, r, 'tariff'),
        regroupement: str(t, r, 'regroupement'),
        prsNat: num(t, r, 'prs_nat'),
        specialties,
      });
      for (const s of [1, 2] as const) {
        if (sex !== 0 && sex !== s) continue;
        this.actRates[s].set(acts[i] as CcamAct, rate);
        const [idx, w] = bySex[s] as [number[], number[]];
        idx.push(i);
        w.push((w[w.length - 1] ?? 0) + rate);
      }
    }
    this.acts = acts;
    this.actIndex = [new Int32Array(0), Int32Array.from(bySex[1]![0]), Int32Array.from(bySex[2]![0])];
    this.actCumulative = [new Float64Array(0), Float64Array.from(bySex[1]![1]), Float64Array.from(bySex[2]![1])];

    const c = data.get('specialist_consultation_rates.csv');
    const rates: [Map<number, Float64Array>, Map<number, Float64Array>] = [new Map(), new Map()];
    for (const r of c.rows) {
      const sex = num(c, r, 'sex');
      if (sex !== 1 && sex !== 2) throw new DataError(`data/specialist_consultation_rates.csv: bad sex ${sex}`);
      const spe = num(c, r, 'specialty');
      const m = rates[sex - 1] as Map<number, Float64Array>;
      const arr = m.get(spe) ?? new Float64Array(MAX_AGE + 1);
      m.set(spe, arr);
      for (let a = num(c, r, 'age_min'); a <= Math.min(num(c, r, 'age_max'), MAX_AGE); a++) arr[a] = num(c, r, 'rate');
    }
    const mix = (sex: 1 | 2): ConsultationMix[] => {
      const m = rates[sex - 1] as Map<number, Float64Array>;
      const spes = [...m.keys()].sort((a, b) => a - b);
      const out: ConsultationMix[] = [];
      for (let a = 0; a <= MAX_AGE; a++) {
        const specialties: number[] = [];
        const cum: number[] = [];
        for (const s of spes) {
          const x = (m.get(s) as Float64Array)[a] as number;
          if (x <= 0) continue;
          specialties.push(s);
          cum.push((cum[cum.length - 1] ?? 0) + x);
        }
        out.push({ total: cum[cum.length - 1] ?? 0, specialties, cumulative: Float64Array.from(cum) });
      }
      return out;
    };
    this.consultMix = [[], mix(1), mix(2)];
  }

  /** Specialist consultations per person-year (all simulated specialties) at a sex and completed age. */
  consultationRate(sex: 1 | 2, age: number): number {
    return (this.consultMix[sex][Math.min(age, MAX_AGE)] as ConsultationMix).total;
  }

  /** Consultations per person-year of one specialty at a sex and completed age (0 when not simulated). */
  specialtyRate(sex: 1 | 2, age: number, specialty: number): number {
    const m = this.consultMix[sex][Math.min(age, MAX_AGE)] as ConsultationMix;
    const i = m.specialties.indexOf(specialty);
    return i < 0 ? 0 : (m.cumulative[i] as number) - (i > 0 ? (m.cumulative[i - 1] as number) : 0);
  }

  /** Acts per person-year of a simulated act for a sex (0 when that sex does not receive it). */
  rateOfAct(act: CcamAct, sex: 1 | 2): number {
    return this.actRates[sex].get(act) ?? 0;
  }

  /** Draws the specialty of a consultation at a sex and age (call only where the rate is positive). */
  pickConsultationSpecialty(sex: 1 | 2, age: number, rng: RandomStream): number {
    const m = this.consultMix[sex][Math.min(age, MAX_AGE)] as ConsultationMix;
    return m.specialties[rng.pickCumulative(m.cumulative)] as number;
  }

  /** Technical acts per person-year for a sex (the same at every age: see 61-specialists.md). */
  actRate(sex: 1 | 2): number {
    const cum = this.actCumulative[sex];
    return cum.length === 0 ? 0 : (cum[cum.length - 1] as number);
  }

  /** Draws an act for a person of that sex, in proportion to the national volumes. */
  pickAct(sex: 1 | 2, rng: RandomStream): CcamAct {
    return this.acts[this.actIndex[sex][rng.pickCumulative(this.actCumulative[sex])] as number] as CcamAct;
  }

  /**
   * The acts of some regroupements (e.g. ADI, ADE: imaging) a person of that sex can receive, with cumulative
   * national rates (to draw one in proportion to its volume).
   */
  actsIn(sex: 1 | 2, regroupements: readonly string[]): { readonly acts: readonly CcamAct[]; readonly cumulative: Float64Array } {
    const idx = this.actIndex[sex];
    const cum = this.actCumulative[sex];
    const acts: CcamAct[] = [];
    const weights: number[] = [];
    for (let i = 0; i < idx.length; i++) {
      const act = this.acts[idx[i] as number] as CcamAct;
      if (!regroupements.includes(act.regroupement)) continue;
      acts.push(act);
      weights.push((cum[i] as number) - (i > 0 ? (cum[i - 1] as number) : 0));
    }
    let t = 0;
    return { acts, cumulative: Float64Array.from(weights, (w) => (t += w)) };
  }

  /**
   * A physician of one of the specialties for a person: the person's GP for specialty 1, else one of the
   * person's département, else of the simulated area; undefined when the area has none.
   */
  executant(specialties: readonly number[], person: { readonly gp: Physician; readonly home: { readonly dept: string } }, rng: RandomStream): Physician | undefined {
    if (specialties.length === 1 && specialties[0] === 1) return person.gp;
    const list = this.physicians(specialties, person.home.dept);
    return list.length === 0 ? undefined : list[rng.int(0, list.length - 1)];
  }

  /** Physicians of the specialties in the département, else in the whole simulated area (cached). */
  private physicians(specialties: readonly number[], dept: string): readonly Physician[] {
    const key = `${specialties.join(' ')}|${dept}`;
    let list = this.executantCache.get(key);
    if (list) return list;
    const p = this.providers;
    list = specialties.flatMap((s) => p.ofSpecialty(s, dept));
    if (list.length === 0) list = this.regions.flatMap((d) => specialties.flatMap((s) => p.ofSpecialty(s, d)));
    this.executantCache.set(key, list);
    return list;
  }
}
