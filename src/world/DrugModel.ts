import { ymdFromDay, type Day } from '../events';
import { DataError } from '../errors';
import type { RandomStream } from '../random';
import { num, str } from './dataFiles';
import type { World } from './World';

/** A reimbursable drug presentation (CIP13) of the referential. */
export interface Drug {
  readonly cip13: string;
  readonly cip7: string;
  readonly label: string;
  /** ATC code as precise as known ('' when unknown). */
  readonly atc: string;
  /** Reimbursement rate (fraction: 0.15, 0.3, 0.65, 1). */
  readonly rate: number;
  /** Price of a box without the dispensing fee (€). */
  readonly price: number;
  /** Dispensing fee per box (€). */
  readonly fee: number;
  /** Units in the box (0 when unknown). */
  readonly units: number;
  /** Days of treatment a box lasts (see DrugModel.boxDays). */
  readonly days: number;
  /** IR_NAT_V prestation code of a line of this drug (PH1/PH4/PH7/PH2 by its rate). */
  readonly prsNat: number;
}

/**
 * ATC prefixes of long-term ("chronic") treatments, dispensed as refills at the rhythm of the box.
 * Modelling choice (data/sources/31-dispensing.md): cardiovascular drugs, antidiabetics,
 * antithrombotics, thyroid, antiepileptics, antiparkinsonians, antipsychotics, antidepressants,
 * anti-dementia, antiasthmatics, antineoplastic/hormonal/immunosuppressant agents, antigout, drugs
 * of benign prostatic hypertrophy and proton-pump inhibitors.
 */
export const CHRONIC_ATC_PREFIXES: readonly string[] = [
  'C', 'A10', 'B01', 'H03', 'N03', 'N04', 'N05A', 'N06A', 'N06D', 'R03', 'L01', 'L02', 'L04', 'M04', 'G04C', 'A02B',
];

/**
 * Treatments of each ALD (ATC prefixes) and the specialty (IR_SPE_V) of the physician who prescribes
 * them when one practises in the département (else the GP). Modelling choice, kept simple
 * (data/sources/31-dispensing.md); ALDs absent here get no specific treatment line.
 */
const ALD_TREATMENTS_TABLE: ReadonlyMap<number, { readonly atc: readonly string[]; readonly specialty: number }> = new Map([
  [1, { atc: ['B01', 'C10'], specialty: 32 }],
  [2, { atc: ['B03'], specialty: 71 }],
  [3, { atc: ['B01', 'C10'], specialty: 3 }],
  [5, { atc: ['C03', 'C07', 'C09', 'B01'], specialty: 3 }],
  [6, { atc: ['A06AD', 'C03DA'], specialty: 8 }],
  [7, { atc: ['J05'], specialty: 1 }],
  [8, { atc: ['A10'], specialty: 42 }],
  [9, { atc: ['N03'], specialty: 32 }],
  [12, { atc: ['C02', 'C03', 'C07', 'C08', 'C09'], specialty: 3 }],
  [13, { atc: ['B01', 'C07', 'C10', 'C01D'], specialty: 3 }],
  [14, { atc: ['R03'], specialty: 13 }],
  [15, { atc: ['N06D'], specialty: 32 }],
  [16, { atc: ['N04'], specialty: 32 }],
  [19, { atc: ['C09'], specialty: 35 }],
  [21, { atc: ['H02'], specialty: 9 }],
  [22, { atc: ['L04', 'H02'], specialty: 14 }],
  [23, { atc: ['N05', 'N06A'], specialty: 33 }],
  [24, { atc: ['A07E', 'L04'], specialty: 8 }],
  [25, { atc: ['L04', 'L03'], specialty: 32 }],
  [27, { atc: ['M01', 'L04'], specialty: 14 }],
  [28, { atc: ['L04'], specialty: 1 }],
  [29, { atc: ['J04'], specialty: 1 }],
  [30, { atc: ['L01', 'L02'], specialty: 73 }],
]);

/** Days a box lasts when its units cannot be read as daily doses (non-oral-solid forms). Modelling choice. */
export const DEFAULT_BOX_DAYS = 30;
/** Longest treatment a box is taken to cover (3-month packs hold 84 or 90 units). Modelling choice. */
export const MAX_BOX_DAYS = 90;
/** A refill covers about 4 weeks at least: boxes of fewer units are dispensed by several. Modelling choice. */
export const MIN_REFILL_DAYS = 28;
/** Oral solid forms, whose units are taken as one a day (modelling choice). */
const ORAL_SOLID = /comprim|gélule|capsule molle|capsule dure|lyophilisat oral/;

/** Open Medic age bands of data/drug_boxes_age_sex.csv: 0-19, 20-59, 60+. */
export function drugAgeBand(age: number): 0 | 1 | 2 {
  return age < 20 ? 0 : age < 60 ? 1 : 2;
}

