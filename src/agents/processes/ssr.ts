import { ageInYears, type Day } from '../../events';
import { dayOfWeek } from '../../events/holidays';
import { SSR_ADMISSION_WINDOW_DAYS, SSR_PART_TIME_MAX_DELAY, SSR_PART_TIME_SESSIONS_PER_WEEK, type Establishment } from '../../world';
import { PRIORITY, type PersonProcess } from '../process';
import { occupied } from './hospital';

/** Weekdays (0 = Monday) of the day sessions of a part-time stay, by sessions a week (Monday, Wednesday, Friday for 3). */
const SESSION_WEEKDAYS: Readonly<Record<number, readonly number[]>> = { 1: [2], 2: [1, 3], 3: [0, 2, 4], 4: [0, 1, 3, 4], 5: [0, 1, 2, 3, 4] };

/** An SSR stay decided and not yet written. */
interface Episode {
  readonly admission: Day;
  /** Planned last day: exit day of a full-time stay, last session of a part-time one. */
  readonly planned: Day;
  readonly fullTime: boolean;
  readonly sessions: readonly Day[];
  readonly establishment: Establishment;
  readonly entryMode: '6' | '7' | '8';
  readonly reason: string;
  readonly morbidity: string;
  readonly das: readonly string[];
  readonly mcoDischarge: Day;
  done: boolean;
}

/**
 * SSR (soins de suite et de réadaptation) stays. After each MCO full stay discharged alive within the run,
 * the person is admitted to SSR with the probability of the stay's kind and age (data/ssr_transfer.csv):
 *  - full-time (1 − the published part-time share): on the day of the MCO discharge (entry mode 6 mutation
 *    within the same legal entity, else 7 transfer; provenance 1 MCO), for a gamma planned length whose share
 *    above 3 months is the published one and whose mean is calibrated so that the stays, cut by MCO
 *    readmissions and deaths, have the published mean (SsrModel.drawFullTimeLos);
 *  - part-time: a series of day sessions from home (entry mode 8), starting 1 to SSR_PART_TIME_MAX_DELAY days
 *    after the discharge, SSR_PART_TIME_SESSIONS_PER_WEEK a week, an exponential number of the published mean
 *    (at least 1); a session falling on a day in an MCO stay is skipped;
 * in an SSR establishment of the département (data/ssr_establishments.csv). A new MCO full stay ends the SSR
 * stay in progress (exit mode 7, destination 1 MCO, on the MCO admission day; a part-time stay keeps its sessions
 * before that day); an SSR stay ends the day before
 * an out-of-hospital death (no death in SSR). SSR stays change nothing else of the person (other processes'
 * draws and stays are unchanged): draws come from the stream `care.ssr` alone.
 */
export const ssrProcess: PersonProcess = {
  name: 'ssr',
  start(ctx) {
    const { world: w, person, queue, end } = ctx;
    const m = w.hospital.ssr;
    const rng = ctx.stream('care.ssr');
    const lastDay = person.death === undefined ? Infinity : person.death - 1;
    let open: Episode | undefined;

    /** Writes the stay (cut on `cut`, the admission day of an MCO full stay, when given). */
    const close = (ep: Episode, cut?: Day): void => {
      if (ep.done) return;
      ep.done = true;
      if (open === ep) open = undefined;
      const isCut = cut !== undefined && cut < ep.planned;
      let discharge: Day;
      let sessions: Day[] = [];
      if (ep.fullTime) {
        discharge = isCut ? (cut as Day) : ep.planned;
        if (discharge <= ep.admission) return; // readmitted in MCO on the day of the transfer
      } else {
        sessions = ep.sessions.filter((d) => (!isCut || d < (cut as Day)) && !occupied(ctx, d));
        const first = sessions[0];
        const last = sessions[sessions.length - 1];
        // Sessions skipped for MCO stays may push the first one out of the admission window: no stay then.
        if (first === undefined || last === undefined || first > ep.mcoDischarge + SSR_ADMISSION_WINDOW_DAYS) return;
        discharge = last;
      }
      if (discharge > end) return; // not discharged within the run: not in the PMSI of the period
      const transferred = isCut && ep.fullTime;
      ctx.emit({
        kind: 'ssr',
        admission: ep.fullTime ? ep.admission : (sessions[0] as Day),
        discharge,
        establishment: ep.establishment,
        fullTime: ep.fullTime,
        sessions,
        entryMode: ep.entryMode,
        provenance: ep.fullTime ? '1' : '0',
        exitMode: transferred ? '7' : '8',
        destination: transferred ? '1' : '',
        reason: ep.reason,
        morbidity: ep.morbidity,
        das: ep.das,
        mcoDischarge: ep.mcoDischarge,
      });
    };

    ctx.bus.on('mcoStay', (s) => {
      if (s.type === 0 && open) close(open, s.admission);
      const r = s.record;
      if (!r || r.type !== 0 || r.death) return;
      const kind = m.kindOf(r.dp, ageInYears(person.birth, r.admission));
      if (!kind || kind.probability <= 0 || !rng.chance(kind.probability)) return;
      const fullTime = !rng.chance(m.partTimeShare);
      const establishment = m.draw(person.home.dept, fullTime, rng);
      let admission: Day;
      let planned: Day;
      let sessions: Day[] = [];
      if (fullTime) {
        admission = r.discharge;
        planned = Math.min(admission + m.drawFullTimeLos(rng), lastDay);
        if (planned <= admission) return;
      } else {
        admission = r.discharge + rng.int(1, SSR_PART_TIME_MAX_DELAY);
        const n = Math.max(1, Math.round(m.sessionsPerPartTimeStay * rng.exponential(1)));
        const days = SESSION_WEEKDAYS[SSR_PART_TIME_SESSIONS_PER_WEEK] as readonly number[];
        for (let d = admission; sessions.length < n && d <= lastDay; d++) if (days.includes(dayOfWeek(d))) sessions.push(d);
        const last = sessions[sessions.length - 1];
        if (last === undefined) return;
        planned = last;
      }
      const das: string[] = [];
      for (const a of person.alds.values()) if (a.start <= admission && a.cim !== r.dp && !das.includes(a.cim)) das.push(a.cim);
      const ep: Episode = {
        admission,
        planned,
        fullTime,
        sessions,
        establishment,
        entryMode: fullTime ? (establishment.finessEj === r.establishment.finessEj ? '6' : '7') : '8',
        reason: kind.kind,
        morbidity: r.dp,
        das,
        mcoDischarge: r.discharge,
        done: false,
      };
      open = ep;
      if (planned <= end) queue.schedule(planned, PRIORITY.stay, () => close(ep));
    });
  },
};
