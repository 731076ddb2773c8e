import type { PlannedAld } from '../plan';
import { PRIORITY, type PersonProcess } from '../process';
import type { AldRecord, DeathRecord } from '../records';

/**
 * Long-term diseases (ALD) and the death certificate.
 *
 * - The ALDs come from the person's disease plan (DiseasePlan): at entry (persons alive on the start day; newborns
 *   enter without ALD) each ALD is present with the prevalence of the person's sex, 5-year age band and département,
 *   its start date drawn from the incidence profile of the ages already lived and its ICD-10 code among the codes
 *   allowed for the sex; during the run, onsets arrive at the calibrated onset rate; each is announced on the bus.
 * - Each onset (prevalent or incident) is also written to the ground truth (SIM_TRUTH_ONSET) with its module.
 * - Each ALD gives an IR_IMB_R record, closed on the day of death when the person dies during the run.
 * - At death, a death certificate: underlying cause coherent with the person's ALDs and the national distribution,
 *   the other ALDs as contributing causes, and the place (hospital when in a stay or discharged that day).
 */
export const aldProcess: PersonProcess = {
  name: 'ald',
  start(ctx) {
    const { world: w, person, queue } = ctx;
    const m = w.ald;
    const exoEnd = person.death;

    const add = (a: PlannedAld): void => {
      person.alds.set(a.ald, { ald: a.ald, cim: a.cim, start: a.start });
      const record: AldRecord = { kind: 'ald', ald: a.ald, cim: a.cim, start: a.start, end: exoEnd, incident: a.incident };
      ctx.emit(record);
      ctx.emit({ kind: 'truth', table: 'onset', module: a.module?.name ?? '', ald: a.ald, cim: a.cim, day: a.start, prevalent: !a.incident });
    };
    // Prevalent ALDs are held from the start; onsets happen on their day (none after the death).
    for (const a of ctx.plan.alds) {
      if (!a.incident) add(a);
      else {
        queue.schedule(a.start, PRIORITY.ald, () => {
          add(a);
          ctx.bus.emit('aldOnset', { ald: a.ald, cim: a.cim, day: a.start });
        });
      }
    }

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
