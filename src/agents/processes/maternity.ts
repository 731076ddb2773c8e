import type { Day } from '../../events';
import { BIRTH_CODES, type CareKind, type Physician, type PrenatalEvent } from '../../world';
import type { BirthPlace } from '../Person';
import { PRIORITY, type PersonContext, type PersonProcess } from '../process';
import type { StayRecord } from '../records';
import { nextAdmissionAfter, occupied } from './hospital';

/**
 * Births in maternity wards (data/sources/42-maternity.md):
 *  - a woman's delivery stay: when a pregnancy is announced (demography), the maternity ward (one of her département
 *    or region, in proportion to its deliveries), the mode (caesarean at the ward's share) and the nights (national mean
 *    of the mode) are drawn from the stream 'births.maternity'; the full stay is admitted on the birth day and written on
 *    that day, with a main diagnosis O80.0/O82.9 (O84.0/O84.2 for twins), the outcome Z37, a CCAM delivery act and the
 *    GHM 14Z02A or 14C02A. Twins make one delivery stay. None when the birth day falls in a stay already decided;
 *    cut before the next stay decided and at the mother's death (discharge mode death);
 *  - each child's own birth stay (every twin has one), under its own identity, in the same ward from the birth day to
 *    the mother's discharge (cut at the child's death), main diagnosis Z38.0 (Z38.3 for a twin), GHM 15Z05A;
 *  - the prenatal follow-up in private practice of the pregnancies the hospital does not follow (ACE process): the
 *    consultations of a gynaecologist-obstetrician of her département (the same for the pregnancy), the trimester
 *    ultrasounds and the lab tests of data/prenatal_schedule.csv at their week of amenorrhoea (the birth day being the
 *    term), moved to the next open day of their kind (CareCalendar); none before the announcement, the entry or during a
 *    stay. Stream 'births.prenatal'. The generic consultations and acts of the same specialty and codes lose them
 *    (specialists process).
 * The generic stays no longer draw these diagnoses, and their full-stay rate loses the stays births produce
 * (BirthStays.fullStayRate, ModuleStayShares). Stays discharged after the end of the run are not written (PMSI).
 */
export const maternityProcess: PersonProcess = {
  name: 'maternity',
  start(ctx) {
    const { world: w, person, queue } = ctx;
    const place = person.birthplace;
    if (place !== undefined && person.entry === place.birth) newbornStay(ctx, place);
    if (person.sex !== 2) return;
    const rng = ctx.stream('births.maternity');
    const prenatalRng = ctx.stream('births.prenatal');
    ctx.bus.on('prenatal', ({ birth, hospital }) => {
      if (!hospital) prenatalFollowUp(ctx, birth, prenatalRng.next(), prenatalRng.next());
    });
    ctx.bus.on('pregnancy', ({ birth }) => {
      // Every draw first, so that what follows leaves the stream's position unchanged.
      const ward = w.births.drawWard(person.home.dept, rng);
      const caesarean = rng.chance(ward.caesareanShare);
      const nights = w.births.drawNights(caesarean, rng);
      const actRng = rng.next();
      person.maternity = undefined;
      const death = person.death;
      // A mother who dies by the birth day gives no birth (demography); a birth day within a stay has no delivery stay.
      if ((death !== undefined && death <= birth) || occupied(ctx, birth)) return;
      let discharge = Math.min(birth + nights, nextAdmissionAfter(ctx, birth) ?? Infinity);
      const dies = death !== undefined && death <= discharge;
      if (dies) discharge = death;
      const maternity: BirthPlace = { establishment: ward.establishment, birth, discharge, multiple: false };
      person.maternity = maternity;
      person.stays.push([birth, discharge]);
      // After the birth (PRIORITY.birth), so that twins are known.
      queue.schedule(birth, PRIORITY.stay, () => {
        const codes = caesarean ? BIRTH_CODES.caesarean : BIRTH_CODES.vaginal;
        const c = maternity.multiple ? codes.twins : codes.single;
        const act = w.births.deliveryAct(caesarean, maternity.multiple, actRng);
        const record: StayRecord = {
          kind: 'stay',
          admission: birth,
          discharge,
          establishment: ward.establishment,
          type: 0,
          dp: c.dp,
          dr: '',
          das: [c.outcome, ...aldCodes(ctx, birth).filter((x) => x !== c.dp && x !== c.outcome)],
          acts: [{ day: birth, code: act.code, activity: 1, phase: act.phase }],
          ghm: c.ghm,
          death: dies,
          ald: 0,
        };
        emit(ctx, record);
      });
    });
  },
};

