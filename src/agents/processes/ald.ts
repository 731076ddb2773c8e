import type { PlannedAld } from '../plan';
import { PRIORITY, type PersonProcess } from '../process';
import type { AldRecord } from '../records';

/**
 * Long-term diseases (ALD).
 *
 * - The ALDs come from the person's disease plan (DiseasePlan): at entry (persons alive on the start day; newborns
 *   enter without ALD) each ALD is present with the prevalence of the person's sex, 5-year age band and département,
 *   its start date drawn from the incidence profile of the ages already lived and its ICD-10 code among the codes
 *   allowed for the sex; during the run, onsets arrive at the calibrated onset rate; each is announced on the bus.
 * - Each onset (prevalent or incident) is also written to the ground truth (SIM_TRUTH_ONSET) with its module.
 * - Each ALD gives an IR_IMB_R record, closed on the day of death when the person dies during the run.
 */
export const aldProcess: PersonProcess = {
  name: 'ald',
  start(ctx) {
    const { person, queue } = ctx;
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
  },
};
