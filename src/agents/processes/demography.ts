import { addMonths, type Day } from '../../events';
import { MAX_BIRTHS_PER_WOMAN } from '../Person';
import { nextArrival } from '../hazard';
import { PRIORITY, type PersonProcess } from '../process';

/** Minimum months between two births of the same woman (duration of a pregnancy). */
export const MIN_MONTHS_BETWEEN_BIRTHS = 9;

/**
 * Share of deliveries that are multiple: 10 368 of 665 486 deliveries in 2023 (DREES SAE, PERINAT
 * ACCMU / (ACCUN + ACCMU), data/SOURCES.md "Twins"); every multiple delivery is simulated as twins.
 * The younger twin's sex is drawn like any newborn's (no published same-sex share in the project's sources).
 */
export const TWIN_DELIVERY_SHARE = 10368 / (655118 + 10368);

/**
 * Death at the INSEE life-table hazard of the person's sex, age, calendar year and département, times
 * the mortality ratio of the pathway states the person is in (one unit-exponential budget of cumulative hazard over the whole run, so the day is known at the
 * start), and, for women, births at the INSEE fertility rates of their age, at least a pregnancy apart.
 */
export const demographyProcess: PersonProcess = {
  name: 'demography',
  start(ctx) {
    const { world: w, person, queue, end } = ctx;
    const dept = person.home.dept;
    const deathRng = ctx.stream('death');
    // Life-table hazard × the mortality ratio of the person's pathway states, normalised so that the
    // population as a whole keeps the life table's mortality.
    const plan = ctx.plan;
    const pw = w.pathways;
    const hazard = (y: number, a: number, day: Day): number =>
      (w.demography.deathHazard(y, person.sex, a, dept) * w.rates.factor('death', person.sex, a, dept) * plan.hazardRatio(day)) / pw.divisor('mortality', person.sex, a, dept);
    const deathDay = nextArrival(person.birth, person.entry, end, hazard, deathRng.exponential(1), plan.breaks);
    if (deathDay !== undefined) {
      person.death = deathDay;
      queue.schedule(deathDay, PRIORITY.death, (day) => {
        ctx.bus.emit('death', { day });
        queue.clear();
      });
    }

    if (person.sex !== 2) return;
    const rng = ctx.stream('births');
    const twins = ctx.stream('births.twins');
    let rank = 0;
    const scheduleNextBirth = (from: Day): void => {
      const day = nextArrival(person.birth, from, end, (y, a) => w.demography.fertilityRate(y, a) * w.rates.factor('birth', person.sex, a, dept), rng.exponential(1));
      if (day === undefined) return;
      // Announced from the conception (or now, when later), on the queue: every process has subscribed by then.
      queue.schedule(Math.max(from, addMonths(day, -MIN_MONTHS_BETWEEN_BIRTHS)), PRIORITY.birth, () => ctx.bus.emit('pregnancy', { birth: day }));
      queue.schedule(day, PRIORITY.birth, (d) => {
        rank += 1;
        ctx.birth(d, rng.chance(w.demography.maleShareAtBirth) ? 1 : 2);
        // Twins, from their own stream (the other draws are unchanged); in both textures: they are persons, not artefacts.
        if (twins.chance(TWIN_DELIVERY_SHARE)) ctx.twin(d, twins.chance(w.demography.maleShareAtBirth) ? 1 : 2);
        if (rank < MAX_BIRTHS_PER_WOMAN) scheduleNextBirth(addMonths(d, MIN_MONTHS_BETWEEN_BIRTHS));
      });
    };
    scheduleNextBirth(person.entry);
  },
};
