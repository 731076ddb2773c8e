import { ageInYears, yearOfDay, type Day } from '../../events';
import type { RandomStream } from '../../random';
import type { Establishment } from '../../world';
import { nextArrival, scheduleArrivals } from '../hazard';
import { PRIORITY, type PersonContext, type PersonProcess } from '../process';
import type { StayAct, StayRecord } from '../records';
import { careMultiplier } from '../propensity';

/**
 * MCO hospital stays of a person:
 *  - full-hospitalisation (type 0) and same-day (type 1) stays as one Poisson process at the sum of the
 *    ScanSanté rates of the person's region, sex and age, the type drawn in proportion to its rate; the
 *    next stay can only start after the discharge (never two stays at once);
 *  - sessions (type 2) as series (data/session_kinds.csv: dialysis, chemotherapy, isolated sessions) whose arrival
 *    rate keeps the published number of sessions; dialysis and chemotherapy go to the holders of the ALD they treat
 *    (19, 30) and relate to it; series that started before the person enters are followed from the entry day; a
 *    session falling within another stay is skipped;
 *  - for a person who dies during the run, with the published share of deaths in a health establishment,
 *    a terminal full stay ending on the day of death (discharge mode death); other stays end before it.
 * Each stay is pushed on `person.stays` when decided and emitted on its admission day; a stay whose
 * discharge falls after the end of the run is kept in `person.stays` (the person is in hospital) but not
 * emitted (PMSI files hold discharged stays only).
 */
