import { addMonths, ageInYears, type Day } from '../../events';
import type { RandomStream } from '../../random';
import { GP_SPECIALTIES, latentLines, refillBoxes, refillInterval, type Drug, type Pharmacy, type Physician } from '../../world';
import { PRIORITY, type PersonContext, type PersonProcess } from '../process';
import { careMultiplier } from '../propensity';

/** Refills come up to this many days early or late around the box duration. Modelling choice. */
export const REFILL_JITTER_DAYS = 2;
/** PHA_ACT_QSN holds 2 digits. */
const MAX_BOXES = 99;

/** A long-term treatment line: one drug refilled at the rhythm of its box. */
interface TreatmentLine {
  readonly drug: Drug;
  readonly ald: number;
  readonly prescriber: Physician;
  /** Day of the prescription in force (renewed at each consultation with the prescriber). */
  prescribed: Day;
  /** Set when a pathway state stops the treatment. */
  stopped?: boolean;
  /** Drugs dispensed together with this one at each of its refills (a pathway state's treatment). */
  companions?: readonly Drug[];
}

/**
 * Drug dispensings at the person's usual pharmacy (or the on-duty one on Sundays and public holidays, and another
 * one for a share of acute prescriptions):
 * - chronic treatments: at the start, the treatment line of each of the person's ALDs (DrugModel.drawForAld:
 *   for the share of the ALD's patients who have one), the lines of the latent conditions the person has (drawn at
 *   entry from the stream care.drugs.latent, written to SIM_TRUTH_ONSET) and Poisson general lines
 *   (DrugModel.chronicLines of the sex and 5-year age, net of the ALD and condition lines' boxes, drawn from that
 *   age's mix, × the person's care propensity: mean 1); more general lines at each 5-year birthday, an ALD line
 *   at an ALD onset; each refilled every box duration (PHA_ACT_QSN boxes covering ≥ 4 weeks), re-dated within
 *   its week by the pharmacies' weekday and holiday profile (CareCalendar), postponed to the discharge day
 *   during a hospital stay, stopped at death;
 * - acute treatments: after a GP consultation, a prescription with the published probability and
 *   lines per prescription, scaled so that acute boxes per person-year match the age band and sex;
 *   dispensed the same day (the next open day when the pharmacies are closed, but for on-duty ones),
 *   prescribed by the physician seen, related to the consultation's ALD.
 */
