import { DataError } from '../errors';
import type { RandomStream } from '../random';
import { num, str, type DataRegistry } from '../data';
import { cumulate } from './cumulative';
import type { Demography } from './Demography';
import type { Geography } from './Geography';
import type { InitialPopulation } from './InitialPopulation';
import type { RateModifiers } from './RateModifiers';
import { STAY_SHARE_OUTSIDE_DEPT, type Establishment, type HospitalModel } from './hospital';

/** A maternity ward: an MCO establishment with deliveries (DREES SAE PERINAT), and its own share of caesareans. */
export interface MaternityWard {
  readonly establishment: Establishment;
  readonly caesareanShare: number;
}

/** Main diagnosis, outcome of delivery (associated diagnosis) and GHM of a delivery stay, by mode and plurality. */
export interface DeliveryCodes {
  readonly dp: string;
  readonly outcome: string;
  readonly ghm: string;
}

/**
 * ICD-10 codes and GHM (MS_GM9_V) of the stays births produce. Vaginal deliveries: O80.0 « accouchement (unique)
 * spontané par présentation du sommet », twins O84.0 « accouchements multiples, tous spontanés », GHM 14Z02A
 * « accouchements par voie basse sans complication significative »; caesareans: O82.9 « accouchement (unique) par
 * césarienne, sans précision » (no source splits planned and emergency caesareans), twins O84.2 « … tous par
 * césarienne », GHM 14C02A « césariennes sans complication significative »; outcome Z37.0 « naissance unique, enfant
 * vivant » or Z37.2 « naissance gémellaire, jumeaux nés vivants ». Newborns: Z38.0 « enfant unique, né à l'hôpital »,
 * twins Z38.3 « jumeaux, nés à l'hôpital », GHM 15Z05A « nouveau-nés de 2500 g et plus, sans problème significatif »
 * (no birth weight is simulated).
 */
export const BIRTH_CODES = {
  vaginal: { single: { dp: 'O800', outcome: 'Z370', ghm: '14Z02A' }, twins: { dp: 'O840', outcome: 'Z372', ghm: '14Z02A' } },
  caesarean: { single: { dp: 'O829', outcome: 'Z370', ghm: '14C02A' }, twins: { dp: 'O842', outcome: 'Z372', ghm: '14C02A' } },
  newborn: { single: 'Z380', twins: 'Z383', ghm: '15Z05A' },
} as const;

/** Whether an ICD-10 code (no dot) is a delivery (O80–O84) or a liveborn infant's birth stay (Z38): the stays births produce. */
export function isBirthStayCode(cim: string): boolean {
  const c = cim.slice(0, 3);
  return (c >= 'O80' && c <= 'O84') || c === 'Z38';
}

/** One planned event of the prenatal follow-up in private practice (data/prenatal_schedule.csv). */
export interface PrenatalEvent {
  readonly kind: 'consultation' | 'ultrasound' | 'lab';
  /** IR_SPE_V specialty of a consultation, CCAM code of an ultrasound, NABM code of a lab test. */
  readonly code: string;
  /** Week of amenorrhoea. */
  readonly weeks: number;
}

/** Wards a mother of a département is sent to. */
interface WardChoice {
  readonly inDept: readonly MaternityWard[];
  readonly inDeptCum: Float64Array;
  readonly elsewhere: readonly MaternityWard[];
  readonly elsewhereCum: Float64Array;
}

/**
 * The hospital stays births produce (data/maternity_wards.csv, data/maternity_parameters.csv; data/sources/42-maternity.md):
 *  - the maternity ward of a delivery: one of the mother's département with 1 − STAY_SHARE_OUTSIDE_DEPT, else one of
 *    its region, in proportion to the ward's deliveries; the ward's own share of caesareans;
 *  - the nights of a delivery stay, at the national mean of its mode;
 *  - the full stays per person-year that births produce in a stratum of the published stay rates (an age band of
 *    data/mco_stay_rates.csv), which the generic full-stay rate loses: the published rates already count them.
 */
