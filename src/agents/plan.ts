import { ageInYears, type Day } from '../events';
import type { CompiledModule, CompiledState, PathwayStep } from '../world';
import type { RandomStream } from '../random';
import type { World } from '../world';
import { nextArrival } from './hazard';

/** An ALD exoneration of the person: held at entry (prevalent) or starting during the run. */
export interface PlannedAld {
  /** Index in AldModel.alds. */
  readonly k: number;
  readonly ald: number;
  readonly cim: string;
  readonly start: Day;
  readonly incident: boolean;
  /** The pathway module following it, if any. */
  module?: CompiledModule;
}

/** A disease followed by a pathway module: its onset and the whole path of states drawn for it. */
export interface Track {
  readonly module: CompiledModule;
  /** ALD number (0 for a module with an incidence onset). */
  readonly ald: number;
  readonly cim: string;
  readonly onset: Day;
  /** Whether the onset falls before the person's entry. */
  readonly prevalent: boolean;
  /** State entries and complications from the onset to the end of the run, in time order. */
  readonly path: readonly PathwayStep[];
}

/**
 * The latent disease history of a person, drawn before anything else because mortality depends on
 * it: ALDs held at entry, ALD onsets up to the end of the run (those after the death never happen),
 * and the path of each disease a pathway module follows. The draws use the person's own streams
 * (`care.ald.prevalence`, `care.ald.onset`, `pathway.<module>`), so adding a module changes nothing
 * for persons it does not concern.
 */
export class DiseasePlan {
  readonly alds: PlannedAld[] = [];
  /** Numbers of the ALDs a pathway module follows (their care comes from the module). */
  readonly followedAlds = new Set<number>();
  readonly tracks: Track[] = [];
  /** Days where the death and stay hazard ratios change (state entries within the run), ascending. */
  readonly breaks: Day[];

  constructor(
    private readonly world: World,
    person: { readonly sex: 1 | 2; readonly birth: Day; readonly entry: Day; readonly home: { readonly dept: string } },
    stream: (name: string) => RandomStream,
  ) {
    const w = world;
    const m = w.ald;
    const end = w.config.end;
    const { sex, birth, entry } = person;
    const dept = person.home.dept;
    const n = m.alds.length;
    const held = new Set<number>();

    if (entry > birth) {
      const rng = stream('care.ald.prevalence');
      const p = m.prevalences(sex, ageInYears(birth, entry), dept);
      for (let k = 0; k < n; k++) {
        if (!rng.chance(p[k] as number)) continue;
        const start = m.prevalentStart(k, sex, birth, entry, rng);
        this.alds.push({ k, ald: m.alds[k] as number, cim: m.drawCode(k, sex, rng), start, incident: false });
        held.add(k);
      }
    }

    // Onsets of the ALDs not held: one Poisson process for all, the ALD drawn in proportion to its rate.
    const onset = stream('care.ald.onset');
    const totalRate = (_y: number, age: number): number => {
      const r = m.onsetRates(sex, age, dept);
      let s = 0;
      for (let k = 0; k < n; k++) if (!held.has(k)) s += r[k] as number;
      return s * w.rates.factor('ald_incidence', sex, age, dept);
    };
    const cumulative = new Float64Array(n);
    for (let from = entry; ; ) {
      const day = nextArrival(birth, from, end, totalRate, onset.exponential(1));
      if (day === undefined) break;
      const r = m.onsetRates(sex, ageInYears(birth, day), dept);
      let s = 0;
      for (let k = 0; k < n; k++) cumulative[k] = s += held.has(k) ? 0 : (r[k] as number);
      if (s > 0) {
        const k = onset.pickCumulative(cumulative);
        this.alds.push({ k, ald: m.alds[k] as number, cim: m.drawCode(k, sex, onset), start: day, incident: true });
        held.add(k);
      }
      from = day + 1;
    }

    const pw = w.pathways;
    for (const a of this.alds) {
      const mod = pw.moduleFor(a.ald, a.cim);
      if (!mod) continue;
      a.module = mod;
      this.followedAlds.add(a.ald);
      this.addTrack(mod, a.ald, a.cim, a.start, entry, stream);
    }
    for (const mod of pw.modules) {
      const inc = mod.spec.onset.incidence;
      if (inc === undefined) continue;
      // From birth, so that onsets before the entry make the prevalent cases.
      const rate = (_y: number, age: number): number => {
        let r = 0;
        for (const row of inc) if ((row.sex === undefined || row.sex === sex) && age >= row.ageMin && age <= row.ageMax) r += row.perYear;
        return r;
      };
      const day = nextArrival(birth, birth, end, rate, stream(`pathway.${mod.name}.onset`).exponential(1));
      if (day !== undefined) this.addTrack(mod, 0, mod.spec.onset.code ?? '', day, entry, stream);
    }

    const breaks = new Set<Day>();
    for (const t of this.tracks) for (const s of t.path) if (s.complication < 0 && s.day > entry) breaks.add(s.day);
    this.breaks = [...breaks].sort((a, b) => a - b);
  }

  private addTrack(module: CompiledModule, ald: number, cim: string, onset: Day, entry: Day, stream: (name: string) => RandomStream): void {
    const path = module.walk(onset, this.world.config.end, stream(`pathway.${module.name}`));
    this.tracks.push({ module, ald, cim, onset, prevalent: onset < entry, path });
  }

  /** Product of the mortality (or hospitalisation) ratios of the states the person is in on `day`. */
  hazardRatio(day: Day, kind: 'mortality' | 'hospitalisation' = 'mortality'): number {
    let r = 1;
    for (const t of this.tracks) {
      const s = stateOn(t, day);
      if (s) r *= s[kind];
    }
    return r;
  }

  /** Sum of the complication rates (stays per year) of the states the person is in on `day`. */
  complicationRate(day: Day): number {
    let r = 0;
    for (const t of this.tracks) for (const c of stateOn(t, day)?.complications ?? []) r += c.perYear;
    return r;
  }
}

/** The state of a track on `day`, undefined before the onset. */
function stateOn(t: Track, day: Day): CompiledState | undefined {
  if (t.onset > day) return undefined;
  let state = -1;
  for (const s of t.path) {
    if (s.day > day) break;
    if (s.complication < 0) state = s.state;
  }
  return state >= 0 ? t.module.states[state] : undefined;
}