/** A pool of drugs with cumulative drawing weights. */
interface Pool {
  readonly drugs: readonly Drug[];
  readonly cumulative: Float64Array;
}

function pool(drugs: readonly Drug[], weight: (d: Drug, boxes: number) => number, boxes: ReadonlyMap<Drug, number>): Pool {
  const kept = drugs.filter((d) => weight(d, boxes.get(d) ?? 0) > 0);
  const cumulative = new Float64Array(kept.length);
  let acc = 0;
  kept.forEach((d, i) => {
    acc += weight(d, boxes.get(d) ?? 0);
    cumulative[i] = acc;
  });
  return { drugs: kept, cumulative };
}

/**
 * The drug referential (data/drugs.csv.gz) and the dispensing model's rates, calibrated on the
 * Open Medic boxes per person by age band × sex (data/drug_boxes_age_sex.csv):
 * - the share of boxes in chronic classes (`chronicShare`, from the boxes_2025 weights) is applied
 *   to every age band × sex; the chronic part is produced by treatment lines refilled every box
 *   duration, the acute part by prescriptions after GP consultations;
 * - chronic lines draw their drug with weight boxes × days (patient-time on treatment), so that the
 *   boxes they produce follow the boxes_2025 mix; acute lines draw with weight boxes.
 */
export class DrugModel {
  readonly drugs: readonly Drug[];
  /** Share of the national boxes (boxes_2025) in the chronic classes. */
  readonly chronicShare: number;
  /** Mean boxes per year of one chronic treatment line. */
  readonly boxesPerChronicLineYear: number;
  /** Open Medic year used for the targets. */
  readonly targetYear: number;
  /** Published share of GP consultations with at least one drug prescribed (fraction). */
  readonly prescriptionShare: number;
  /** Published drugs per GP consultation with a prescription. */
  readonly linesPerPrescription: number;
  private readonly chronicPool: Pool;
  private readonly acutePool: Pool;
  private readonly aldPools = new Map<number, Pool>();
  private readonly atcPools = new Map<string, Pool | undefined>();
  /** Boxes dispensed nationally (boxes_2025) of each drug: the drawing weights. */
  private readonly boxes: ReadonlyMap<Drug, number>;
  /** Boxes per person-year by [sex][band]. */
  private readonly targets: [number[], number[], number[]] = [[], [0, 0, 0], [0, 0, 0]];

  constructor(readonly world: World) {
    const prs = world.data.get('drug_prestations.csv');
    const prsByRate = prs.rows.map((r) => ({ rate: num(prs, r, 'rate_pct'), code: num(prs, r, 'prs_nat') })).sort((a, b) => a.rate - b.rate);
    if (prsByRate.length === 0) throw new DataError('data/drug_prestations.csv is empty');
    // Nearest listed rate (the 8 presentations at 35 % bill as the 30 % line, PH4).
    const prsOf = (ratePct: number): number =>
      prsByRate.reduce((a, b) => (Math.abs(b.rate - ratePct) < Math.abs(a.rate - ratePct) ? b : a)).code;

    const t = world.data.get('drugs.csv.gz');
    const drugs: Drug[] = [];
    const boxes = new Map<Drug, number>();
    for (const r of t.rows) {
      const units = r.units === '' ? 0 : num(t, r, 'units');
      const form = str(t, r, 'form');
      const ratePct = num(t, r, 'rate');
      const d: Drug = {
        cip13: str(t, r, 'cip13'),
        cip7: str(t, r, 'cip7'),
        label: str(t, r, 'label'),
        atc: str(t, r, 'atc'),
        rate: ratePct / 100,
        price: num(t, r, 'price'),
        fee: num(t, r, 'fee'),
        units,
        days: DrugModel.boxDays(form, units),
        prsNat: prsOf(ratePct),
      };
      drugs.push(d);
      boxes.set(d, num(t, r, 'boxes_2025'));
    }
    this.drugs = drugs;
    this.boxes = boxes;
    const isChronic = (d: Drug): boolean => d.atc !== '' && CHRONIC_ATC_PREFIXES.some((p) => d.atc.startsWith(p));
    this.chronicPool = pool(drugs, (d, b) => (isChronic(d) ? b * d.days : 0), boxes);
    this.acutePool = pool(drugs, (d, b) => (isChronic(d) ? 0 : b), boxes);
    let all = 0;
    let chronic = 0;
    let chronicDays = 0;
    for (const [d, b] of boxes) {
      all += b;
      if (isChronic(d)) {
        chronic += b;
        chronicDays += b * d.days;
      }
    }
    this.chronicShare = chronic / all;
    this.boxesPerChronicLineYear = (365.25 * chronic) / chronicDays;
    for (const [ald, { atc }] of ALD_TREATMENTS_TABLE) {
      const p = pool(drugs, (d, b) => (atc.some((x) => d.atc.startsWith(x)) ? b * d.days : 0), boxes);
      if (p.drugs.length > 0) this.aldPools.set(ald, p);
    }

    const a = world.data.get('drug_boxes_age_sex.csv');
    const years = [...new Set(a.rows.map((r) => num(a, r, 'year')))].sort((x, y) => x - y);
    const startYear = ymdFromDay(world.config.start).year;
    const notAfter = years.filter((y) => y <= startYear);
    this.targetYear = notAfter.length > 0 ? (notAfter[notAfter.length - 1] as number) : (years[0] as number);
    const bands = ['0-19', '20-59', '60+'];
    for (const r of a.rows) {
      if (num(a, r, 'year') !== this.targetYear) continue;
      const sex = num(a, r, 'sex');
      const band = bands.indexOf(str(a, r, 'age_band'));
      if ((sex !== 1 && sex !== 2) || band < 0) throw new DataError(`data/drug_boxes_age_sex.csv: unexpected row ${JSON.stringify(r)}`);
      this.targets[sex][band] = num(a, r, 'boxes_per_person');
    }
    const eco = world.economics;
    this.prescriptionShare = eco.param('share_gp_consultations_with_drug_pct') / 100;
    this.linesPerPrescription = eco.param('drugs_per_gp_consultation') / this.prescriptionShare;
  }

