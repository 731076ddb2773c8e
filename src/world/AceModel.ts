import { yearOfDay, type Day } from '../events';
import { DataError } from '../errors';
import { hashString, type RandomStream } from '../random';
import { num, str, type DataRegistry } from '../data';
import { aceParameter, publishedAceRates, referenceYearPopulation } from './aceRates';
import type { CcamAct, CcamModel } from './CcamModel';
import type { Establishment, HospitalModel } from './hospital';
import type { Laboratories, LabTest } from './Laboratories';

/** Kinds of outpatient passage: a specialist or general-practice consultation, or an imaging act. */
export type AcePassageKind = 'specialist' | 'gp' | 'imaging';
export const ACE_KINDS: readonly AcePassageKind[] = ['specialist', 'gp', 'imaging'];

/** CCAM regroupements of imaging acts (ADI imaging, ADE ultrasound). */
const IMAGING_REGROUPEMENTS = ['ADI', 'ADE'] as const;
const MAX_AGE = 120;

/**
 * Hospital outpatient care (actes et consultations externes, ACE) of public and non-profit hospitals
 * (data/ace_parameters.csv, data/sources/62-ace.md): rates of passages by kind, sex and age (the published
 * national volume of each kind spread like the liberal care of that kind over the French population of the
 * reference year), follow-up after stays, biology, establishments, and which public hospitals bill directly.
 */
export class AceModel {
  /** Passages per person-year by kind (index of ACE_KINDS), sex (1, 2) and age. */
  private readonly rates: Float64Array[][];
  /** Probability that a full stay in a public or non-profit establishment is followed by a consultation there. */
  readonly followUpProbability: number;
  /** Mean delay (days) between the discharge and the follow-up consultation. */
  readonly followUpMeanDelay: number;
  /** NABM tests of a passage with biology. */
  readonly testsPerBiologyPassage: number;
  /** Share of pregnancies followed at a public or non-profit maternity. */
  readonly pregnancyFollowUpShare: number;
  /** Weeks before the birth of the pregnancy consultations (earliest first). */
  readonly pregnancyWeeksBeforeBirth: readonly number[];
  private readonly tests: readonly LabTest[];
  private readonly fidesShare = new Map<number, number>();
  /** Rank (0-based) of each public hospital (FINESS juridique) in the order of the hash of its number. */
  private readonly fidesRank = new Map<string, number>();
  private readonly publicCount: number;
  private readonly imaging: [ReturnType<CcamModel['actsIn']>, ReturnType<CcamModel['actsIn']>];

  constructor(
    data: DataRegistry,
    private readonly ccam: CcamModel,
    private readonly hospital: HospitalModel,
    labs: Laboratories,
  ) {
    const p = data.get('ace_parameters.csv');
    const param = (name: string): number => aceParameter(p, name);
    for (const r of p.rows) {
      const m = /^fides_share_public_pct_(\d{4})$/.exec(str(p, r, 'name'));
      if (m) this.fidesShare.set(Number(m[1]), num(p, r, 'value') / 100);
    }
    if (this.fidesShare.size === 0) throw new DataError('data/ace_parameters.csv has no fides_share_public_pct_<year> row');
    this.followUpProbability = param('follow_up_probability_after_full_stay');
    this.followUpMeanDelay = param('follow_up_mean_delay_days');
    this.testsPerBiologyPassage = param('biology_tests_per_biology_passage');
    if (!(this.testsPerBiologyPassage >= 1)) throw new DataError('data/ace_parameters.csv: biology_tests_per_biology_passage must be ≥ 1');
    this.pregnancyFollowUpShare = param('pregnancy_follow_up_share');
    const visits = param('pregnancy_consultations');
    const interval = param('pregnancy_consultation_interval_weeks');
    // The last consultation `interval / 2` weeks before the birth, the others `interval` weeks apart before it.
    this.pregnancyWeeksBeforeBirth = Array.from({ length: visits }, (_, i) => interval / 2 + interval * (visits - 1 - i));
    this.rates = publishedAceRates({
      parameters: p,
      specialist: data.get('specialist_consultation_rates.csv'),
      gp: data.get('gp_consultation_rates.csv'),
      acts: data.get('specialist_acts.csv.gz'),
      population: referenceYearPopulation(data, param('passages_reference_year')),
    });
    const tests: LabTest[] = [];
    const bt = data.get('ace_biology_tests.csv');
    for (const r of bt.rows) {
      const t = labs.test(num(bt, r, 'nabm'));
      if (!t) throw new DataError(`data/ace_biology_tests.csv: NABM code ${str(bt, r, 'nabm')} is not a B-coded test of IR_BIO_R`);
      tests.push(t);
    }
    if (tests.length === 0) throw new DataError('data/ace_biology_tests.csv lists no NABM code');
    this.tests = tests;
    // Direct billing is decided per legal entity (FINESS juridique): every site of a public hospital bills alike.
    const entities = [...new Set(hospital.establishments.all.filter((e) => e.status === 'public').map((e) => e.finessEj))].map((ej) => ({ ej, h: hashString(`fides:${ej}`) }));
    entities.sort((a, b) => a.h - b.h || (a.ej < b.ej ? -1 : 1));
    entities.forEach((e, i) => this.fidesRank.set(e.ej, i));
    this.publicCount = entities.length;
    this.imaging = [ccam.actsIn(1, IMAGING_REGROUPEMENTS), ccam.actsIn(2, IMAGING_REGROUPEMENTS)];
  }

