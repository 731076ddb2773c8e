import { ageInYears, yearOfDay } from '../../events';
import { scheduleArrivals } from '../hazard';
import { careMultiplier } from '../propensity';
import { PRIORITY, type PersonProcess } from '../process';

/**
 * Specialist consultations and CCAM technical acts in private practice (data/sources/61-specialists.md):
 * two Poisson processes, one for consultations at the rate of the person's sex and age (specialty drawn
 * in proportion to the specialty rates), one for technical acts at the rate of the person's sex (act
 * drawn in proportion to the national 2019 volumes), both on the weekday and holiday profile of their kind
 * (CareCalendar, by thinning: closed on Sundays and holidays, Saturday mornings; yearly rates unchanged). The executant is a physician of the specialty in the
 * person's département (else of the simulated area; the care is skipped when the area has none). Both rates
 * are multiplied by the person's care propensity (CarePropensity, mean 1). No care
 * during a hospital stay; nothing after death (the queue is cleared). Consultations are announced on the
 * bus so that prescriptions can follow.
 */
export const specialistProcess: PersonProcess = {
  name: 'specialists',
  start(ctx) {
    const { world: w, person, queue, end } = ctx;
    const model = w.ccam;
    const consultRng = ctx.stream('care.specialists');
    const actRng = ctx.stream('care.acts');
    // Own streams for the thinning draws of the weekday and holiday profile (CareCalendar).
    const consultDays = ctx.stream('care.specialists.calendar');
    const actDays = ctx.stream('care.acts.calendar');
    const cal = w.calendar;
    const region = person.home.region;

    const dept = person.home.dept;
    // The prenatal consultations and ultrasounds of the pregnancies followed in private practice (maternity process) are
    // part of the published volumes: a generic one of their specialty or act is kept with probability
    // max(0, 1 − births' rate / published rate), from a stream of its own.
    const prenatalRng = ctx.stream('care.specialists.prenatal');
    const privateShare = 1 - w.ace.pregnancyFollowUpShare;
    const keepGeneric = (kind: 'consultation' | 'ultrasound', code: string, published: number, a: number, d: number): boolean => {
      if (person.sex !== 2) return true;
      const produced = w.births.prenatalRate(kind, code, a, dept, yearOfDay(d), privateShare);
      if (produced <= 0) return true;
      return published > 0 && prenatalRng.next() < 1 - produced / published;
    };
    // The person's care propensity (CarePropensity, mean 1) scales both processes.
    const z = careMultiplier(w, person);
    const consultRate = (y: number, a: number): number =>
      model.consultationRate(person.sex, a) * z * w.rates.factor('specialist_consultation', person.sex, a, dept) * cal.maxMultiplier('specialist_consultation', region, y);
    scheduleArrivals(person.birth, queue, person.entry, {
      rate: consultRate,
      rng: consultRng,
      until: end,
      priority: PRIORITY.care,
      onArrival: (d) => {
        if (!cal.accept('specialist_consultation', region, d, consultDays.next())) return d;
        if (!ctx.inHospital(d)) {
          const a = ageInYears(person.birth, d);
          const spe = model.pickConsultationSpecialty(person.sex, a, consultRng);
          const physician = model.executant([spe], person, consultRng);
          if (physician && keepGeneric('consultation', String(spe), model.specialtyRate(person.sex, a, spe), a, d)) {
            const ald = w.ald.careRelatedAld(person, d, consultRng);
            const record = { kind: 'consultation', day: d, physician, ald } as const;
            ctx.emit(record);
            ctx.bus.emit('consultation', record);
          }
        }
        return d + 1;
      },
    });

    const actRate = model.actRate(person.sex);
    const actRateAt = (y: number, a: number): number => actRate * z * w.rates.factor('ccam_act', person.sex, a, dept) * cal.maxMultiplier('ccam_act', region, y);
    scheduleArrivals(person.birth, queue, person.entry, {
      rate: actRateAt,
      rng: actRng,
      until: end,
      priority: PRIORITY.care,
      onArrival: (d) => {
        if (!cal.accept('ccam_act', region, d, actDays.next())) return d;
        if (!ctx.inHospital(d)) {
          const act = model.pickAct(person.sex, actRng);
          const physician = model.executant(act.specialties, person, actRng);
          if (physician && keepGeneric('ultrasound', act.code, model.rateOfAct(act, person.sex), ageInYears(person.birth, d), d)) ctx.emit({ kind: 'act', day: d, physician, act, ald: w.ald.careRelatedAld(person, d, actRng) });
        }
        // Several acts may fall on one day (e.g. an ECG and an echocardiography): no one-a-day limit.
        return d;
      },
    });
  },
};
