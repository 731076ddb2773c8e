import { scheduleArrivals } from '../hazard';
import { PRIORITY, type PersonProcess } from '../process';

/**
 * Consultations with the médecin traitant: Poisson arrivals at the rate of the person's sex and age
 * (data/gp_consultation_rates.csv), shaped by the weekday, public-holiday and influenza-season profile of
 * the person's region (CareCalendar: candidates at the year's largest multiplier, kept by thinning, so
 * the yearly rate is unchanged), at most one a day, none during a hospital stay. Each is announced on the
 * bus so that prescriptions can follow.
 */
export const gpProcess: PersonProcess = {
  name: 'gp',
  start(ctx) {
    const { world: w, person, queue, end } = ctx;
    const rng = ctx.stream('care.gp');
    // Own stream for the thinning draws: the consultations' other draws stay in 'care.gp'.
    const texture = ctx.stream('care.gp.calendar');
    const cal = w.calendar;
    const region = person.home.region;
    const dept = person.home.dept;
    const rate = (y: number, a: number): number =>
      w.gpConsultations.rate(person.sex, a) * w.rates.factor('gp_consultation', person.sex, a, dept) * cal.maxMultiplier('gp_consultation', region, y);
    scheduleArrivals(person.birth, queue, person.entry, {
      rate,
      rng,
      until: end,
      priority: PRIORITY.care,
      onArrival: (d) => {
        // A candidate the profile does not keep: the search goes on from the same day.
        if (!cal.accept('gp_consultation', region, d, texture.next())) return d;
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
