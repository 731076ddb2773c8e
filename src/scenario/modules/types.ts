/**
 * Disease pathway modules: small state machines read from `scenarios/modules/*.yaml` (or written in a
 * scenario), interpreted by the engine. These are the validated file contents, plain data that can be
 * sent to worker threads.
 */

/** A published source a module cites. */
export interface ModuleSource {
  readonly key: string;
  readonly citation: string;
  readonly url?: string;
}

/** Onset by incidence: rate per person-year of a sex and an age range. */
export interface IncidenceRow {
  readonly sex?: 1 | 2;
  readonly ageMin: number;
  readonly ageMax: number;
  readonly perYear: number;
}

/**
 * How the disease starts: with an ALD exoneration of number `ald` (prevalent at entry or incident
 * during the run, as drawn by the ALD process) whose ICD-10 code starts with one of `codes`; or at the
 * rates of an `incidence` table, with the ICD-10 code `code` (no exoneration).
 */
export interface ModuleOnset {
  readonly ald?: number;
  readonly codes?: readonly string[];
  readonly incidence?: readonly IncidenceRow[];
  readonly code?: string;
}

/** A long-term treatment line: a drug of these ATC classes refilled at the rhythm of its boxes. */
export interface ModuleTreatment {
  readonly atc: readonly string[];
  /** Who prescribes: the GP, or a specialist of this IR_SPE_V specialty practising in the département. */
  readonly prescriber?: 'gp' | number;
  readonly note?: string;
}

/** Regular monitoring: a lab test (NABM code), a consultation (specialty) or a CCAM act, `perYear` times a year. */
export interface ModuleMonitoring {
  readonly lab?: number;
  readonly consultation?: number;
  readonly act?: string;
  readonly perYear: number;
  readonly note?: string;
}

/** A hospital stay caused by a complication. */
export interface ModuleStay {
  /** `full` (at least one night) or `day` (same-day stay). */
  readonly type?: 'full' | 'day';
  /** Main diagnoses (ICD-10 without dot), one drawn at random. */
  readonly dp: readonly string[];
  /** Mean length of a full stay in days (drawn around it); the ScanSanté distribution of the age when absent. */
  readonly los?: number;
}

/** A complication: a stay at `perYear`, optionally moving the person to state `to`. */
export interface ModuleComplication {
  readonly perYear: number;
  readonly stay: ModuleStay;
  readonly to?: string;
  readonly note?: string;
}

/** A move to state `to`, at a rate (`perYear`) or after a fixed time in the state (`afterDays`). */
export interface ModuleTransition {
  readonly to: string;
  readonly perYear?: number;
  readonly afterDays?: number;
  readonly note?: string;
}

/** A state of the pathway. */
export interface ModuleState {
  readonly description?: string;
  /** Hazard ratio of death while in the state (1 = that of the population). */
  readonly mortality?: number;
  /** Ratio of the rate of ordinary (full and same-day) hospital stays while in the state. */
  readonly hospitalisation?: number;
  readonly treatments?: readonly ModuleTreatment[];
  readonly monitoring?: readonly ModuleMonitoring[];
  readonly complications?: readonly ModuleComplication[];
  readonly transitions?: readonly ModuleTransition[];
  /** A state nothing leaves (validation asks for it, so that a forgotten transition is not silent). */
  readonly terminal?: boolean;
}

/** A pathway module. */
export interface PathwayModule {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly sources: readonly ModuleSource[];
  readonly onset: ModuleOnset;
  readonly initial: string;
  readonly states: Readonly<Record<string, ModuleState>>;
}

/** An exposure–outcome effect injected by a scenario. */
export interface Intervention {
  readonly name: string;
  readonly description?: string;
  /** Exposure: dispensings of drugs of these ATC classes, each covering `daysPerBox` days per box from the day after. */
  readonly exposure: { readonly atc: readonly string[]; readonly daysPerBox: number };
  /** Outcome: hospital stays (full or same-day) whose main diagnosis is in these ICD-10 ranges (`K20-K31`, `I21`). */
  readonly outcome: { readonly dp: readonly string[] };
  /** Hazard ratio of the outcome while exposed (≥ 1). */
  readonly hazardRatio: number;
}

/** Days of exposure per dispensed box when the scenario does not say (about a month of treatment). Modelling choice. */
export const DEFAULT_DAYS_PER_BOX = 30;
