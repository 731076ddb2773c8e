import type { Day } from '../../events';
import type { CompiledState } from '../../world';
import type { RandomStream } from '../../random';
import { GP_SPECIALTIES, type CareKind, type CcamAct, type Physician } from '../../world';
import type { Track } from '../plan';
import { PRIORITY, type PersonContext, type PersonProcess } from '../process';
import { admit } from './hospital';

/** A monitoring event comes up to this share of its interval early or late. Modelling choice. */
export const MONITORING_JITTER = 0.25;

/**
 * Pathway modules: for each disease of the person's plan that a module follows, the states of its path
 * within the run, each with its care —
 *  - treatments: long-term lines started on entering the state and stopped on leaving it, dispensed
 *    together at each refill (the dispensing process refills them; they replace the generic treatment
 *    line of the ALD);
 *  - monitoring: lab tests (ER_BIO_F), consultations and CCAM acts about `perYear` times a year, at
 *    regular intervals (± MONITORING_JITTER), each re-dated within its week by the weekday and holiday
 *    profile of its kind (CareCalendar), with the same laboratory and physicians throughout;
 *  - complications: hospital stays with the module's diagnoses on the days drawn in the plan;
 * and the ground truth of each state (SIM_TRUTH_STATE). Care related to the disease is billed to its ALD.
 */
export const pathwayProcess: PersonProcess = {
  name: 'pathways',
  start(ctx) {
    ctx.plan.tracks.forEach((t, i) => followTrack(ctx, t, i));
  },
};

function followTrack(ctx: PersonContext, track: Track, index: number): void {
  const { world: w, person, queue, end } = ctx;
  const rng = ctx.stream(`pathway.${track.module.name}.care`);
  // Own stream for the days of the monitoring visits (CareCalendar): the care draws stay in `rng`.
  const days = ctx.stream(`pathway.${track.module.name}.calendar`);
  const cal = w.calendar;
  const from = Math.max(track.onset, person.entry);
  const states = track.module.states;
  const physicians = new Map<number, Physician>();
  const physician = (specialty: number): Physician | undefined => {
    let p = physicians.get(specialty);
    if (!p) {
      p = w.ccam.executant([specialty], person, rng);
      if (p) physicians.set(specialty, p);
    }
    return p;
  };

  // State segments [start, stop) clipped to the run.
  const entries = track.path.filter((s) => s.complication < 0);
  entries.forEach((s, k) => {
    const next = entries[k + 1];
    const stop = next === undefined ? end + 1 : next.day;
    const start = Math.max(s.day, from);
    if (stop <= start || start > end) return;
    const state = states[s.state] as CompiledState;
    queue.schedule(start, PRIORITY.care, (d) => {
      ctx.emit({ kind: 'truth', table: 'state', module: track.module.name, state: state.name, from: s.day, to: next?.day });
      if (state.treatments.length > 0) {
        const id = `${index}.${s.state}`;
        const lines = state.treatments.map((tr) => tr.atc);
        const prescriber = state.treatments[0]?.prescriber ?? 'gp';
        ctx.bus.emit('treatment', { id, start: true, day: d, lines, ald: track.ald, prescriber });
        if (stop <= end) queue.schedule(stop, PRIORITY.care, (e) => ctx.bus.emit('treatment', { id, start: false, day: e, lines, ald: track.ald, prescriber }));
      }
      for (const mo of state.monitoring) {
        if (mo.perYear <= 0) continue;
        const interval = 365.25 / mo.perYear;
        const act = mo.act !== undefined ? w.pathways.act(mo.act) : undefined;
        const kind: CareKind =
          mo.lab !== undefined ? 'lab_test' : mo.consultation !== undefined ? (GP_SPECIALTIES.has(mo.consultation) ? 'gp_consultation' : 'specialist_consultation') : 'ccam_act';
        // `planned` keeps the rhythm; the visit itself is re-dated within its week by the profile of its
        // kind (closed Sundays and holidays), or on the first open day when that would be in the past.
        const at = (planned: Day, now: Day): void => {
          const moved = cal.reassignInWeek(kind, planned, days.next());
          const day = moved >= now ? moved : cal.nextOpenDay(kind, Math.max(planned, now));
          if (day >= stop || day > end) return;
          queue.schedule(day, PRIORITY.care, (x) => {
            if (!ctx.inHospital(x)) monitor(ctx, rng, x, mo.lab, mo.consultation, act, track.ald, physician);
            at(planned + Math.max(1, Math.round(interval * (1 + MONITORING_JITTER * (2 * rng.next() - 1)))), x + 1);
          });
        };
        at(d + Math.floor(rng.next() * interval), d);
      }
    });
  });

  // Complications: stays on the days of the plan.
  for (const s of track.path) {
    if (s.complication < 0 || s.day < from || s.day > end) continue;
    const c = (states[s.state] as CompiledState).complications[s.complication];
    if (c === undefined) continue;
    queue.schedule(s.day, PRIORITY.stay, (d) => {
      const dp = c.stay.dp[Math.floor(rng.next() * c.stay.dp.length)] as string;
      admit(ctx, rng, d, (c.stay.type ?? 'full') === 'full', c.stay.los, { dp, ald: track.ald });
    });
  }
}

/** One monitoring event: a lab test prescribed by the GP, a consultation, or a CCAM act. */
function monitor(
  ctx: PersonContext,
  rng: RandomStream,
  day: Day,
  lab: number | undefined,
  consultation: number | undefined,
  act: CcamAct | undefined,
  ald: number,
  physician: (specialty: number) => Physician | undefined,
): void {
  const { world: w, person } = ctx;
  if (lab !== undefined) {
    const test = w.labs.test(lab);
    if (test) ctx.emit({ kind: 'lab', day, laboratory: w.labs.near(person.home), test, prescriber: person.gp, ald });
    return;
  }
  if (consultation !== undefined) {
    const p = physician(consultation);
    if (!p) return;
    const record = { kind: 'consultation', day, physician: p, ald } as const;
    ctx.emit(record);
    ctx.bus.emit('consultation', record);
    return;
  }
  if (act !== undefined) {
    const p = act.specialties.length === 1 && act.specialties[0] === 1 ? person.gp : w.ccam.executant(act.specialties, person, rng);
    if (p) ctx.emit({ kind: 'act', day, physician: p, act, ald });
  }
}
