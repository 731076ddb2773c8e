import type { Day } from '../../events';
import { nextArrival } from '../hazard';
import { PRIORITY, type PersonProcess } from '../process';

/**
 * Consultations with the médecin traitant: Poisson arrivals at the rate of the person's sex and age
 * (data/gp_consultation_rates.csv), at most one a day, none during a hospital stay. Each is announced
 * on the bus so that prescriptions can follow.
 */
export const gpProcess: PersonProcess = {
  name: 'gp',
  start(ctx) {
    const { world: w, person, queue, end } = ctx;
    const rng = ctx.stream('care.gp');
    const dept = person.home.dept;
    const rate = (_y: number, a: number): number => w.gpConsultations.rate(person.sex, a) * w.rates.factor('gp_consultation', person.sex, a, dept);
    const scheduleNext = (from: Day): void => {
      const day = nextArrival(person.birth, from, end, rate, rng.exponential(1));
      if (day === undefined) return;
      queue.schedule(day, PRIORITY.care, (d) => {
        if (!ctx.inHospital(d)) {
          const ald = w.ald.careRelatedAld(person, d, rng);
          const record = { kind: 'consultation', day: d, physician: person.gp, ald } as const;
          ctx.emit(record);
          ctx.bus.emit('consultation', record);
        }
        scheduleNext(d + 1);
      });
    };
    scheduleNext(person.entry);
  },
};
