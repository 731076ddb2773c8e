import { ageInYears, type Day } from '../../events';
import type { RandomStream } from '../../random';
import type { AcePassageKind, Establishment } from '../../world';
import { scheduleArrivals } from '../hazard';
import { PRIORITY, type PersonContext, type PersonProcess } from '../process';
import type { AceRecord } from '../records';

/** IR_SPE_V specialties of an outpatient passage's executant: general practice, radiology. */
const GP_SPECIALTY = 1;
const RADIOLOGY = 6;
/** IR_SPE_V 7: gynaecology-obstetrics (pregnancy follow-up). */
const OBSTETRICS = 7;
/** NGAP letter key of a specialist consultation. */
const SPECIALIST_LETTERS = 'CS';

/**
 * Hospital outpatient care (ACE) in public and non-profit hospitals (data/sources/62-ace.md):
 *  - passages as a Poisson process at the published national rates of the person's sex and age (specialist
 *    consultations less the expected follow-ups, GP consultations, imaging), the kind drawn in proportion to its
 *    rate, on the weekday and holiday profile of specialist consultations, none during a stay;
 *  - a follow-up specialist consultation in the establishment of a full stay, with the published-less modelling
 *    probability, after an exponential delay;
 *  - consultations related to an ALD are held by the specialty treating it (oncology for cancers …);
 *  - for a share of pregnancies, obstetric consultations at a public or non-profit maternity at fixed weeks before
 *    the birth (announced by the demography process when the birth is decided).
 * Streams of its own ('care.ace', 'care.ace.calendar', 'care.ace.followup', 'care.ace.pregnancy'): other processes' draws are unchanged.
 */
export const aceProcess: PersonProcess = {
  name: 'ace',
  start(ctx) {
    const { world: w, person, queue, end } = ctx;
    const rng = ctx.stream('care.ace');
    const days = ctx.stream('care.ace.calendar');
    const followRng = ctx.stream('care.ace.followup');
    const cal = w.calendar;
    const region = person.home.region;
    const dept = person.home.dept;
    const ace = w.ace;
    const rates = (a: number): [number, number, number] => {
      const f = w.rates.factor('specialist_consultation', person.sex, a, dept);
      const r = ace.backgroundRates(person.sex, a, dept);
      return [r[0] * f, r[1] * f, r[2] * f];
    };
    const total = (y: number, a: number): number => {
      if (a < 0) return 0;
      const r = rates(a);
      return (r[0] + r[1] + r[2]) * cal.maxMultiplier('specialist_consultation', region, y);
    };
    scheduleArrivals(person.birth, queue, person.entry, {
      rate: total,
      rng,
      until: end,
      priority: PRIORITY.care,
      onArrival: (d) => {
        if (!cal.accept('specialist_consultation', region, d, days.next())) return d;
        if (!ctx.inHospital(d)) {
          const r = rates(ageInYears(person.birth, d));
          const u = rng.next() * (r[0] + r[1] + r[2]);
          const kind: AcePassageKind = u < r[0] ? 'specialist' : u < r[0] + r[1] ? 'gp' : 'imaging';
          const record = passage(ctx, rng, d, kind, ace.establishment(dept, rng), false);
          if (record) ctx.emit(record);
        }
        return d + 1;
      },
    });

    // Pregnancy follow-up at a public or non-profit maternity: consultations at fixed weeks before the birth.
    const pregRng = ctx.stream('care.ace.pregnancy');
    ctx.bus.on('pregnancy', ({ birth }) => {
      const hospital = pregRng.chance(ace.pregnancyFollowUpShare);
      // The others are followed in private practice (maternity process).
      ctx.bus.emit('prenatal', { birth, hospital });
      if (!hospital) return;
      const maternity = ace.establishment(dept, pregRng);
      for (const weeks of ace.pregnancyWeeksBeforeBirth) {
        // Planned visits move to the next open day of specialist consultations (no Sundays, no holidays).
        const day = cal.nextOpenDay('specialist_consultation', birth - 7 * weeks);
        if (day < queue.now || day < person.entry || day > end) continue;
        queue.schedule(day, PRIORITY.care, (d) => {
          if (ctx.inHospital(d)) return;
          const record = passage(ctx, pregRng, d, 'specialist', maternity, false, 0, OBSTETRICS);
          if (record) ctx.emit(record);
        });
      }
    });

    ctx.bus.on('stay', (stay) => {
      if (stay.type !== 0 || stay.establishment.status === 'private for-profit' || !followRng.chance(ace.followUpProbability)) return;
      const day = cal.nextOpenDay('specialist_consultation', stay.discharge + Math.max(1, Math.round(followRng.exponential(1 / ace.followUpMeanDelay))));
      if (day > end) return;
      queue.schedule(day, PRIORITY.care, (d) => {
        if (ctx.inHospital(d)) return;
        const record = passage(ctx, followRng, d, 'specialist', stay.establishment, true, stay.ald);
        if (record) ctx.emit(record);
      });
    });
  },
};

/** The record of a passage of a kind on a day, or undefined when no tariff or act can be found. */
function passage(
  ctx: PersonContext,
  rng: RandomStream,
  day: Day,
  kind: AcePassageKind,
  establishment: Establishment,
  followUp: boolean,
  stayAld?: number,
  forced?: number,
): AceRecord | undefined {
  const { world: w, person } = ctx;
  const age = ageInYears(person.birth, day);
  const ald = stayAld ?? w.ald.careRelatedAld(person, day, rng);
  const tests = w.ace.biology(rng);
  const base = { kind: 'ace', day, establishment, passage: kind, tests, ald, followUp } as const;
  if (kind === 'imaging') {
    const act = w.ace.imagingAct(person.sex, rng);
    if (!act) return undefined;
    return { ...base, specialty: RADIOLOGY, letters: '', prsNat: act.prsNat, tariff: act.tariff, act };
  }
  let specialty = forced ?? GP_SPECIALTY;
  if (kind === 'specialist' && forced === undefined) {
    const treating = ald > 0 ? w.drugs.aldTreatments.get(ald)?.specialty : undefined;
    specialty = treating !== undefined && treating !== GP_SPECIALTY ? treating : w.ace.specialty(person.sex, age, rng);
  }
  // A specialty without a letter key of its own (e.g. medical oncology) bills the specialist consultation CS.
  const tariff = w.economics.findConsultationTariff(specialty, day, age) ?? (specialty !== GP_SPECIALTY ? w.economics.findTariffByLetters(SPECIALIST_LETTERS, day, age) : undefined);
  if (!tariff) return undefined;
  return { ...base, specialty, letters: tariff.letters, prsNat: tariff.prsNat, tariff: tariff.tariff, act: undefined };
}