export const hospitalProcess: PersonProcess = {
  name: 'hospital',
  start(ctx) {
    const { world: w, person, queue, end } = ctx;
    const h = w.hospital;
    const dept = person.home.dept;
    const rng = ctx.stream('care.hospital');
    const ageAt = (d: Day): number => ageInYears(person.birth, d);
    const factor = (a: number): number => w.rates.factor('hospital_stay', person.sex, a, dept);

    // Terminal stay: decided now, so that ordinary stays end before it and other processes see it.
    let lastDay = end;
    const death = person.death;
    if (death !== undefined) {
      const share = w.economics.param('share_deaths_in_health_establishment_pct') / 100;
      const los = h.stays.drawLos(person.sex, ageAt(death), dept, rng);
      const admission = Math.max(person.entry, death - los);
      // Not when the day of death falls in a stay already decided (a newborn's birth stay, maternity process).
      if (rng.chance(share) && admission < death && !occupied(ctx, death)) {
        person.stays.push([admission, death]);
        lastDay = admission;
        queue.schedule(admission, PRIORITY.stay, (d) => emitStay(ctx, rng, { type: 0, admission: d, discharge: death, death: true, establishment: h.establishments.draw(dept, 0, rng) }));
      } else {
        // Dies outside hospital: no stay may include the day of death.
        lastDay = death - 1;
      }
    }

    // Full and same-day stays.
    const rate01 = (_y: number, a: number, day: Day): number => ordinaryStayRate(ctx, a, day);
    scheduleArrivals(person.birth, queue, person.entry, {
      rate: rate01,
      rng,
      until: lastDay,
      priority: PRIORITY.stay,
      breaks: ctx.plan.breaks,
      onArrival: (d) => {
        if (occupied(ctx, d)) return d + 1;
        const a = ageAt(d);
        const r0 = genericFullStayRate(ctx, a, d);
        const r1 = h.stays.rate(1, person.sex, a, dept);
        const drawn = rng.next() * (r0 + r1) < r0 ? 0 : 1;
        // The generic full stays keep, with the births' stays, the published mean length of the age band.
        let discharge = drawn === 0 ? d + h.stays.drawLos(person.sex, a, dept, rng, w.births.genericMeanNights(person.sex, a, dept, yearOfDay(d))) : d;
        // Never beyond a later stay already decided (the terminal one) nor the last allowed day.
        discharge = Math.min(discharge, nextAdmissionAfter(ctx, d) ?? Infinity, death === undefined ? Infinity : lastDay);
        // A full stay cut to 0 night (the day before an out-of-hospital death) is a same-day stay.
        const type = discharge > d ? 0 : 1;
        person.stays.push([d, discharge]);
        emitStay(ctx, rng, { type, admission: d, discharge, death: false, establishment: h.establishments.draw(dept, type, rng) });
        return discharge + 1;
      },
    });

    // Session series. A kind reserved to the holders of an ALD (dialysis: ALD 19, chemotherapy: ALD 30) arrives
    // only while the person holds it, at the population's rate divided by the ALD's prevalence of the sex, age and
    // département, so that the population keeps the published number of sessions of each age.
    const sessionRng = ctx.stream('care.hospital.sessions');
    const kinds = h.sessions.count;
    // Per kind: the ALD it is reserved to (its index in the ALD tables, -1 for none) and the day the person holds it.
    const aldIndex: number[] = [];
    const reservedFrom: (Day | undefined)[] = [];
    for (let k = 0; k < kinds; k++) {
      const ald = h.sessions.kind(k).ald;
      aldIndex.push(ald === 0 ? -1 : w.ald.indexOf(ald));
      reservedFrom.push(ald === 0 ? undefined : ctx.plan.alds.find((p) => p.ald === ald)?.start);
    }
    const seriesBreaks = [...new Set(reservedFrom.filter((d): d is Day => d !== undefined))].sort((a, b) => a - b);
    const kindRate = (k: number, a: number, day: Day): number => {
      const base = h.stays.rate(2, person.sex, a, dept) * h.sessions.seriesShare(k) * factor(a);
      const i = aldIndex[k] as number;
      if (i < 0) return base;
      const from = reservedFrom[k];
      if (from === undefined || from > day) return 0;
      const prevalence = w.ald.prevalences(person.sex, a, dept)[i] as number;
      return prevalence > 0 ? base / prevalence : 0;
    };
    const seriesRate = (_y: number, a: number, day: Day): number => {
      if (a < 0) return 0;
      let r = 0;
      for (let k = 0; k < kinds; k++) r += kindRate(k, a, day);
      return r;
    };
    const scheduleSeries = (from: Day): void => {
      const first = nextArrival(person.birth, from, lastDay, seriesRate, sessionRng.exponential(1), seriesBreaks);
      if (first === undefined) return;
      // The kind, in proportion to the kinds' rates on that day.
      const age = ageAt(first);
      let pick = sessionRng.next() * seriesRate(0, age, first);
      let k = 0;
      while (k < kinds - 1 && (pick -= kindRate(k, age, first)) >= 0) k++;
      const kind = h.sessions.kind(k);
      const dp = h.sessions.drawDiagnosis(k, sessionRng);
      const establishment = h.establishments.draw(dept, 2, sessionRng);
      let day = first;
      let pending = kind.sessions;
      let i = 0;
      // Sessions before the entry day are not simulated: skip to the first one on or after it.
      while (pending > 0 && day < person.entry) {
        day += kind.intervals[i++ % kind.intervals.length] as number;
        pending -= 1;
      }
      const next = (): void => {
        if (pending <= 0 || day > lastDay) return;
        queue.schedule(day, PRIORITY.stay, (d) => {
          if (!occupied(ctx, d)) {
            person.stays.push([d, d]);
            emitStay(ctx, sessionRng, { type: 2, admission: d, discharge: d, death: false, establishment, sessionDp: dp, sessionAld: kind.ald });
          }
          pending -= 1;
          day = d + (kind.intervals[i++ % kind.intervals.length] as number);
          next();
        });
      };
      next();
      // Series of one person follow each other (a new one may start while the previous runs).
      scheduleSeries(first + 1);
    };
    scheduleSeries(Math.max(person.birth, person.entry - h.sessions.longestSeriesDays));
  },
};

/**
 * Rate per year of the person's full and same-day stays at age `age` on `day`: the ScanSanté rates of the
 * region, sex and age (full stays less those births produce, `genericFullStayRate`) × the person's care and
 * hospital propensities (CarePropensity, mean 1: stays concentrate on some persons) × the scenario's multiplier × the hospitalisation ratio of the person's pathway
 * states, normalised so that the population as a whole keeps the published rate, less the rates of the
 * complications of those states (their stays are part of the person's stays), never below 0.
 */
