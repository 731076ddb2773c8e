import type { Day } from '../../events';
import type { CareCalendar, LiberalFamily } from '../../world';
import { scheduleArrivals } from '../hazard';
import { careMultiplier } from '../propensity';
import { PRIORITY, type PersonContext, type PersonProcess } from '../process';

/** The weekday and holiday profile of physiotherapists' and dentists' sessions (closed Sundays and holidays). */
const OPEN_DAYS_KIND = 'specialist_consultation';

/**
 * Nurses, physiotherapists and dentists in private practice (data/sources/63-liberal-care.md): for each
 * profession, episodes of care arrive as a Poisson process at the rate of the person's sex, age and
 * département × the person's care propensity (CarePropensity, mean 1); an episode is a series of 1 +
 * geometric sessions (mean `sessions`) `interval` days apart on average (uniform between half and one and a
 * half times it, so that series do not lock onto weekdays; daily for nurses), by one professional of the person's
 * département — every day for nurses (home care goes on at weekends), on the days practices open for the
 * others (episodes start on the specialists' weekday profile, by thinning; sessions falling on a closed day
 * move to the next open one). The next episode of a profession starts after the last session of the
 * previous one. Nursing and physiotherapy are prescribed by the person's GP on the first day. No session
 * during a hospital stay; nothing after death (the queue is cleared). Streams of their own
 * (`care.liberal.<profession>`…): the other processes' draws are unchanged.
 */
export const liberalProcess: PersonProcess = {
  name: 'liberal',
  start(ctx) {
    for (const f of ctx.world.liberal.families) startFamily(ctx, f);
  },
};

/**
 * The day of the next session due on `target` (after `last`): kept when practices open that day; otherwise the
 * open day before it (when `earlier` and it comes after `last`) or the first open day after it, so that the
 * sessions due on a Sunday spread over Saturday and Monday.
 */
function nextSession(cal: CareCalendar, last: Day, target: Day, earlier: boolean): Day {
  if (cal.isOpen(OPEN_DAYS_KIND, target)) return target;
  if (earlier && target - 1 > last && cal.isOpen(OPEN_DAYS_KIND, target - 1)) return target - 1;
  return cal.nextOpenDay(OPEN_DAYS_KIND, target);
}

function startFamily(ctx: PersonContext, f: LiberalFamily): void {
  const { world: w, person, queue, end } = ctx;
  const rng = ctx.stream(`care.liberal.${f.name}`);
  const days = ctx.stream(`care.liberal.${f.name}.calendar`);
  const acts = ctx.stream(`care.liberal.${f.name}.acts`);
  const cal = w.calendar;
  const region = person.home.region;
  const dept = person.home.dept;
  const z = careMultiplier(w, person);
  const rate = (y: number, a: number): number => w.liberal.episodeRate(f, person.sex, a, dept) * z * (f.everyDay ? 1 : cal.maxMultiplier(OPEN_DAYS_KIND, region, y));
  // Extra sessions after the first: geometric on {0, 1, …} with mean sessions − 1.
  const stop = -Math.log(1 - 1 / f.sessions);
  scheduleArrivals(person.birth, queue, person.entry, {
    rate,
    rng,
    until: end,
    priority: PRIORITY.care,
    onArrival: (d) => {
      if (!f.everyDay && !cal.accept(OPEN_DAYS_KIND, region, d, days.next())) return d;
      const professional = w.ccam.executant([f.specialty], person, rng);
      const count = 1 + (Number.isFinite(stop) && stop > 0 ? Math.floor(rng.exponential(1) / stop) : 0);
      if (!professional) return d + 1;
      const prescriber = f.name === 'dentist' ? undefined : person.gp;
      const ald = w.ald.careRelatedAld(person, d, rng);
      let day: Day = d;
      for (let i = 0; i < count && day <= end; i++) {
        queue.schedule(day, PRIORITY.care, (s) => {
          if (ctx.inHospital(s)) return;
          const act = w.liberal.pickAct(f, acts);
          const travel = f.travelShare > 0 && acts.chance(f.travelShare);
          ctx.emit({ kind: 'liberal', day: s, family: f, professional, act, prescriber, prescribed: d, ald, travel });
        });
        const gap = f.interval < 2 ? f.interval : rng.int(Math.ceil(f.interval / 2), Math.floor((3 * f.interval) / 2));
        day = f.everyDay ? day + gap : nextSession(cal, day, day + gap, rng.chance(0.5));
      }
      return day;
    },
  });
}

