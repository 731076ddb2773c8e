import { ymdFromDay, type Day } from '../events';
import { DataError } from '../errors';
import type { RandomStream } from '../random';
import { num, str } from '../data';
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

/** Treatment lines of one ALD: the drawing pool and the share of its patients who have such a line. */
interface AldLines {
  readonly pool: Pool;
  /** Probability that a patient of the ALD has the ALD's treatment line (see DrugModel). */
  readonly share: number;
}

/**
 * The drug referential (data/drugs.csv.gz) and the dispensing model's rates, calibrated on the
 * Open Medic boxes per person by age band × sex (data/drug_boxes_age_sex.csv) and on the Open Medic
 * boxes by ATC1 (data/drug_boxes_atc1.csv):
 * - drawing weights: boxes_2025 of each drug, rescaled so that every ATC1 group sums to its Open Medic
 *   boxes (boxes_2025 divides amounts by the nominal rate, a bias that differs by group); drugs
 *   without an ATC code are not drawn (their boxes are inside the ATC1 totals);
 * - the share of boxes in chronic classes (`chronicShare`) is applied to every age band × sex; the
 *   chronic part is produced by treatment lines refilled every box duration, the acute part by
 *   prescriptions after GP consultations;
 * - ALD treatment lines (ALD_TREATMENTS_TABLE) are drawn within the classes of the ALD; their expected
 *   boxes (ALD prevalence of the simulated population × boxes per line-year) are taken out of the
 *   targets: out of each drug's weight for the general chronic lines and the acute prescriptions, out
 *   of each age band × sex's chronic and acute boxes. Where the ALD patients would exceed the national
 *   boxes of their classes, only a share of them get the line (`aldLineShare`);
 * - lines draw their drug with weight boxes × days (patient-time on treatment), so that the boxes they
 *   produce follow the weights; acute lines draw with weight boxes.
 */
export class DrugModel {
  readonly drugs: readonly Drug[];
  /** Share of the national boxes (calibrated weights) in the chronic classes. */
  readonly chronicShare: number;
  /** Mean boxes per year of one general (non-ALD) chronic treatment line. */
  readonly boxesPerChronicLineYear: number;
  /** Open Medic year used for the targets. */
  readonly targetYear: number;
  /** Published share of GP consultations with at least one drug prescribed (fraction). */
  readonly prescriptionShare: number;
  /** Published drugs per GP consultation with a prescription. */
  readonly linesPerPrescription: number;
  private readonly chronicPool: Pool;
  private readonly acutePool: Pool;
  private readonly aldLines = new Map<number, AldLines>();
  private readonly atcPools = new Map<string, Pool | undefined>();
  /** Calibrated drawing weight of each drug (boxes, Open Medic ATC1 totals). */
  private readonly boxes: ReadonlyMap<Drug, number>;
  /** Boxes per person-year by [sex][band]. */
  private readonly targets: [number[], number[], number[]] = [[], [0, 0, 0], [0, 0, 0]];
  /** Expected general chronic lines per person by [sex][band]. */
  private readonly generalLines: [number[], number[], number[]] = [[], [0, 0, 0], [0, 0, 0]];
  /** Expected acute boxes per person-year by [sex][band]. */
  private readonly acuteTargets: [number[], number[], number[]] = [[], [0, 0, 0], [0, 0, 0]];

  constructor(readonly world: World) {
    const prs = world.data.get('drug_prestations.csv');
    const prsByRate = prs.rows.map((r) => ({ rate: num(prs, r, 'rate_pct'), code: num(prs, r, 'prs_nat') })).sort((a, b) => a.rate - b.rate);
    if (prsByRate.length === 0) throw new DataError('data/drug_prestations.csv is empty');
    // Nearest listed rate (the 8 presentations at 35 % bill as the 30 % line, PH4).
    const prsOf = (ratePct: number): number =>
      prsByRate.reduce((a, b) => (Math.abs(b.rate - ratePct) < Math.abs(a.rate - ratePct) ? b : a)).code;

    const t = world.data.get('drugs.csv.gz');
    const drugs: Drug[] = [];
    const estimated = new Map<Drug, number>();
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
      estimated.set(d, num(t, r, 'boxes_2025'));
    }
    this.drugs = drugs;

