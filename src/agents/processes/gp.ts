import type { Day } from '../../events';
import type { Physician } from '../../world';
import { scheduleArrivals } from '../hazard';
import { careMultiplier } from '../propensity';
import { PRIORITY, type PersonContext, type PersonProcess } from '../process';

/**
 * Consultations with the médecin traitant: Poisson arrivals at the rate of the person's sex and age
 * (data/gp_consultation_rates.csv), shaped by the weekday, public-holiday and influenza-season profile of
 * the person's region (CareCalendar: candidates at the year's largest multiplier, kept by thinning, so
 * the yearly rate is unchanged), × the person's care propensity (CarePropensity: mean 1), at most one a day,
 * none during a hospital stay. The GP seen is the médecin traitant, or another GP (`otherGp`). Each is
 * announced on the bus so that prescriptions can follow.
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
    // Own stream for the choice of the GP: the other draws stay unchanged.
    const choice = ctx.stream('care.gp.provider');
    const z = careMultiplier(w, person);
    const rate = (y: number, a: number): number =>
      w.gpConsultations.rate(person.sex, a) * z * w.rates.factor('gp_consultation', person.sex, a, dept) * cal.maxMultiplier('gp_consultation', region, y);
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
          const record = { kind: 'consultation', day: d, physician: gpSeen(ctx, d, choice), ald } as const;
          ctx.emit(record);
          ctx.bus.emit('consultation', record);
        }
        return d + 1;
      },
    });
  },
};

/**
 * The GP of a consultation on `day`: on a day GPs are closed (Sunday, public holiday) the on-call GP, another
 * GP of the département; otherwise, with probability `otherGpShare` (CarePropensity, solved from the share of
 * patients seeing ≥ 2 GPs in a year), another GP — of the département (near work, on call) with probability
 * `otherGpAwayShare`, else one near home (replacement, group practice) — and the médecin traitant the rest of
 * the time. Draws (always three, so that the stream's use does not depend on the day) from `rng`.
 */
export function gpSeen(ctx: PersonContext, day: Day, rng: { next(): number }): Physician {
  const { world: w, person } = ctx;
  const uOther = rng.next();
  const uAway = rng.next();
  const uPick = rng.next();
  const p = w.propensity;
  const onCall = !w.calendar.isOpen('gp_consultation', day);
  if (!onCall && uOther >= p.otherGpShare) return person.gp;
  const away = onCall || uAway < p.otherGpAwayShare;
  const pool = (away ? w.providers.gpsOfDept(person.home.dept) : w.providers.gpsNear(person.home)).filter((g) => g !== person.gp);
  const others = pool.length > 0 ? pool : w.providers.gpsOfDept(person.home.dept).filter((g) => g !== person.gp);
  if (others.length === 0) return person.gp;
  return others[Math.min(others.length - 1, Math.floor(uPick * others.length))] as Physician;
}