export function ordinaryStayRate(ctx: PersonContext, age: number, day: Day): number {
  if (age < 0) return 0;
  const { world: w, person } = ctx;
  const h = w.hospital;
  const dept = person.home.dept;
  const published = genericFullStayRate(ctx, age, day) + h.stays.rate(1, person.sex, age, dept);
  const all =
    (published * careMultiplier(w, person) * person.propensity.hospital * w.rates.factor('hospital_stay', person.sex, age, dept) * ctx.plan.hazardRatio(day, 'hospitalisation')) /
    w.pathways.divisor('hospitalisation', person.sex, age, dept);
  return Math.max(0, all - ctx.plan.complicationRate(day));
}

/**
 * Published full stays per person-year of the person's region, sex and age less those births produce in the same age
 * band (deliveries, newborns' birth stays: the maternity process), never below 0: the published rates count them.
 */
export function genericFullStayRate(ctx: PersonContext, age: number, day: Day): number {
  const { world: w, person } = ctx;
  const dept = person.home.dept;
  return Math.max(0, w.hospital.stays.rate(0, person.sex, age, dept) - w.births.fullStayRate(person.sex, age, dept, yearOfDay(day)));
}

/** Whether `day` falls within a stay of the person (admission and discharge days included). */
export function occupied(ctx: PersonContext, day: Day): boolean {
  return ctx.person.stays.some(([a, d]) => day >= a && day <= d);
}

/** Admission day of the first stay already decided that starts after `day`, if any. */
export function nextAdmissionAfter(ctx: PersonContext, day: Day): Day | undefined {
  let best: Day | undefined;
  for (const [a] of ctx.person.stays) if (a > day && (best === undefined || a < best)) best = a;
  return best;
}

/** Content imposed on a stay instead of drawn: its main diagnosis and the ALD it relates to. */
export interface ImposedContent {
  readonly dp: string;
  readonly ald: number;
}

/** When, where and what kind of stay: what `drawStay` completes with its medical content. */
export interface StayFrame {
  /** 0 full hospitalisation, 1 same-day, 2 session. */
  readonly type: 0 | 1 | 2;
  readonly admission: Day;
  readonly discharge: Day;
  /** Whether the person dies during the stay. */
  readonly death: boolean;
  readonly establishment: Establishment;
  /** Main diagnosis of a session series. */
  readonly sessionDp?: string;
  /** The ALD a session series treats (its kind's), 0 or absent when it is drawn like any stay's. */
  readonly sessionAld?: number;
  /** Content imposed instead of drawn. */
  readonly imposed?: ImposedContent;
}

/** Each person's stream `care.hospital.generic-dp` (kept for the person's whole history: one per context). */
const genericDpStreams = new WeakMap<PersonContext, RandomStream>();

function genericDpStream(ctx: PersonContext): RandomStream {
  let s = genericDpStreams.get(ctx);
  if (!s) genericDpStreams.set(ctx, (s = ctx.stream('care.hospital.generic-dp')));
  return s;
}

/** Draws the medical content of a stay and emits it when discharged within the run. */
function emitStay(ctx: PersonContext, rng: RandomStream, frame: StayFrame): void {
  const record = frame.discharge <= ctx.end ? drawStay(ctx, rng, frame, genericDpStream(ctx)) : undefined;
  if (record) {
    ctx.emit(record);
    ctx.bus.emit('stay', record);
  }
  ctx.bus.emit('mcoStay', { admission: frame.admission, discharge: frame.discharge, type: record ? record.type : frame.type, record });
}

/**
 * The record of a stay: main diagnosis (imposed, or the ALD's code when the stay relates to an ALD no pathway module
 * follows, or drawn for the type, sex and age less the modules' stays), associated diagnoses (the person's ALD codes, more for full stays), acts and GHM.
 */
