import { ageInYears, type Day } from '../../events';
import type { DeviceProgramme, DeviceProvider } from '../../world';
import { PRIORITY, type PersonProcess } from '../process';
import { chronicPharmacy } from './dispensing';

/** Days after which a device prescription is renewed (the prescribed day moves on by this much). */
const RENEWAL_DAYS = 365;
/** Days between the yearly starts of persons reaching an age of higher prevalence. */
const YEAR_DAYS = 365;

/**
 * Medical devices used at home (World.devices, data/sources/65-devices.md): CPAP for sleep apnoea, long-term oxygen,
 * glucose self-monitoring.
 *  - Who: a holder of the programme's ALD (oxygen: ALD 14, glucose strips: ALD 8) is equipped with the programme's
 *    probability, at entry for the ALDs held then and on the onset day of later ones; any other person with the
 *    probability of the sex and age at entry (device_prevalence.csv), and each later year with the rise of that
 *    probability since the year before (so that the prevalence by age holds along a run of several years). Equipped
 *    persons keep the device until death or the end of the run.
 *  - Deliveries every `intervalDays` (a rental period of weekly forfaits, a box of strips and lancets), due from a day
 *    drawn within the first period for persons equipped before the entry, from the onset day otherwise, moved forward
 *    onto the pharmacies' open days like chronic refills (CareCalendar.spreadForward); consumables wait for the
 *    discharge when due during a stay, rented devices stay billed.
 *  - Executed by a home-care provider of the département, kept for the whole treatment, or by the person's pharmacy
 *    (the on-duty one on closed days); prescribed by a physician of the programme's specialty in the département
 *    (else the GP), the prescription renewed every year; related to the ALD through which the person is equipped.
 */
export const devicesProcess: PersonProcess = {
  name: 'devices',
  start(ctx) {
    const { world: w, person, queue, end } = ctx;
    const devices = w.devices;
    const rng = ctx.stream('care.devices');
    const moveU = (): number => rng.next();
    const equipped = new Set<number>();

    const equip = (p: DeviceProgramme, from: Day, firstDue: Day, ald: number): void => {
      equipped.add(p.index);
      // Specialty 0: the GP (no physician has it).
      const prescriber = w.providers.prescriberOf(p.prescriberSpecialty, person.home.dept, person.gp, rng);
      const provider: DeviceProvider | undefined = p.executantActivity === w.pharmacies.activityCode ? undefined : devices.drawProvider(person.home.dept, rng);
      const schedule = (due: Day, notBefore: Day): void => {
        const day = w.calendar.spreadForward('pharmacy_dispensing', Math.max(due, notBefore), moveU);
        if (day > end || (person.death !== undefined && day >= person.death)) return;
        queue.schedule(day, PRIORITY.care, (d) => {
          if (!p.rental && ctx.inHospital(d)) {
            // Consumables wait for the discharge; the next ones keep their rhythm.
            const stay = person.stays.find(([a, b]) => d > a && d < b);
            const back = stay ? stay[1] : d + 1;
            schedule(back, back);
            return;
          }
          const prescribed = from + RENEWAL_DAYS * Math.floor(Math.max(0, d - from) / RENEWAL_DAYS);
          ctx.emit({ kind: 'device', day: d, programme: p, executant: provider ?? chronicPharmacy(ctx, d), prescriber, prescribed, ald });
          schedule(due + p.intervalDays, d + 1);
        });
      };
      schedule(firstDue, from);
    };

    // Equipped before the entry: the next delivery falls anywhere within the current period.
    const entry = person.entry;
    const age = ageInYears(person.birth, entry);
    for (const p of devices.programmes) {
      const held = p.ald > 0 && ctx.plan.alds.some((a) => a.ald === p.ald && a.start <= entry);
      if (held ? rng.chance(p.aldProb) : rng.chance(devices.probability(p.index, person.sex, age))) {
        equip(p, entry, entry + rng.int(0, p.intervalDays - 1), held ? p.ald : 0);
      }
    }
    // Each year after the entry, persons who are not equipped start with the rise of the prevalence of their age since
    // the last year: the prevalence by age stays the published one along the run (users leave by death only, as do the
    // others). Holders of the programme's ALD are left to the ALD route.
    let previousAge = age;
    const yearly = (day: Day): void => {
      if (day > end || (person.death !== undefined && day >= person.death)) return;
      queue.schedule(day, PRIORITY.care, (d) => {
        const now = ageInYears(person.birth, d);
        for (const p of devices.programmes) {
          if (equipped.has(p.index) || (p.ald > 0 && ctx.plan.alds.some((a) => a.ald === p.ald && a.start <= d))) continue;
          const before = devices.probability(p.index, person.sex, previousAge);
          const rise = devices.probability(p.index, person.sex, now) - before;
          if (rise > 0 && rng.chance(rise / (1 - before))) equip(p, d, d, 0);
        }
        previousAge = now;
        yearly(d + YEAR_DAYS);
      });
    };
    yearly(entry + YEAR_DAYS);
    // A later onset of the programme's ALD: equipped from the onset day.
    ctx.bus.on('aldOnset', (e) => {
      for (const p of devices.programmes) {
        if (p.ald !== e.ald || equipped.has(p.index)) continue;
        if (rng.chance(p.aldProb)) equip(p, e.day, e.day, p.ald);
      }
    });
  },
};
