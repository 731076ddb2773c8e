import type { SimulationConfig } from '../../scenario';
import type { AldModel } from '../AldModel';
import type { CcamAct, CcamModel } from '../CcamModel';
import { CompiledIntervention, CompiledModule } from './compiled';

/** Ratios − 1 of a state. */
interface Ratios {
  readonly mortality: number;
  readonly hospitalisation: number;
}

/**
 * The scenario's pathway modules and interventions, compiled for the engine, with the death-hazard
 * normalisation that keeps the population's mortality at the life tables' while module states raise
 * the mortality of the persons in them.
 */
export class Pathways {
  readonly modules: readonly CompiledModule[];
  readonly interventions: readonly CompiledIntervention[];
  /** Whether this is the counterfactual run: interventions track exposures but have no effect. */
  readonly counterfactual: boolean;
  /** Modules with an ALD onset: [ALD index k, share of the ALD's persons of each sex the module takes, ratios − 1 of the initial state]. */
  private readonly excess: readonly (readonly [number, readonly [number, number], Ratios])[];
  private readonly acts = new Map<string, CcamAct | undefined>();
  /**
   * Modules with an ALD onset and complications: [ALD index k, share of the ALD's persons of each sex the module
   * takes, expected complication stays per person-year by main diagnosis: full stays, same-day stays].
   */
  private readonly stays: readonly (readonly [number, readonly [number, number], ReadonlyMap<string, number>, ReadonlyMap<string, number>])[];

  /**
   * @param c the scenario (its modules, interventions and counterfactual flag)
   * @param ald the ALD model (prevalences and code shares of the modules' ALDs)
   * @param ccam the simulated CCAM acts (monitoring acts)
   */
  constructor(
    c: SimulationConfig,
    private readonly ald: AldModel,
    private readonly ccam: CcamModel,
  ) {
    this.modules = (c.modules ?? []).map((m, i) => new CompiledModule(m, i));
    this.interventions = (c.interventions ?? []).map((x, i) => new CompiledIntervention(x, i));
    this.counterfactual = c.counterfactual ?? false;
    const excess: [number, [number, number], Ratios][] = [];
    for (const m of this.modules) {
      const ald = m.spec.onset.ald;
      const s = m.states[m.initial];
      if (ald === undefined || s === undefined) continue;
      const ratios = { mortality: s.mortality - 1, hospitalisation: s.hospitalisation - 1 };
      if (ratios.mortality === 0 && ratios.hospitalisation === 0) continue;
      const k = this.ald.indexOf(ald);
      excess.push([k, [this.ald.codeShare(k, 1, m.codes), this.ald.codeShare(k, 2, m.codes)], ratios]);
    }
    this.excess = excess;
    const stays: [number, [number, number], Map<string, number>, Map<string, number>][] = [];
    for (const m of this.modules) {
      const ald = m.spec.onset.ald;
      if (ald === undefined) continue;
      const [full, sameDay] = m.complicationStays();
      if (full.size === 0 && sameDay.size === 0) continue;
      const k = this.ald.indexOf(ald);
      stays.push([k, [this.ald.codeShare(k, 1, m.codes), this.ald.codeShare(k, 2, m.codes)], full, sameDay]);
    }
    this.stays = stays;
  }

  /**
   * Mean ratio − 1 of the death hazard (before the divisor) of the persons of a sex holding ALD k (index): the
   * module's share of the ALD's persons times the ratio − 1 of its initial state, summed over the modules; 0 without
   * module. Persons in ALD k then make (1 + this) / divisor times their share among the deaths of their stratum.
   */
  aldExcess(kind: keyof Ratios, k: number, sex: 1 | 2): number {
    let x = 0;
    for (const [j, share, r] of this.excess) if (j === k) x += (share[sex - 1] as number) * r[kind];
    return x;
  }

  /** Whether a module with an ALD onset has complication stays (they are then taken out of the generic ones). */
  hasComplicationStays(): boolean {
    return this.stays.length > 0;
  }

  /**
   * Expected stays per person-year that the modules' complications add, by main diagnosis, for a sex, age and
   * département: ALD prevalence × the module's share of the ALD's codes × the complication rates of the module's
   * states weighted by their long-run occupancy (CompiledModule.complicationStays). Modules with an incidence onset
   * are left out (no prevalence is known for them). Empty without module.
   */
  complicationStays(full: boolean, sex: 1 | 2, age: number, dept: string): Map<string, number> {
    const out = new Map<string, number>();
    if (this.stays.length === 0) return out;
    const p = this.ald.prevalences(sex, age, dept);
    for (const [k, share, f, s] of this.stays) {
      const weight = (p[k] as number) * (share[sex - 1] as number);
      for (const [code, rate] of full ? f : s) out.set(code, (out.get(code) ?? 0) + weight * rate);
    }
    return out;
  }

  /** The CCAM act of that code among the simulated acts (activity 1 first), if any. */
  act(code: string): CcamAct | undefined {
    if (!this.acts.has(code)) this.acts.set(code, this.ccam.acts.find((a) => a.code === code && a.activity === 1) ?? this.ccam.acts.find((a) => a.code === code));
    return this.acts.get(code);
  }

  /** The module taking an ALD exoneration of that number and code, if any. */
  moduleFor(ald: number, cim: string): CompiledModule | undefined {
    for (const m of this.modules) if (m.takes(ald, cim)) return m;
    return undefined;
  }

  /**
   * Divisor of the life-table death hazard (`mortality`) or of the ScanSanté rate of ordinary stays
   * (`hospitalisation`): 1 + Σ prevalence × (ratio − 1) over the modules, with the
   * ALD prevalence of the sex, age and département times the share of the module's codes among the
   * ALD's, and the ratio of the module's initial state (an
   * approximation of the mean ratio over the module's states). Persons outside any module then die (or
   * are admitted) slightly less than the published rate, those in a module more, and the population
   * as a whole at the published rate.
   */
  divisor(kind: keyof Ratios, sex: 1 | 2, age: number, dept: string): number {
    if (this.excess.length === 0) return 1;
    const p = this.ald.prevalences(sex, age, dept);
    let d = 1;
    for (const [k, share, r] of this.excess) d += (p[k] as number) * (share[sex - 1] as number) * r[kind];
    return d;
  }
}
