import { scheduleArrivals } from '../hazard';
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
    scheduleArrivals(person.birth, queue, person.entry, {
      rate,
      rng,
      until: end,
      priority: PRIORITY.care,
      onArrival: (d) => {
        if (!ctx.inHospital(d)) {
          const ald = w.ald.careRelatedAld(person, d, rng);
          const record = { kind: 'consultation', day: d, physician: person.gp, ald } as const;
          ctx.emit(record);
          ctx.bus.emit('consultation', record);
        }
        return d + 1;
      },
    });
  },
};