export class BirthStays {
  /** National share of deliveries by caesarean (SEJCES / SEJACC). */
  readonly caesareanShare: number;
  /** Mean nights of a vaginal delivery stay and of a caesarean stay. */
  readonly vaginalMeanNights: number;
  readonly caesareanMeanNights: number;
  /** Mean nights of a delivery stay, both modes (JOUACC / SEJACC); a newborn stays as long as its mother. */
  readonly deliveryMeanNights: number;
  /** Weeks of amenorrhoea at the birth day. */
  readonly termWeeks: number;
  /** The prenatal follow-up in private practice of a pregnancy the hospital does not follow, earliest first. */
  readonly prenatal: readonly PrenatalEvent[];
  private readonly choices = new Map<string, WardChoice>();
  /** `mode|plurality` → delivery acts and their cumulative national stays. */
  private readonly acts = new Map<string, { readonly acts: readonly { readonly code: string; readonly phase: number }[]; readonly cum: Float64Array }>();
  private readonly reductions = new Map<string, number>();

  constructor(
    data: DataRegistry,
    depts: readonly string[],
    private readonly hospital: HospitalModel,
    geography: Geography,
    private readonly demography: Demography,
    private readonly population: InitialPopulation,
    private readonly rates: RateModifiers,
  ) {
    const p = data.get('maternity_parameters.csv');
    const param = (name: string): number => {
      const row = p.rows.find((r) => str(p, r, 'name') === name);
      if (!row) throw new DataError(`data/maternity_parameters.csv has no row ${name}`);
      return num(p, row, 'value');
    };
    this.caesareanShare = param('caesarean_share');
    this.vaginalMeanNights = param('vaginal_mean_nights');
    this.caesareanMeanNights = param('caesarean_mean_nights');
    this.deliveryMeanNights = param('delivery_days') / param('deliveries');
    this.termWeeks = param('term_weeks');
    const ps = data.get('prenatal_schedule.csv');
    this.prenatal = ps.rows
      .map((r): PrenatalEvent => {
        const kind = str(ps, r, 'kind');
        if (kind !== 'consultation' && kind !== 'ultrasound' && kind !== 'lab') throw new DataError(`data/prenatal_schedule.csv: unknown kind ${kind}`);
        return { kind, code: str(ps, r, 'code'), weeks: num(ps, r, 'weeks') };
      })
      .sort((a, b) => a.weeks - b.weeks);
    const at = data.get('maternity_acts.csv');
    for (const mode of ['vaginal', 'caesarean']) {
      for (const plurality of ['single', 'multiple']) {
        const rows = at.rows.filter((r) => str(at, r, 'mode') === mode && (str(at, r, 'plurality') === plurality || str(at, r, 'plurality') === 'any'));
        if (rows.length === 0) throw new DataError(`data/maternity_acts.csv has no ${mode} delivery act for a ${plurality} birth`);
        this.acts.set(`${mode}|${plurality}`, { acts: rows.map((r) => ({ code: str(at, r, 'act'), phase: num(at, r, 'phase') })), cum: cumulate(rows.map((r) => num(at, r, 'stays'))) });
      }
    }
    const t = data.get('maternity_wards.csv');
    const byFiness = new Map(hospital.establishments.all.map((e) => [e.finess, e]));
    const wards: { ward: MaternityWard; deliveries: number }[] = [];
    for (const r of t.rows) {
      const e = byFiness.get(str(t, r, 'finess'));
      if (!e) continue; // outside the simulated regions
      const deliveries = num(t, r, 'deliveries');
      wards.push({ ward: { establishment: e, caesareanShare: num(t, r, 'caesareans') / deliveries }, deliveries });
    }
    for (const d of depts) {
      const region = geography.dept(d).region;
      const inDept = wards.filter((w) => w.ward.establishment.dept === d);
      const elsewhere = wards.filter((w) => w.ward.establishment.dept !== d && w.ward.establishment.region === region);
      if (inDept.length === 0 && elsewhere.length === 0) throw new DataError(`data/maternity_wards.csv: no maternity ward in the region of département ${d}`);
      this.choices.set(d, {
        inDept: inDept.map((w) => w.ward),
        inDeptCum: cumulate(inDept.map((w) => w.deliveries)),
        elsewhere: elsewhere.map((w) => w.ward),
        elsewhereCum: cumulate(elsewhere.map((w) => w.deliveries)),
      });
    }
  }

