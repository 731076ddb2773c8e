import type { Day } from '../../events';
import { BIRTH_CODES } from '../../world';
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
 *    the mother's discharge (cut at the child's death), main diagnosis Z38.0 (Z38.3 for a twin), GHM 15Z05A.
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
