import type { Day, EventQueue } from '../events';
import type { RandomStream } from '../random';
import type { World } from '../world';
import type { Person } from './Person';
import type { CareRecord, ConsultationRecord, DispensingRecord, StayRecord } from './records';
import type { DiseasePlan } from './plan';

/** Events processes announce to each other within one person's simulation. */
export interface PersonEvents {
  /** A consultation took place (GP or specialist): acute prescriptions may follow. */
  consultation: ConsultationRecord;
  /** A long-term disease started during the run (prevalent ALDs are set by the ALD process at its start). */
  aldOnset: { readonly ald: number; readonly cim: string; readonly day: Day };
  /** The person dies today (handlers run before the queue is cleared). */
  death: { readonly day: Day };
  /** A community pharmacy dispensed boxes of a drug (interventions track exposures from them). */
  dispensing: DispensingRecord;
  /**
   * A pathway state starts (`start`) or stops its long-term treatment, identified by `id`: one drug of each
   * ATC list of `lines`, dispensed together at each refill.
   */
  treatment: { readonly id: string; readonly start: boolean; readonly day: Day; readonly lines: readonly (readonly string[])[]; readonly ald: number; readonly prescriber: 'gp' | number };
  /** A pregnancy is under way: the mother gives birth on `birth` (announced about nine months before, or at entry). */
  pregnancy: { readonly birth: Day };
  /** Who follows the pregnancy of `birth`: the hospital's outpatient care (`hospital`, ACE process) or private practice. */
  prenatal: { readonly birth: Day; readonly hospital: boolean };
  /** A hospital stay discharged within the run was recorded (announced on its admission day). */
  stay: StayRecord;
  /**
   * An MCO stay was decided, on its admission day (`record` when it is discharged within the run: the PMSI
   * holds discharged stays only). SSR stays follow full stays and end when the person is readmitted.
   */
  mcoStay: { readonly admission: Day; readonly discharge: Day; readonly type: 0 | 1 | 2; readonly record: StayRecord | undefined };
  /** The person's simulation is over (death or end of the run): processes close what is open. */
  end: { readonly day: Day };
}

/** Synchronous publish/subscribe between the processes of one person. */
export class PersonBus {
  private readonly handlers: { [K in keyof PersonEvents]?: ((e: PersonEvents[K]) => void)[] } = {};

  on<K extends keyof PersonEvents>(kind: K, handler: (e: PersonEvents[K]) => void): void {
    const list = (this.handlers[kind] ??= []) as ((e: PersonEvents[K]) => void)[];
    list.push(handler);
  }

  emit<K extends keyof PersonEvents>(kind: K, event: PersonEvents[K]): void {
    const list = this.handlers[kind] as ((e: PersonEvents[K]) => void)[] | undefined;
    if (list) for (const h of list) h(event);
  }
}

/** What a process sees of the person being simulated. */
export interface PersonContext {
  readonly world: World;
  readonly person: Person;
  readonly queue: EventQueue;
  /** Last simulated day. */
  readonly end: Day;
  readonly bus: PersonBus;
  /** The latent disease history (ALDs, pathway tracks), drawn before the processes start. */
  readonly plan: DiseasePlan;
  /** The person's random stream of that name (keyed by person id: independent of other processes). */
  stream(name: string): RandomStream;
  /** Appends a care record to the person's history. */
  emit(record: CareRecord): void;
  /** Whether the person is in a hospital stay on that day (admission < day < discharge). */
  inHospital(day: Day): boolean;
  /** A child is born today (the simulator simulates it after the mother). */
  birth(day: Day, sex: 1 | 2): void;
  /** The younger twin of the child born today (after `birth`). */
  twin(day: Day, sex: 1 | 2): void;
}

/**
 * A process of a person's life (death, births, consultations, ALDs, dispensings, stays…). `start`
 * schedules its first events on the person's queue; handlers schedule the next ones.
 */
export interface PersonProcess {
  readonly name: string;
  start(ctx: PersonContext): void;
}

/** Event priorities within a day: death first (nothing happens after it), births, ALD onsets, then care. */
export const PRIORITY = { death: 0, birth: 1, ald: 2, stay: 3, care: 4 } as const;