export const dispensingProcess: PersonProcess = {
  name: 'dispensing',
  start(ctx) {
    const { world: w, person, queue, end } = ctx;
    const m = w.drugs;
    const rng = ctx.stream('care.drugs.chronic');
    const acuteRng = ctx.stream('care.drugs.acute');
    // Own streams for the days chosen by the weekday and holiday profile (CareCalendar).
    const cal = w.calendar;
    const refillDays = ctx.stream('care.drugs.chronic.calendar');
    const nextRefillU = (): number => refillDays.next();
    const acuteDays = ctx.stream('care.drugs.acute.calendar');
    let lastGpConsultation: Day | undefined;
    // Own stream for the choice of another pharmacy than the usual one: the other draws stay unchanged.
    const pharmacyRng = ctx.stream('care.drugs.pharmacy');

    const prescriberFor = (ald: number, specialty?: number): Physician => w.providers.prescriberOf(specialty ?? m.aldTreatments.get(ald)?.specialty, person.home.dept, person.gp, rng);

    const dispense = (line: TreatmentLine, day: Day): void => {
      if (line.prescriber === person.gp && lastGpConsultation !== undefined && lastGpConsultation > line.prescribed) {
        line.prescribed = lastGpConsultation;
      }
      const interval = refillInterval(line.drug);
      for (const drug of [line.drug, ...(line.companions ?? [])]) {
        const record = {
          kind: 'dispensing',
          day,
          pharmacy: chronicPharmacy(ctx, day),
          prescriber: line.prescriber,
          prescribed: line.prescribed,
          drug,
          // Companions cover the lead drug's refill interval.
          boxes: drug === line.drug ? refillBoxes(drug) : Math.min(MAX_BOXES, Math.max(1, Math.round(interval / drug.days))),
          ald: line.ald,
          chronic: true,
        } as const;
        ctx.emit(record);
        ctx.bus.emit('dispensing', record);
      }
    };

    /**
     * Schedules the refill due on `due` (not before `notBefore`). The rhythm of the line follows the due
     * days (the next one is due a box duration after this one, wherever the week profile put the
     * dispensing), so that the number of refills a year is unchanged.
     */
    const schedule = (line: TreatmentLine, due: Day, notBefore: Day): void => {
      // Moved forward by the pharmacies' weekday and holiday profile (CareCalendar: Saturdays ≈ 59 % of a
      // weekday, Sundays and holidays only at the on-duty pharmacies): never before `due`.
      const day = cal.spreadForward('pharmacy_dispensing', Math.max(due, notBefore), nextRefillU);
      if (day > end || (person.death !== undefined && day >= person.death)) return;
      queue.schedule(day, PRIORITY.care, (d) => {
        if (line.stopped === true) return;
        if (ctx.inHospital(d)) {
          // Drugs are supplied by the hospital during a stay: the refill waits for the discharge.
          const stay = person.stays.find(([a, b]) => d > a && d < b);
          const back = stay ? stay[1] : d + 1;
          schedule(line, back, back);
          return;
        }
        dispense(line, d);
        schedule(line, due + refillInterval(line.drug) + rng.int(-REFILL_JITTER_DAYS, REFILL_JITTER_DAYS), d + 1);
      });
    };

    /**
     * Starts a line on day `now`: first dispensing due on `first` (≥ `now`), prescription up to one refill
     * interval before (not before birth).
     */
    const startLine = (drug: Drug, ald: number, now: Day, first: Day, prescriber: Physician = prescriberFor(ald), r: RandomStream = rng): TreatmentLine => {
      const prescribed = Math.max(person.birth, first - r.int(0, refillInterval(drug)));
      const line: TreatmentLine = { drug, ald, prescriber, prescribed };
      schedule(line, first, now);
      return line;
    };

    const generalLines = (n: number, from: Day): void => {
      const age = ageInYears(person.birth, from);
      for (let k = 0; k < n; k++) {
        const drug = m.drawChronic(person.sex, age, rng);
        startLine(drug, 0, from, from + rng.int(0, refillInterval(drug) - 1), person.gp);
      }
    };

    // Lines in force at entry: the ALD treatments (for the share of the ALD's patients who have one), then a
    // Poisson number of general lines (their expectation already leaves out the boxes of the ALD and condition lines).
    const entry = person.entry;
    const entryAge = ageInYears(person.birth, entry);
    const care = careMultiplier(w, person);
    const factor = (day: Day): number => w.rates.factor('dispensing', person.sex, ageInYears(person.birth, day), person.home.dept);
    // ALDs a pathway module follows get the module's treatments instead.
    const followed = ctx.plan.followedAlds;
    for (const ald of [...person.alds.keys()].sort((a, b) => a - b)) {
      if (followed.has(ald)) continue;
      const drug = m.drawForAld(ald, rng);
      if (drug) startLine(drug, ald, entry, entry + rng.int(0, refillInterval(drug) - 1));
    }
    generalLines(rng.poisson(m.chronicLines(person.sex, entryAge) * factor(entry) * care), entry);

    // Each 5-year birthday adds the difference in expected general lines of the new age (the mix of its age).
    for (let age = 5 * (Math.floor(entryAge / 5) + 1); age <= 95; age += 5) {
      const day = addMonths(person.birth, 12 * age);
      if (day > end) break;
      if (day <= entry) continue;
      queue.schedule(day, PRIORITY.care, (d) => {
        const extra = m.chronicLines(person.sex, age) - m.chronicLines(person.sex, age - 5);
        if (extra > 0) generalLines(rng.poisson(extra * factor(d) * care), d);
      });
    }

    // Latent conditions (own stream): persons alive at entry who hold none of a condition's ALDs and no prevalent
    // pathway track of it have it at its latent probability; its classes reach them only (DrugModel.conditions).
    if (entry > person.birth) {
      const latentRng = ctx.stream('care.drugs.latent');
      for (const c of m.conditions) {
        if (c.alds.some((a) => person.alds.has(a))) continue;
        if (ctx.plan.tracks.some((t) => t.prevalent && c.cim.some((x) => t.cim.startsWith(x)))) continue;
        if (!latentRng.chance(m.latentProbability(c, person.sex, entryAge, person.home.dept))) continue;
        ctx.emit({ kind: 'truth', table: 'onset', module: '', ald: 0, cim: c.cim[0] as string, day: entry, prevalent: true });
        const n = latentLines(c, latentRng);
        for (let k = 0; k < n; k++) {
          const drug = m.drawForCondition(c, latentRng);
          startLine(drug, 0, entry, entry + latentRng.int(0, refillInterval(drug) - 1), person.gp, latentRng);
        }
      }
    }

    ctx.bus.on('aldOnset', (e) => {
      if (followed.has(e.ald)) return;
      const drug = m.drawForAld(e.ald, rng);
      if (drug) startLine(drug, e.ald, e.day, e.day);
    });

    // Treatments of pathway states (own stream: the other lines keep their draws).
    const pathwayRng = ctx.stream('care.drugs.pathway');
    const pathwayLines = new Map<string, TreatmentLine>();
    ctx.bus.on('treatment', (t) => {
      if (!t.start) {
        const line = pathwayLines.get(t.id);
        if (line) line.stopped = true;
        pathwayLines.delete(t.id);
        return;
      }
      const drugs = t.lines.map((atc) => m.drawForAtc(atc, pathwayRng)).filter((d): d is Drug => d !== undefined);
      const [lead, ...companions] = drugs;
      if (!lead) return;
      const prescriber = t.prescriber === 'gp' ? person.gp : prescriberFor(t.ald, t.prescriber);
      const line = startLine(lead, t.ald, t.day, t.day, prescriber, pathwayRng);
      line.companions = companions;
      pathwayLines.set(t.id, line);
    });

    ctx.bus.on('consultation', (c) => {
      if (GP_SPECIALTIES.has(c.physician.specialty)) {
        if (c.physician === person.gp) lastGpConsultation = c.day;
        // The prescription is dispensed on the consultation day when the pharmacies are open (or at an
        // on-duty pharmacy), else on the next open day: never before the consultation.
        const day = cal.nextOpenDay('acute_dispensing', c.day, acuteDays.next());
        const u = pharmacyRng.next();
        if (day === c.day) acute(ctx, acuteRng, c.day, day, c.physician, c.ald, u);
        else if (day <= end) queue.schedule(day, PRIORITY.care, (d) => acute(ctx, acuteRng, c.day, d, c.physician, c.ald, u));
      }
    });
  },
};

