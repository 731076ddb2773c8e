import { ageInYears, type Day } from '../../events';
import { nextArrival } from '../hazard';
import { PRIORITY, type PersonProcess } from '../process';
import type { AldRecord, DeathRecord } from '../records';

/**
 * Long-term diseases (ALD) and the death certificate.
 *
 * - At entry (persons alive on the start day; newborns enter without ALD), each ALD is present with the prevalence of
 *   the person's sex, 5-year age band and département; its start date is drawn from the incidence profile of the
 *   ages already lived (AldModel.prevalentStart) and its ICD-10 code among the codes allowed for the sex.
 * - During the run, onsets of the ALDs the person does not have arrive at the calibrated onset rate (one Poisson
 *   process for all of them, the ALD drawn in proportion to its rate at that age); each is announced on the bus.
 * - Each ALD gives an IR_IMB_R record, closed on the day of death when the person dies during the run.
 * - At death, a death certificate: underlying cause coherent with the person's ALDs and the national distribution,
 *   the other ALDs as contributing causes, and the place (hospital when in a stay or discharged that day).
 */
export const aldProcess: PersonProcess = {
  name: 'ald',
  start(ctx) {
    const { world: w, person, queue, end } = ctx;
    const m = w.ald;
    const dept = person.home.dept;
    const n = m.alds.length;
    const exoEnd = person.death;

    const add = (k: number, start: Day, cim: string, incident: boolean): void => {
      const ald = m.alds[k] as number;
      person.alds.set(ald, { ald, cim, start });
      const record: AldRecord = { kind: 'ald', ald, cim, start, end: exoEnd, incident };
      ctx.emit(record);
    };

    if (person.entry > person.birth) {
      const rng = ctx.stream('care.ald.prevalence');
      const p = m.prevalences(person.sex, ageInYears(person.birth, person.entry), dept);
      for (let k = 0; k < n; k++) {
        if (!rng.chance(p[k] as number)) continue;
        const start = m.prevalentStart(k, person.sex, person.birth, person.entry, rng);
        add(k, start, m.drawCode(k, person.sex, rng), false);
      }
    }

    const onset = ctx.stream('care.ald.onset');
    // Total onset rate over the ALDs not yet held (the held set changes only at onsets, which redraw the budget).
    const totalRate = (_y: number, age: number): number => {
      const r = m.onsetRates(person.sex, age, dept);
      let s = 0;
      for (let k = 0; k < n; k++) if (!person.alds.has(m.alds[k] as number)) s += r[k] as number;
      return s * w.rates.factor('ald_incidence', person.sex, age, dept);
    };
    const scheduleNext = (from: Day): void => {
      const day = nextArrival(person.birth, from, end, totalRate, onset.exponential(1));
      if (day === undefined) return;
      queue.schedule(day, PRIORITY.ald, (d) => {
        const r = m.onsetRates(person.sex, ageInYears(person.birth, d), dept);
        const cumulative = new Float64Array(n);
        let s = 0;
        for (let k = 0; k < n; k++) cumulative[k] = s += person.alds.has(m.alds[k] as number) ? 0 : (r[k] as number);
        if (s > 0) {
          const k = onset.pickCumulative(cumulative);
          const cim = m.drawCode(k, person.sex, onset);
          add(k, d, cim, true);
          ctx.bus.emit('aldOnset', { ald: m.alds[k] as number, cim, day: d });
        }
        scheduleNext(d + 1);
      });
    };
    scheduleNext(person.entry);

    const deathRng = ctx.stream('care.ald.death');
    ctx.bus.on('death', ({ day }) => {
      const underlyingCause = m.underlyingCause(person, day, deathRng);
      const otherCauses: string[] = [];
      for (const a of person.alds.values()) {
        const c = a.cim.slice(0, 4);
        if (a.start <= day && c !== underlyingCause && !otherCauses.includes(c)) otherCauses.push(c);
      }
      const inHospital = ctx.inHospital(day) || person.stays.some(([, discharge]) => discharge === day);
      const place = inHospital ? 'hospital' : deathRng.chance(m.homeShareOutsideHospital) ? 'home' : 'other';
      const record: DeathRecord = { kind: 'death', day, underlyingCause, otherCauses, place };
      ctx.emit(record);
    });
  },
};
