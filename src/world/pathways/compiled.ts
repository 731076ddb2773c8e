import type { RandomStream } from '../../random';
import { DEFAULT_DAYS_PER_BOX, parseIcdRange, type IcdRange, type Intervention, type ModuleComplication, type ModuleMonitoring, type ModuleTreatment, type PathwayModule } from '../../scenario';

const DAYS_PER_YEAR = 365.25;

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