/**
 * The pharmacy of a chronic refill: the usual one, or the on-duty pharmacy of the day when the pharmacies are
 * closed (Sunday, public holiday).
 */
export function chronicPharmacy(ctx: PersonContext, day: Day): Pharmacy {
  const { world: w, person } = ctx;
  return w.calendar.isOpen('pharmacy_dispensing', day) ? person.pharmacy : w.pharmacies.onDuty(person.home, day);
}

/**
 * The pharmacy of an acute prescription dispensed on `day`: the on-duty pharmacy when the pharmacies are closed;
 * otherwise, when `u` < the share of acute prescriptions dispensed elsewhere (CarePropensity: near work,
 * travelling; a modelling choice), another pharmacy of the département; else the usual one.
 */
function acutePharmacy(ctx: PersonContext, day: Day, u: number): Pharmacy {
  const { world: w, person } = ctx;
  if (!w.calendar.isOpen('acute_dispensing', day)) return w.pharmacies.onDuty(person.home, day);
  const share = w.propensity.acuteElsewhereShare;
  if (u >= share) return person.pharmacy;
  const others = w.pharmacies.ofDept(person.home.dept).filter((p) => p !== person.pharmacy);
  if (others.length === 0) return person.pharmacy;
  // u / share is uniform on [0, 1) given u < share: it picks the pharmacy.
  return others[Math.min(others.length - 1, Math.floor((u / share) * others.length))] as Pharmacy;
}

/**
 * Acute prescription after a GP consultation. X = acute boxes per consultation with a prescription
 * needed for the band's target; lines and boxes per line keep the published lines per prescription
 * when X allows it, fewer prescriptions when X < 1.
 */
function acute(ctx: PersonContext, rng: RandomStream, prescribed: Day, day: Day, physician: Physician, ald: number, u: number): void {
  const { world: w, person } = ctx;
  const m = w.drugs;
  const age = ageInYears(person.birth, prescribed);
  const gpRate = w.gpConsultations.rate(person.sex, age);
  if (gpRate <= 0) return;
  const p = m.prescriptionShare;
  const L = m.linesPerPrescription;
  const x = m.acuteBoxes(person.sex, age) / (gpRate * p);
  const factor = w.rates.factor('dispensing', person.sex, age, person.home.dept);
  if (!rng.chance(Math.min(1, p * Math.min(1, x) * factor))) return;
  const lines = 1 + rng.poisson(Math.min(Math.max(x, 1), L) - 1);
  const boxesPerLine = Math.max(1, x / L);
  const pharmacy = acutePharmacy(ctx, day, u);
  for (let k = 0; k < lines; k++) {
    const record = {
      kind: 'dispensing',
      day,
      pharmacy,
      prescriber: physician,
      prescribed,
      drug: m.drawAcute(person.sex, age, rng),
      boxes: Math.min(MAX_BOXES, 1 + rng.poisson(boxesPerLine - 1)),
      ald,
      chronic: false,
    } as const;
    ctx.emit(record);
    ctx.bus.emit('dispensing', record);
  }
}