    // Drawing weights: boxes_2025 rescaled to the Open Medic boxes of the drug's ATC1 group.
    const a1 = world.data.get('drug_boxes_atc1.csv');
    const atc1Boxes = new Map(a1.rows.map((r) => [str(a1, r, 'atc1'), num(a1, r, 'boxes')]));
    const estimatedByAtc1 = new Map<string, number>();
    for (const [d, b] of estimated) if (d.atc !== '') estimatedByAtc1.set(d.atc[0] as string, (estimatedByAtc1.get(d.atc[0] as string) ?? 0) + b);
    const boxes = new Map<Drug, number>();
    for (const [d, b] of estimated) {
      const g = d.atc[0] ?? '';
      const est = estimatedByAtc1.get(g) ?? 0;
      boxes.set(d, est > 0 ? (b * (atc1Boxes.get(g) ?? 0)) / est : 0);
    }
    this.boxes = boxes;
    const isChronic = (d: Drug): boolean => d.atc !== '' && CHRONIC_ATC_PREFIXES.some((p) => d.atc.startsWith(p));
    let all = 0;
    let chronic = 0;
    for (const [d, b] of boxes) {
      all += b;
      if (isChronic(d)) chronic += b;
    }
    if (all <= 0) throw new DataError('data/drugs.csv.gz: no drug with an ATC code in the groups of data/drug_boxes_atc1.csv');
    this.chronicShare = chronic / all;

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