  /**
   * Days of treatment in a box: its units for oral solid forms (one a day, at most MAX_BOX_DAYS),
   * DEFAULT_BOX_DAYS otherwise or when the units are unknown.
   */
  static boxDays(form: string, units: number): number {
    if (units > 0 && ORAL_SOLID.test(form)) return Math.min(units, MAX_BOX_DAYS);
    return DEFAULT_BOX_DAYS;
  }

  /** Open Medic boxes per person-year of a sex and age band. */
  boxesPerPerson(sex: 1 | 2, band: 0 | 1 | 2): number {
    return this.targets[sex][band] as number;
  }

  /** Expected number of chronic treatment lines of a person of that sex and age band. */
  chronicLines(sex: 1 | 2, band: 0 | 1 | 2): number {
    return (this.boxesPerPerson(sex, band) * this.chronicShare) / this.boxesPerChronicLineYear;
  }

  /** Expected acute boxes per person-year of that sex and age band. */
  acuteBoxes(sex: 1 | 2, band: 0 | 1 | 2): number {
    return this.boxesPerPerson(sex, band) * (1 - this.chronicShare);
  }

  /** Draws the drug of a new chronic line (weight boxes × days). */
  drawChronic(rng: RandomStream): Drug {
    return this.chronicPool.drugs[rng.pickCumulative(this.chronicPool.cumulative)] as Drug;
  }

  /** Draws the drug of an acute prescription line (weight boxes). */
  drawAcute(rng: RandomStream): Drug {
    return this.acutePool.drugs[rng.pickCumulative(this.acutePool.cumulative)] as Drug;
  }

  /** Draws the drug of a treatment line of an ALD, or undefined when the ALD has none. */
  drawForAld(ald: number, rng: RandomStream): Drug | undefined {
    const p = this.aldPools.get(ald);
    return p ? (p.drugs[rng.pickCumulative(p.cumulative)] as Drug) : undefined;
  }

  /**
   * Draws a drug whose ATC code starts with one of `prefixes`, with weight boxes × days (patient-time on
   * treatment, as chronic lines), or undefined when the referential has none.
   */
  drawForAtc(prefixes: readonly string[], rng: RandomStream): Drug | undefined {
    const p = this.atcPool(prefixes);
    return p ? (p.drugs[rng.pickCumulative(p.cumulative)] as Drug) : undefined;
  }

  /** Whether some reimbursed drug has an ATC code starting with one of `prefixes`. */
  hasAtc(prefixes: readonly string[]): boolean {
    return this.atcPool(prefixes) !== undefined;
  }

  private atcPool(prefixes: readonly string[]): Pool | undefined {
    const key = prefixes.join('|');
    if (!this.atcPools.has(key)) {
      const p = pool(this.drugs, (d, b) => (prefixes.some((x) => d.atc.startsWith(x)) ? b * d.days : 0), this.boxes);
      this.atcPools.set(key, p.drugs.length > 0 ? p : undefined);
    }
    return this.atcPools.get(key);
  }

  /** Days between two refills of a chronic line (boxes per refill × box duration). */
  static refillInterval(drug: Drug): Day {
    return DrugModel.refillBoxes(drug) * drug.days;
  }

  /** Open Medic age band (0-19, 20-59, 60+) of an age. */
  static ageBand(age: number): 0 | 1 | 2 {
    return drugAgeBand(age);
  }

  /** Treatments of each ALD (ATC prefixes and prescriber specialty; a modelling choice). */
  static readonly aldTreatments = ALD_TREATMENTS_TABLE;

  /** Boxes per chronic dispensing: enough boxes to cover MIN_REFILL_DAYS. */
  static refillBoxes(drug: Drug): number {
    return Math.max(1, Math.round(MIN_REFILL_DAYS / drug.days));
  }
}

