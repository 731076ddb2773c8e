import { ageInYears, type Day } from '../../events';
import type { RandomStream } from '../../random';
import type { CareCalendar, LabTest, LiberalFamily } from '../../world';
import { nextArrival, scheduleArrivals } from '../hazard';
import { careMultiplier } from '../propensity';
import { PRIORITY, type PersonContext, type PersonProcess } from '../process';

/** Days before the entry over which the episodes under way at the entry are drawn (longer than any episode but a rare few). */
const BURN_IN_DAYS = 365;

/** The weekday and holiday profile of physiotherapists' and dentists' sessions (closed Sundays and holidays). */
const OPEN_DAYS_KIND = 'specialist_consultation';

/**
 * Nurses, physiotherapists and dentists in private practice (data/sources/63-liberal-care.md): for each
 * profession, episodes of care arrive as a Poisson process at the rate of the person's sex, age and
 * département × the person's care propensity z (CarePropensity, mean 1); an episode is a series of 1 + geometric
 * sessions (mean `sessions` over all episodes, longer for persons of high z) by one professional of the person's département — daily for nurses, every
 * day of the week (home care goes on at weekends); `interval` days apart on average for the others, on the
 * specialists' weekday and holiday profile (episodes start on it by thinning, sessions by redrawing the gap, see
 * nextSession). The next episode of a profession starts after the last session of the previous one. Episodes
 * under way at the person's entry (started in the year before) are drawn too, so that the first months are not short
 * of care. Nursing and physiotherapy are prescribed by the person's GP on the first day. No session during a hospital
 * stay; nothing after death (the queue is cleared). Streams of their own (`care.liberal.<profession>`…): the other
 * processes' draws are unchanged. Laboratory visits follow consultations (startLabs).
 */
export const liberalProcess: PersonProcess = {
  name: 'liberal',
  start(ctx) {
    for (const f of ctx.world.liberal.families) startFamily(ctx, f);
    startLabs(ctx);
  },
};

/** Draws of a session day before falling back to the first open day. */
const SESSION_DAY_TRIES = 8;

/**
 * The day of the next session after `last`: `last` + a gap drawn uniformly between 1 and 2 × the family's interval − 1
 * days (mean: the interval), kept with the probability of that day's weight in the weekday and holiday profile (1 on
 * weekdays, 0.43 on Saturdays, 0 on Sundays and holidays), else drawn again — so that sessions fall on the days in
 * proportion to the profile without piling up on the day after a closed one; the first open day after the last draw
 * when none was kept.
 */
function nextSession(cal: CareCalendar, f: LiberalFamily, last: Day, rng: RandomStream): Day {
  const hi = Math.max(1, 2 * f.interval - 1);
  let target = last + f.interval;
  for (let i = 0; i < SESSION_DAY_TRIES; i++) {
    target = last + rng.int(1, hi);
    if (rng.next() < cal.weight(OPEN_DAYS_KIND, target)) return target;
  }
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
  // Extra sessions after the first: geometric on {0, 1, …} with mean (sessions − 1) × z ÷ E[z of an episode]: persons who
  // consume more have longer series as well as more of them (episodes arrive ∝ z, so an episode's z averages
  // E[z²] ÷ E[z] = 1 + 1 / shape for the gamma propensity), the mean over all episodes unchanged.
  const shape = w.propensity.shape;
  const extra = ((f.sessions - 1) * z) / (Number.isFinite(shape) && shape > 0 ? 1 + 1 / shape : 1);
  const stop = extra > 0 ? Math.log(1 + 1 / extra) : Infinity;
  /** Draws an episode starting on `d` and schedules its sessions from the entry on; returns the day after it. */
  const episode = (d: Day): Day => {
    const professional = w.ccam.executant([f.specialty], person, rng);
    const count = 1 + (Number.isFinite(stop) ? Math.floor(rng.exponential(1) / stop) : 0);
    if (!professional) return d + 1;
    const prescriber = f.name === 'dentist' || f.name === 'midwife' ? undefined : person.gp;
    const ald = w.ald.careRelatedAld(person, d, rng);
    let day: Day = d;
    for (let i = 0; i < count && day <= end; i++) {
      if (day >= person.entry)
        queue.schedule(day, PRIORITY.care, (s) => {
          if (ctx.inHospital(s)) return;
          const act = w.liberal.pickAct(f, acts);
          const travel = f.travelShare > 0 && acts.chance(f.travelShare);
          ctx.emit({ kind: 'liberal', day: s, family: f, professional, act, prescriber, prescribed: d, ald, travel });
        });
      day = f.everyDay ? day + f.interval : nextSession(cal, f, day, rng);
    }
    return day;
  };
  const opens = (d: Day): boolean => f.everyDay || cal.accept(OPEN_DAYS_KIND, region, d, days.next());

  // Episodes under way at the entry: drawn over the year before it (persons born in the run have none).
  let from = Math.max(person.birth, person.entry - BURN_IN_DAYS);
  while (from < person.entry) {
    const d = nextArrival(person.birth, from, person.entry - 1, rate, rng.exponential(1));
    if (d === undefined) break;
    from = opens(d) ? episode(d) : d;
  }
  scheduleArrivals(person.birth, queue, Math.max(from, person.entry), {
    rate,
    rng,
    until: end,
    priority: PRIORITY.care,
    onArrival: (d) => (opens(d) ? episode(d) : d),
  });
}

/**
 * The day of a laboratory visit prescribed on `day`: `day` + 0 … `maxDelay` days, kept with the probability of that
 * day's weight in the lab profile (Saturdays 0.59, Sundays and holidays 0), else drawn again; the lab's first open
 * day after the last draw when none was kept.
 */
function labDay(cal: CareCalendar, day: Day, maxDelay: number, rng: RandomStream): Day {
  let target = day;
  for (let i = 0; i < SESSION_DAY_TRIES; i++) {
    target = day + rng.int(0, maxDelay);
    if (rng.next() < cal.weight('lab_test', target)) return target;
  }
  return cal.nextOpenDay('lab_test', target);
}

/**
 * Laboratory visits: a GP or specialist consultation prescribes one with the share of data/liberal_labs.csv × the
 * age profile of the person × the département's lab fees per inhabitant ÷ France's (visits per person-year at the
 * national lab fees); the visit takes place on the day or the next, on the lab's weekday profile (labDay), at the
 * laboratory near home, and bills the two forfaits and 3 distinct tests of the panel (data/lab_panel.csv), prescribed
 * by the physician seen, related to the consultation's ALD. None during a hospital stay.
 */
function startLabs(ctx: PersonContext): void {
  const { world: w, person, queue, end } = ctx;
  const p = w.liberal.labs;
  const rng = ctx.stream('care.liberal.lab');
  const tests = p.tests[person.sex - 1] as readonly LabTest[];
  ctx.bus.on('consultation', (c) => {
    if (!rng.chance(w.liberal.labShare(person.sex, ageInYears(person.birth, c.day), person.home.dept))) return;
    const day = labDay(w.calendar, c.day, p.maxDelay, rng);
    const picks = new Set<number>();
    while (picks.size < p.testsPerVisit) picks.add(rng.int(0, tests.length - 1));
    if (day > end) return;
    queue.schedule(day, PRIORITY.care, (d) => {
      if (ctx.inHospital(d)) return;
      const laboratory = w.labs.near(person.home);
      for (const test of [...p.forfaits, ...[...picks].sort((a, b) => a - b).map((i) => tests[i] as LabTest)]) ctx.emit({ kind: 'lab', day: d, laboratory, test, prescriber: c.physician, ald: c.ald });
    });
  });
}