  /** Published-level rate (passages per person-year) of one kind at a sex and age. */
  kindRate(kind: AcePassageKind, sex: 1 | 2, age: number): number {
    return (this.rates[ACE_KINDS.indexOf(kind)]?.[sex]?.[Math.min(Math.max(age, 0), MAX_AGE)] as number) ?? 0;
  }

  /**
   * Rate of the kinds drawn at random (not follow-ups) for a resident of `dept`: the published levels, less the
   * expected follow-ups after full stays (taken off the specialist consultations, never below 0).
   */
  backgroundRates(sex: 1 | 2, age: number, dept: string): [number, number, number] {
    const followUps = this.followUpProbability * this.hospital.stays.rate(0, sex, age, dept) * this.hospital.establishments.nonProfitShareOfFullStays(dept);
    return [Math.max(0, this.kindRate('specialist', sex, age) - followUps), this.kindRate('gp', sex, age), this.kindRate('imaging', sex, age)];
  }

  /** An imaging act (CCAM, regroupements ADI/ADE) in proportion to the national volumes, or undefined. */
  imagingAct(sex: 1 | 2, rng: RandomStream): CcamAct | undefined {
    const m = this.imaging[sex - 1] as ReturnType<CcamModel['actsIn']>;
    return m.acts.length === 0 ? undefined : m.acts[rng.pickCumulative(m.cumulative)];
  }

  /** NABM tests of a passage: with probability 1 / testsPerBiologyPassage that many tests, else none. */
  biology(rng: RandomStream): LabTest[] {
    if (!rng.chance(1 / this.testsPerBiologyPassage)) return [];
    const out: LabTest[] = [];
    for (let i = 0; i < this.testsPerBiologyPassage; i++) out.push(this.tests[rng.int(0, this.tests.length - 1)] as LabTest);
    return out;
  }

  /** Establishment of a passage of a resident of `dept` (public or non-profit). */
  establishment(dept: string, rng: RandomStream): Establishment {
    return this.hospital.establishments.drawOutpatient(dept, rng);
  }

  /** Specialty of a specialist consultation at a sex and age (liberal mix), for the follow-up or a drawn passage. */
  specialty(sex: 1 | 2, age: number, rng: RandomStream): number {
    return this.ccam.pickConsultationSpecialty(sex, age, rng);
  }

  /** Number of public hospitals (legal entities) among which the direct billers are chosen. */
  get publicHospitals(): number {
    return this.publicCount;
  }

  /** Published share of public hospitals billing directly in a year (0 before the series, the last one after). */
  fidesShareOf(year: number): number {
    let best: number | undefined;
    for (const y of this.fidesShare.keys()) if (y <= year && (best === undefined || y > best)) best = y;
    return best === undefined ? 0 : (this.fidesShare.get(best) as number);
  }

  /**
   * Whether a public establishment bills its outpatient care directly (FIDES, ETE_IND_TAA = 1) on `day`: the
   * round(share × n) public hospitals (legal entities, FINESS juridique) of the simulated regions that come first in
   * the order of a stable hash of their number, with all their sites. The same in every worker and shard, and kept
   * once reached (the shares increase).
   */
  billsDirectly(e: Establishment, day: Day): boolean {
    if (e.status !== 'public') return false;
    const rank = this.fidesRank.get(e.finessEj);
    return rank !== undefined && rank < Math.round(this.fidesShareOf(yearOfDay(day)) * this.publicCount);
  }
}