/** ICD-10 codes of the person's ALDs started by `day` (associated diagnoses, as on every stay). */
function aldCodes(ctx: PersonContext, day: Day): string[] {
  const out: string[] = [];
  for (const a of ctx.person.alds.values()) if (a.start <= day) out.push(a.cim);
  return out;
}

/** The newborn's birth stay: decided at its start, written on the birth day when discharged within the run. */
function newbornStay(ctx: PersonContext, place: BirthPlace): void {
  const { person, queue } = ctx;
  const death = person.death;
  const dies = death !== undefined && death <= place.discharge;
  const discharge = dies ? death : place.discharge;
  person.stays.push([place.birth, discharge]);
  queue.schedule(place.birth, PRIORITY.stay, () => {
    const record: StayRecord = {
      kind: 'stay',
      admission: place.birth,
      discharge,
      establishment: place.establishment,
      type: 0,
      dp: place.multiple ? BIRTH_CODES.newborn.twins : BIRTH_CODES.newborn.single,
      dr: '',
      das: [],
      acts: [],
      ghm: BIRTH_CODES.newborn.ghm,
      death: dies,
      ald: 0,
    };
    emit(ctx, record);
  });
}

/** Writes a stay discharged within the run and tells the other processes, as the generic stays do. */
function emit(ctx: PersonContext, record: StayRecord): void {
  const written = record.discharge <= ctx.end ? record : undefined;
  if (written) {
    ctx.emit(written);
    ctx.bus.emit('stay', written);
  }
  ctx.bus.emit('mcoStay', { admission: record.admission, discharge: record.discharge, type: 0, record: written });
}

/** CareCalendar kind of a prenatal event. */
const CALENDAR_KIND: Readonly<Record<PrenatalEvent['kind'], CareKind>> = { consultation: 'specialist_consultation', ultrasound: 'ccam_act', lab: 'lab_test' };

/**
 * Schedules the prenatal follow-up of the pregnancy ending on `birth` in private practice; `u` picks the
 * gynaecologist-obstetrician, `v` the executant of an ultrasound he does not perform.
 */
function prenatalFollowUp(ctx: PersonContext, birth: Day, u: number, v: number): void {
  const { world: w, person, queue, end } = ctx;
  const cal = w.calendar;
  const pick = (list: readonly Physician[], x: number): Physician | undefined => list[Math.min(list.length - 1, Math.floor(x * list.length))];
  const local = (specialty: number): readonly Physician[] => {
    const here = w.providers.ofSpecialty(specialty, person.home.dept);
    return here.length > 0 ? here : w.config.regions.flatMap((d) => w.providers.ofSpecialty(specialty, d));
  };
  for (const e of w.births.prenatal) {
    const planned = birth - 7 * (w.births.termWeeks - e.weeks);
    const day = cal.nextOpenDay(CALENDAR_KIND[e.kind], planned);
    if (day < queue.now || day < person.entry || day > end || day >= birth) continue;
    queue.schedule(day, PRIORITY.care, (d) => {
      if (ctx.inHospital(d)) return;
      if (e.kind === 'consultation') {
        const physician = pick(local(Number(e.code)), u);
        if (!physician) return;
        const record = { kind: 'consultation', day: d, physician, ald: 0 } as const;
        ctx.emit(record);
        ctx.bus.emit('consultation', record);
      } else if (e.kind === 'ultrasound') {
        const act = w.pathways.act(e.code);
        if (!act) return;
        const gynaecologist = pick(local(OBSTETRICS), u);
        const physician = gynaecologist !== undefined && act.specialties.includes(OBSTETRICS) ? gynaecologist : pick(act.specialties.flatMap(local), v);
        if (physician) ctx.emit({ kind: 'act', day: d, physician, act, ald: 0 });
      } else {
        const test = w.labs.test(Number(e.code));
        const prescriber = pick(local(OBSTETRICS), u) ?? person.gp;
        if (test) ctx.emit({ kind: 'lab', day: d, laboratory: w.labs.near(person.home), test, prescriber, ald: 0 });
      }
    });
  }
}

/** IR_SPE_V 7: gynaecology-obstetrics, the prescriber and executant of the prenatal follow-up. */
const OBSTETRICS = 7;
