import type { RandomStream } from '../../random';
import { DEFAULT_DAYS_PER_BOX, parseIcdRange, type IcdRange, type Intervention, type ModuleComplication, type ModuleMonitoring, type ModuleTreatment, type PathwayModule } from '../../scenario';

const DAYS_PER_YEAR = 365.25;
/** Steps of the uniformised chain in `CompiledModule.occupancy` (enough for rates 10⁻⁵ of the fastest). */
const OCCUPANCY_STEPS = 200_000;

/** A state with its exits resolved to indexes. */
export interface CompiledState {
  readonly name: string;
  readonly mortality: number;
  readonly hospitalisation: number;
  readonly treatments: readonly ModuleTreatment[];
  readonly monitoring: readonly ModuleMonitoring[];
  readonly complications: readonly (ModuleComplication & { readonly toIndex: number })[];
  readonly transitions: readonly { readonly toIndex: number; readonly perDay: number; readonly afterDays: number | undefined }[];
}

/** One step of a pathway: entering a state, or a complication (a stay) within the current state. */
export interface PathwayStep {
  /** Day (may be before the run for prevalent cases). */
  readonly day: number;
  /** State entered, or the state the complication happens in. */
  readonly state: number;
  /** Index of the complication in that state, or −1 for a state entry. */
  readonly complication: number;
}

/**
 * A validated module ready to run: states by index, rates per day. `walk` draws the whole path of one
 * person from an onset day to a limit day with the person's own stream (the engine then emits what
 * falls within the run).
 */
export class CompiledModule {
  readonly states: readonly CompiledState[];
  readonly initial: number;
  readonly codes: readonly string[];

  constructor(readonly spec: PathwayModule, readonly index: number) {
    const names = Object.keys(spec.states);
    const at = (n: string): number => names.indexOf(n);
    this.states = names.map((name) => {
      const s = spec.states[name];
      if (s === undefined) throw new Error(`state ${name} missing`);
      return {
        name,
        mortality: s.mortality ?? 1,
        hospitalisation: s.hospitalisation ?? 1,
        treatments: s.treatments ?? [],
        monitoring: s.monitoring ?? [],
        complications: (s.complications ?? []).map((c) => ({ ...c, toIndex: c.to === undefined ? -1 : at(c.to) })),
        transitions: (s.transitions ?? []).map((t) => ({
          toIndex: at(t.to),
          perDay: (t.perYear ?? 0) / DAYS_PER_YEAR,
          afterDays: t.afterDays,
        })),
      };
    });
    this.initial = at(spec.initial);
    this.codes = spec.onset.codes ?? [];
  }

  get name(): string {
    return this.spec.name;
  }

  /** Whether the module takes an ALD exoneration of that number and ICD-10 code. */
  takes(ald: number, cim: string): boolean {
    return this.spec.onset.ald === ald && (this.codes.length === 0 || this.codes.some((c) => cim.startsWith(c)));
  }

  /**
   * Long-run share of time spent in each state: the stationary distribution reached from the initial state of the
   * chain whose rates are the exponential transitions, the fixed delays (rate 1 / afterDays) and the complications
   * that change state (uniformised chain iterated to convergence; an absorbing terminal state takes everything).
   * An approximation of where a prevalent case stands: used to subtract the expected complication stays from the
   * generic ones, never to draw a path.
   */
  occupancy(): Float64Array {
    const n = this.states.length;
    const rate: number[][] = this.states.map(() => new Array<number>(n).fill(0));
    this.states.forEach((s, i) => {
      for (const t of s.transitions) {
        if (t.toIndex < 0 || t.toIndex === i) continue;
        const r = t.afterDays !== undefined ? 1 / Math.max(1, t.afterDays) : t.perDay;
        (rate[i] as number[])[t.toIndex] = ((rate[i] as number[])[t.toIndex] as number) + r;
      }
      for (const c of s.complications) {
        if (c.toIndex < 0 || c.toIndex === i) continue;
        (rate[i] as number[])[c.toIndex] = ((rate[i] as number[])[c.toIndex] as number) + c.perYear / DAYS_PER_YEAR;
      }
    });
    const out = rate.map((row) => row.reduce((a, b) => a + b, 0));
    const lambda = Math.max(...out, 1e-12) * 1.01;
    let pi = new Float64Array(n);
    pi[this.initial] = 1;
    for (let step = 0; step < OCCUPANCY_STEPS; step++) {
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const m = pi[i] as number;
        if (m === 0) continue;
        next[i] = (next[i] as number) + m * (1 - (out[i] as number) / lambda);
        for (let j = 0; j < n; j++) {
          const r = (rate[i] as number[])[j] as number;
          if (r > 0) next[j] = (next[j] as number) + (m * r) / lambda;
        }
      }
      pi = next;
    }
    return pi;
  }

  /**
   * Expected complication stays per person-year of a person followed by the module, by main diagnosis (each of a
   * complication's `dp` codes equally likely, as drawn): [full stays, same-day stays], the states weighted by
   * `occupancy()`.
   */
  complicationStays(): [Map<string, number>, Map<string, number>] {
    const pi = this.occupancy();
    const full = new Map<string, number>();
    const sameDay = new Map<string, number>();
    this.states.forEach((s, i) => {
      const w = pi[i] as number;
      if (w <= 0) return;
      for (const c of s.complications) {
        const target = (c.stay.type ?? 'full') === 'full' ? full : sameDay;
        for (const code of c.stay.dp) target.set(code, (target.get(code) ?? 0) + (w * c.perYear) / c.stay.dp.length);
      }
    });
    return [full, sameDay];
  }

  /**
   * The path from `onset` (entering the initial state) to `limit`: competing exponential transitions and
   * complications, fixed delays (`afterDays`) counted from the entry into the state. Time runs in
   * fractional days; steps carry the day (floor).
   */
  walk(onset: number, limit: number, rng: RandomStream): PathwayStep[] {
    const steps: PathwayStep[] = [{ day: onset, state: this.initial, complication: -1 }];
    let state = this.initial;
    let entered = onset;
    let t = onset;
    for (;;) {
      const s = this.states[state] as CompiledState;
      let best = Infinity;
      let next = -1;
      let comp = -1;
      s.transitions.forEach((tr) => {
        const at = tr.afterDays !== undefined ? entered + tr.afterDays : tr.perDay > 0 ? t + rng.exponential(1) / tr.perDay : Infinity;
        if (at < best) (best = at), (next = tr.toIndex), (comp = -1);
      });
      s.complications.forEach((c, i) => {
        const perDay = c.perYear / DAYS_PER_YEAR;
        const at = perDay > 0 ? t + rng.exponential(1) / perDay : Infinity;
        if (at < best) (best = at), (next = c.toIndex), (comp = i);
      });
      if (!(best <= limit)) return steps;
      const day = Math.floor(best);
      if (comp >= 0) steps.push({ day, state, complication: comp });
      if (next >= 0) {
        state = next;
        entered = best;
        steps.push({ day, state, complication: -1 });
      }
      t = best;
    }
  }
}

/** An intervention ready to run. */
export class CompiledIntervention {
  readonly outcome: readonly IcdRange[];
  readonly daysPerBox: number;

  constructor(readonly spec: Intervention, readonly index: number) {
    this.outcome = spec.outcome.dp.map(parseIcdRange);
    this.daysPerBox = spec.exposure.daysPerBox ?? DEFAULT_DAYS_PER_BOX;
  }

  /** Whether a drug's ATC code makes the exposure. */
  exposes(atc: string): boolean {
    return this.spec.exposure.atc.some((p) => atc.startsWith(p));
  }
}
