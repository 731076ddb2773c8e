import { type Day } from '../../events';
import type { RandomStream } from '../../random';
import type { Establishment } from '../../world';
import { scheduleArrivals } from '../hazard';
import { PRIORITY, type PersonProcess } from '../process';
import type { StayRecord } from '../records';

/** The weekday and holiday profile of outpatient visits to which ALD patients are driven (closed Sundays and holidays). */
const OPEN_DAYS_KIND = 'specialist_consultation';
/** The session kind whose patients are driven at each session with their own probability. */
const DIALYSIS = 'dialysis';

/**
 * Patient transport by ambulance, VSL or conventioned taxi (World.transport, data/sources/64-transport.md):
 *  - a hospital episode is transported with the probability of a transported patient among hospitalised ones: a
 *    full stay by a trip home → hospital on its admission and, unless the patient dies there, one back on its
 *    discharge; a same-day stay by a round trip; sessions by a round trip at each session, decided once for the
 *    person's sessions of each kind (dialysis patients with their own probability);
 *  - outpatient care of a long-term disease, for the patients who need transport (transported for a hospital episode
 *    other than dialysis, from then on): round trips at a rate per ALD held, on the days outpatient care is open, to a
 *    day-care establishment of the département, related to one of the person's ALDs.
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
    /** Whether the person's sessions of a kind are transported (decided at the first session of the kind). */
    const sessionKinds = new Map<string, boolean>();
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

    ctx.bus.on('stay', (s: StayRecord) => {
      if (s.type === 2) {
        const kind = w.hospital.sessions.kindOf(s.dp).name;
        let transported = sessionKinds.get(kind);
        if (transported === undefined) {
          transported = rng.chance(kind === DIALYSIS ? t.dialysisProb : t.episodeProb);
          sessionKinds.set(kind, transported);
        }
        if (!transported) return;
        roundTrip(s.admission, s.establishment, s.ald, kind === DIALYSIS, false);
        if (kind !== DIALYSIS) dependent(s.admission);
        return;
      }
      if (!rng.chance(t.episodeProb)) return;
      dependent(s.admission);
      if (s.type === 1) {
        roundTrip(s.admission, s.establishment, s.ald, false, false);
        return;
      }
      trip(s.admission, s.establishment, true, s.ald, false, false);
      if (!s.death) ctx.queue.schedule(s.discharge, PRIORITY.care, (d) => trip(d, s.establishment, false, s.ald, false, false));
    });

    /**
     * Outpatient care of an ALD, for patients who need transport (those transported for a hospital episode other than
     * dialysis, from that day on): round trips at a rate per ALD held (thinned to the open days).
     */
    const cal = w.calendar;
    const region = person.home.region;
    const days = ctx.stream('care.transport.calendar');
    const held = (day: Day): number => {
      let n = 0;
      for (const a of person.alds.values()) if (a.start <= day) n += 1;
      return n;
    };
    dependent = (from: Day): void => {
      dependent = () => undefined;
      if (person.alds.size === 0 || t.aldRoundTrips <= 0) return;
      const starts = [...person.alds.values()].map((a) => a.start).filter((d) => d > from).sort((a, b) => a - b);
      scheduleArrivals(person.birth, ctx.queue, from + 1, {
        rate: (y, _a, day) => t.aldRoundTrips * held(day) * cal.maxMultiplier(OPEN_DAYS_KIND, region, y),
        rng,
        until: ctx.end,
        priority: PRIORITY.care,
        breaks: starts,
        onArrival: (d) => {
          if (!cal.accept(OPEN_DAYS_KIND, region, d, days.next()) || ctx.inHospital(d)) return d + 1;
          roundTrip(d, w.hospital.establishments.draw(person.home.dept, 1, rng), pickAld(person.alds, d, rng), false, true);
          return d + 1;
        },
      });
    };
  },
};

/** One of the ALDs the person holds on `day`, drawn uniformly, or 0. */
function pickAld(alds: ReadonlyMap<number, { readonly ald: number; readonly start: Day }>, day: Day, rng: RandomStream): number {
  const held = [...alds.values()].filter((a) => a.start <= day);
  return held.length === 0 ? 0 : (held[rng.int(0, held.length - 1)] as { ald: number }).ald;
}