    // ALD lines: pools, prevalence among the simulated persons by sex × band, boxes per line-year.
    const ald = world.ald;
    const persons: [number[], number[], number[]] = [[], [0, 0, 0], [0, 0, 0]];
    const prevalent = new Map<number, [number[], number[], number[]]>();
    const pools = new Map<number, { pool: Pool; weight: number; chronicWeight: number; perLineYear: number }>();
    for (const [n, { atc }] of ALD_TREATMENTS_TABLE) {
      const p = pool(drugs, (d, b) => (atc.some((x) => d.atc.startsWith(x)) ? b * d.days : 0), boxes);
      if (p.drugs.length === 0) continue;
      let weight = 0;
      let chronicWeight = 0;
      let weightDays = 0;
      for (const d of p.drugs) {
        const b = boxes.get(d) ?? 0;
        weight += b;
        weightDays += b * d.days;
        if (isChronic(d)) chronicWeight += b;
      }
      pools.set(n, { pool: p, weight, chronicWeight, perLineYear: (365.25 * weight) / weightDays });
      prevalent.set(n, [[], [0, 0, 0], [0, 0, 0]]);
    }
    for (const c of world.population.cells) {
      const band = drugAgeBand(c.age);
      (persons[c.sex] as number[])[band] = (persons[c.sex][band] as number) + c.count;
      const prev = ald.prevalences(c.sex, c.age, c.dept);
      for (const [n, cells] of prevalent) {
        const row = cells[c.sex] as number[];
        row[band] = (row[band] as number) + c.count * (prev[ald.indexOf(n)] as number);
      }
    }
    const total = world.population.total;
    // Boxes per person-year of the simulated population, per unit of weight (the national mix).
    let perWeight = 0;
    for (const sex of [1, 2] as const) for (let b = 0; b < 3; b++) perWeight += ((persons[sex][b] as number) * (this.targets[sex][b] as number)) / Math.max(1, total) / all;
    // Load of the ALD lines on each drug (boxes per capita per unit weight), all patients having the line.
    const load = new Map<Drug, number>();
    const loadOf = (n: number): number => {
      const cells = prevalent.get(n) as [number[], number[], number[]];
      let k = 0;
      for (const sex of [1, 2] as const) for (let b = 0; b < 3; b++) k += cells[sex][b] as number;
      const p = pools.get(n) as { weight: number; perLineYear: number };
      return ((k / Math.max(1, total)) * p.perLineYear) / p.weight;
    };
    for (const [n, p] of pools) for (const d of p.pool.drugs) load.set(d, (load.get(d) ?? 0) + loadOf(n));
    // Share of an ALD's patients with the line: at most the national boxes of any drug of its classes.
    for (const [n, p] of pools) {
      let max = 0;
      for (const d of p.pool.drugs) max = Math.max(max, load.get(d) ?? 0);
      this.aldLines.set(n, { pool: p.pool, share: max > perWeight && perWeight > 0 ? perWeight / max : 1 });
    }
    const aldLoad = new Map<Drug, number>();
    for (const [n, p] of pools) {
      const l = loadOf(n) * (this.aldLines.get(n) as AldLines).share;
      for (const d of p.pool.drugs) aldLoad.set(d, (aldLoad.get(d) ?? 0) + l);
    }
    // What remains for the general lines and acute prescriptions: weight × (1 − ALD load / national level).
    const residual = (d: Drug, b: number): number => (perWeight > 0 ? Math.max(0, b * (1 - (aldLoad.get(d) ?? 0) / perWeight)) : b);
    this.chronicPool = pool(drugs, (d, b) => (isChronic(d) ? residual(d, b) * d.days : 0), boxes);
    this.acutePool = pool(drugs, (d, b) => (isChronic(d) ? 0 : residual(d, b)), boxes);
    let residualChronic = 0;
    let residualChronicDays = 0;
    for (const [d, b] of boxes) {
      if (!isChronic(d)) continue;
      residualChronic += residual(d, b);
      residualChronicDays += residual(d, b) * d.days;
    }
    this.boxesPerChronicLineYear = residualChronicDays > 0 ? (365.25 * residualChronic) / residualChronicDays : 365.25 / DEFAULT_BOX_DAYS;
    // Per band × sex: the targets less the expected boxes of the ALD lines (chronic and acute classes of their pools).
    for (const sex of [1, 2] as const) {
      for (let b = 0; b < 3; b++) {
        const count = persons[sex][b] as number;
        let aldChronic = 0;
        let aldAcute = 0;
        for (const [n, p] of pools) {
          const lines = count > 0 ? (((prevalent.get(n) as number[][])[sex] as number[])[b] as number) / count : 0;
          const perYear = lines * (this.aldLines.get(n) as AldLines).share * p.perLineYear;
          aldChronic += (perYear * p.chronicWeight) / p.weight;
          aldAcute += (perYear * (p.weight - p.chronicWeight)) / p.weight;
        }
        const target = this.targets[sex][b] as number;
        (this.generalLines[sex] as number[])[b] = Math.max(0, target * this.chronicShare - aldChronic) / this.boxesPerChronicLineYear;
        (this.acuteTargets[sex] as number[])[b] = Math.max(0, target * (1 - this.chronicShare) - aldAcute);
      }
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

  /**
   * Expected number of general (non-ALD) chronic treatment lines of a person of that sex and age band: the
   * chronic boxes of the band less those of the expected ALD lines, over the boxes per line-year.
   */
  chronicLines(sex: 1 | 2, band: 0 | 1 | 2): number {
    return this.generalLines[sex][band] as number;
  }

  /** Expected acute boxes per person-year of that sex and age band (less those of the expected ALD lines). */
  acuteBoxes(sex: 1 | 2, band: 0 | 1 | 2): number {
    return this.acuteTargets[sex][band] as number;
  }

  /** Draws the drug of a new general chronic line (weight boxes × days, net of the ALD lines). */
  drawChronic(rng: RandomStream): Drug {
    return this.chronicPool.drugs[rng.pickCumulative(this.chronicPool.cumulative)] as Drug;
  }

  /** Draws the drug of an acute prescription line (weight boxes, net of the ALD lines). */
  drawAcute(rng: RandomStream): Drug {
    return this.acutePool.drugs[rng.pickCumulative(this.acutePool.cumulative)] as Drug;
  }

  /**
   * Draws the drug of a treatment line of an ALD (weight boxes × days within the ALD's classes), or undefined
   * when the ALD has none or when this patient has none (probability 1 − aldLineShare).
   */
  drawForAld(ald: number, rng: RandomStream): Drug | undefined {
    const l = this.aldLines.get(ald);
    if (!l) return undefined;
    if (l.share < 1 && !rng.chance(l.share)) return undefined;
    return l.pool.drugs[rng.pickCumulative(l.pool.cumulative)] as Drug;
  }

  /** Share of the patients of an ALD who have its treatment line (0 when the ALD has none). */
  aldLineShare(ald: number): number {
    return this.aldLines.get(ald)?.share ?? 0;
  }

  /**
   * Draws a drug whose ATC code starts with one of `prefixes`, with weight boxes × days (patient-time on
   * treatment, as chronic lines), or undefined when the referential has none.
   */
  drawForAtc(prefixes: readonly string[], rng: RandomStream): Drug | undefined {
    const p = this.atcPool(prefixes);
    return p ? (p.drugs[rng.pickCumulative(p.cumulative)] as Drug) : undefined;
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