  /** The maternity ward of a delivery of a mother living in `dept`. */
  drawWard(dept: string, rng: RandomStream): MaternityWard {
    const c = this.choices.get(dept) as WardChoice;
    const outside = c.inDept.length === 0 || (c.elsewhere.length > 0 && rng.chance(STAY_SHARE_OUTSIDE_DEPT));
    return outside ? (c.elsewhere[rng.pickCumulative(c.elsewhereCum)] as MaternityWard) : (c.inDept[rng.pickCumulative(c.inDeptCum)] as MaternityWard);
  }

  /**
   * The CCAM delivery act of a delivery, in proportion to its national stays among the acts of the mode and plurality,
   * chosen by a uniform number `u` in [0, 1) (drawn when the plurality is not yet known).
   */
  deliveryAct(caesarean: boolean, multiple: boolean, u: number): { readonly code: string; readonly phase: number } {
    const a = this.acts.get(`${caesarean ? 'caesarean' : 'vaginal'}|${multiple ? 'multiple' : 'single'}`) as { acts: readonly { code: string; phase: number }[]; cum: Float64Array };
    const x = u * (a.cum[a.cum.length - 1] as number);
    let i = 0;
    while (i < a.cum.length - 1 && x >= (a.cum[i] as number)) i += 1;
    return a.acts[i] as { code: string; phase: number };
  }

  /** Nights of a delivery stay: 1 + a Poisson number, with the national mean of the mode. */
  drawNights(caesarean: boolean, rng: RandomStream): number {
    const mean = caesarean ? this.caesareanMeanNights : this.vaginalMeanNights;
    return 1 + rng.poisson(Math.max(0, mean - 1));
  }

  /**
   * Prenatal events of a kind and code per woman-year at age `age` that births produce when a share `privateShare` of
   * pregnancies is followed in private practice: the fertility rate × the birth multiplier × that share × the number
   * of such events per pregnancy. The generic consultations and acts of that code lose them (specialists process).
   */
  prenatalRate(kind: PrenatalEvent['kind'], code: string, age: number, dept: string, year: number, privateShare: number): number {
    const n = this.prenatal.filter((e) => e.kind === kind && e.code === code).length;
    if (n === 0) return 0;
    return this.demography.fertilityRate(year, age) * this.rates.factor('birth', 2, age, dept) * privateShare * n;
  }

  /**
   * Mean nights of the generic full stays of this sex and age, so that with the stays births produce the band keeps its
   * published mean: (R × m − B × L) / (R − B), R and m the published rate and mean, B the births' stays
   * (`fullStayRate`), L the mean nights of a delivery (a newborn leaves with its mother); at least 1.
   */
  genericMeanNights(sex: 1 | 2, age: number, dept: string, year: number): number {
    const r = this.hospital.stays.rate(0, sex, age, dept);
    const m = this.hospital.stays.meanNights(sex, age, dept);
    const b = this.fullStayRate(sex, age, dept, year);
    if (b <= 0 || r <= b) return m;
    return Math.max(1, (r * m - b * this.deliveryMeanNights) / (r - b));
  }

  /**
   * Full stays per person-year that births produce, on average over the age band of the published full-stay rate of
   * this sex and age (the rate is one figure for the band): deliveries of women (the fertility rate of each age × the
   * scenario's birth multiplier, one stay per delivery) and the birth stays of newborns (one per child, in its first
   * year of life), weighted by the INSEE population of each age of the band in the département.
   */
  fullStayRate(sex: 1 | 2, age: number, dept: string, year: number): number {
    const [lo, hi] = this.hospital.stays.band(sex, age, dept);
    const key = `${sex}|${lo}|${dept}|${year}`;
    let v = this.reductions.get(key);
    if (v !== undefined) return v;
    let persons = 0;
    let stays = 0;
    for (let a = lo; a <= hi; a++) {
      const n = this.population.realCount(dept, sex, a);
      persons += n;
      if (a === 0) stays += n;
      if (sex === 2) stays += n * this.demography.fertilityRate(year, a) * this.rates.factor('birth', sex, a, dept);
    }
    v = persons > 0 ? stays / persons : 0;
    this.reductions.set(key, v);
    return v;
  }
}
