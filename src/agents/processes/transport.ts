import { type Day } from '../../events';
import type { RandomStream } from '../../random';
import type { Establishment } from '../../world';
import { scheduleArrivals } from '../hazard';
import { PRIORITY, type PersonProcess } from '../process';
import type { StayRecord } from '../records';

/** The weekday and holiday profile of outpatient visits to which ALD patients are driven (closed Sundays and holidays). */
const OPEN_DAYS_KIND = 'specialist_consultation';
/** Main diagnoses of a newborn's birth stay (Z38). */
const NEWBORN_PREFIX = 'Z38';
/** The session kind whose patients are driven at each session with their own probability. */
const DIALYSIS = 'dialysis';

/**
 * Patient transport by ambulance, VSL or conventioned taxi (World.transport, data/sources/64-transport.md):
 *  - a person needs transport to hospital with the probability of a transported patient among hospitalised ones,
 *    decided at the first hospital episode: then every full stay brings a trip home → hospital on its admission and,
 *    unless the patient dies there, one back on its discharge; a same-day stay or a session a round trip. Dialysis
 *    patients are driven to and from every session with their own probability (decided once);
 *  - outpatient care of a long-term disease, for the patients who need transport (transported for a hospital episode
 *    other than dialysis, from then on, or from their first ALD onset): series of treatments (radiotherapy, chemotherapy
 *    outside stays…) of one round trip an open day, at a rate per ALD held, to a day-care establishment of the
 *    département, related to one of the person's ALDs.
 * Dialysis trips are seated (VSL or taxi); the other trips go by ambulance with its share. Trips related to an ALD
 * are reimbursed at 100 %. A stream of its own (`care.transport`): the other processes' draws are unchanged.
 */
export const transportProcess: PersonProcess = {
  name: 'transport',
  start(ctx) {
    const { world: w, person } = ctx;
    const t = w.transport;
    const rng = ctx.stream('care.transport');
    const home = person.home.postcode;
    /** Starts the outpatient ALD trips of a patient who needs transport (once; set below). */
    let dependent: (from: Day) => void = () => undefined;

    const trip = (day: Day, to: Establishment, outbound: boolean, ald: number, dialysis: boolean, prescribed: boolean): void => {
      const mode = t.drawMode(dialysis, rng);
      const firm = t.drawFirm(person.home.dept, mode, rng);
      const km = t.drawKm(rng);
      const place = t.postcodeOf(to.commune);
      ctx.emit({
        kind: 'transport',
        day,
        mode,
        firm,
        from: outbound ? home : place,
        to: outbound ? place : home,
        amount: t.amount(mode, km),
        ald,
        prescriber: prescribed ? person.gp : undefined,
      });
    };
    const roundTrip = (day: Day, to: Establishment, ald: number, dialysis: boolean, prescribed: boolean): void => {
      trip(day, to, true, ald, dialysis, prescribed);
      trip(day, to, false, ald, dialysis, prescribed);
    };

    /** Whether the person needs transport to hospital (decided at the first hospital episode other than dialysis). */
    let needs: boolean | undefined;
    let dialysis: boolean | undefined;
    ctx.bus.on('stay', (s: StayRecord) => {
      // A newborn leaves the maternity ward with its mother: its birth stay is not a trip of its own.
      if (s.dp.startsWith(NEWBORN_PREFIX)) return;
      const isDialysis = s.type === 2 && w.hospital.sessions.kindOf(s.dp).name === DIALYSIS;
      if (isDialysis) {
        dialysis ??= rng.chance(t.dialysisProb);
        if (dialysis) roundTrip(s.admission, s.establishment, s.ald, true, false);
        return;
      }
      needs ??= rng.chance(t.episodeProb);
      if (!needs) return;
      dependent(s.admission);
      if (s.type !== 0) {
        roundTrip(s.admission, s.establishment, s.ald, false, false);
        return;
      }
      trip(s.admission, s.establishment, true, s.ald, false, false);
      if (!s.death) ctx.queue.schedule(s.discharge, PRIORITY.care, (d) => trip(d, s.establishment, false, s.ald, false, false));
    });

    /** Outpatient care of an ALD, for patients who need transport (see above). */
    const cal = w.calendar;
    const held = (day: Day): number => {
      let n = 0;
      for (const a of person.alds.values()) if (a.start <= day) n += 1;
      return n;
    };
    /** Series of outpatient treatments (one round trip an open day, none during a stay) at a rate per ALD held. */
    const start = (from: Day): void => {
      scheduleArrivals(person.birth, ctx.queue, from + 1, {
        rate: (_y, _a, day) => (t.aldRoundTrips / t.aldSeries) * held(day),
        rng,
        until: ctx.end,
        priority: PRIORITY.care,
        onArrival: (d) => {
          const to = w.hospital.establishments.draw(person.home.dept, 1, rng);
          const ald = pickAld(person.alds, d, rng);
          let day = d;
          for (let k = 0; k < t.aldSeries; k++) {
            day = cal.nextOpenDay(OPEN_DAYS_KIND, day);
            if (day > ctx.end) break;
            ctx.queue.schedule(day, PRIORITY.care, (x) => {
              if (!ctx.inHospital(x)) roundTrip(x, to, ald, false, true);
            });
            day += 1;
          }
          return day;
        },
      });
    };
    /** Day from which the patient needs transport while holding no ALD yet: the trips start at the first onset. */
    let waiting: Day | undefined;
    dependent = (from: Day): void => {
      dependent = () => undefined;
      if (t.aldRoundTrips <= 0) return;
      if (person.alds.size > 0) start(from);
      else waiting = from;
    };
    ctx.bus.on('aldOnset', (e) => {
      if (waiting === undefined) return;
      waiting = undefined;
      start(e.day);
    });
  },
};

/** One of the ALDs the person holds on `day`, drawn uniformly, or 0. */
function pickAld(alds: ReadonlyMap<number, { readonly ald: number; readonly start: Day }>, day: Day, rng: RandomStream): number {
  const held = [...alds.values()].filter((a) => a.start <= day);
  return held.length === 0 ? 0 : (held[rng.int(0, held.length - 1)] as { ald: number }).ald;
}