export function drawStay(ctx: PersonContext, rng: RandomStream, frame: StayFrame, dpRng: RandomStream = rng): StayRecord {
  const { type, admission, discharge, death, establishment, sessionDp, sessionAld, imposed } = frame;
  const { world: w, person } = ctx;
  const h = w.hospital;
  const age = ageInYears(person.birth, admission);
  const ald = imposed ? imposed.ald : sessionAld ? sessionAld : w.ald.careRelatedAld(person, admission, rng);
  const aldCodes: string[] = [];
  let aldCode = '';
  for (const a of person.alds.values()) {
    if (a.start > admission) continue;
    aldCodes.push(a.cim);
    if (a.ald === ald && aldCode === '') aldCode = a.cim;
  }
  let dp: string;
  let dr = '';
  if (imposed) dp = imposed.dp;
  else if (type === 2) {
    dp = sessionDp ?? h.diagnoses.draw(2, person.sex, age, rng);
    dr = aldCode; // the disease treated by the sessions (diagnostic relié)
  } else if (aldCode !== '' && !ctx.plan.followedAlds.has(ald)) dp = aldCode;
  else {
    // A stay related to an ALD that a pathway module follows does not take its code: the module's complications are
    // the stays of its disease (they are taken out of the generic diagnoses, ModuleStayShares). Its diagnosis, and the
    // redraws that take the modules' stays out, come from `dpRng`: for the ordinary stays a stream of their own (`rng`
    // draws as before); for a stay another process decides, that process's stream, so that a candidate stay it
    // rejects (an intervention's effect keeps outcome diagnoses only) leaves the person's other draws unchanged.
    const first = h.diagnoses.draw(type, person.sex, age, aldCode !== '' ? dpRng : rng);
    dp = w.moduleStays.keep(type, person.sex, age, person.home.dept, first) >= 1 ? first : w.moduleStays.generic(type, person.sex, age, person.home.dept, first, dpRng);
  }
  const das = aldCodes.filter((c) => c !== dp && c !== dr);
  if (type === 0) das.push(...h.diagnoses.drawExtraDas(person.sex, age, [dp, dr, ...das], rng));
  const acts: StayAct[] = h.acts.draw(person.home.dept, discharge > admission, rng).map((a) => ({
    day: admission + Math.floor(rng.next() * (discharge - admission + 1)),
    code: a.code,
    activity: 1,
    phase: a.phase,
  }));
  return {
    kind: 'stay',
    admission,
    discharge,
    establishment,
    type,
    dp,
    dr,
    das,
    acts,
    ghm: h.grouper.ghm(dp, type, age, das.length, acts.length > 0),
    death,
    ald,
  };
}

/**
 * Admits the person on `day` for a stay decided by another process (a pathway complication, an
 * intervention's effect): none when the person is already in hospital that day or dead by then. A full
 * stay lasts `los` days (or the ScanSanté distribution of the age), cut before the next stay already
 * decided and before an out-of-hospital death (then a same-day stay). With `keep`, the drawn record is
 * kept only when `keep(record)` is true (the person's stays are unchanged otherwise). Returns the record.
 */
export function admit(
  ctx: PersonContext,
  rng: RandomStream,
  day: Day,
  full: boolean,
  los: number | undefined,
  imposed: ImposedContent | undefined,
  keep?: (r: StayRecord) => boolean,
): StayRecord | undefined {
  const { world: w, person } = ctx;
  const death = person.death;
  if (occupied(ctx, day) || (death !== undefined && day >= death)) return undefined;
  const h = w.hospital;
  const dept = person.home.dept;
  const age = ageInYears(person.birth, day);
  let discharge = day;
  if (full) discharge = day + (los !== undefined ? Math.max(1, Math.round(los * rng.exponential(1))) : h.stays.drawLos(person.sex, age, dept, rng));
  discharge = Math.min(discharge, nextAdmissionAfter(ctx, day) ?? Infinity, death === undefined ? Infinity : death - 1);
  const type = discharge > day ? 0 : 1;
  const record = drawStay(ctx, rng, { type, admission: day, discharge, death: false, establishment: h.establishments.draw(dept, type, rng), ...(imposed ? { imposed } : {}) });
  if (keep && !keep(record)) return undefined;
  person.stays.push([day, discharge]);
  if (discharge <= ctx.end) {
    ctx.emit(record);
    ctx.bus.emit('stay', record);
  }
  ctx.bus.emit('mcoStay', { admission: day, discharge, type, record: discharge <= ctx.end ? record : undefined });
  return record;
}
