import { DataError } from '../../errors';
import { drugPool, type DrugPool } from './DrugPool';
import { DEFAULT_BOX_DAYS, type Drug } from './DrugReferential';

/** Values by [sex][Open Medic age band] (index 0 unused, sexes 1 and 2). */
export type BySexBand = readonly [readonly number[], readonly number[], readonly number[]];

/** Treatments of an ALD: ATC prefixes and the specialty (IR_SPE_V) of the physician who prescribes them. */
export interface AldTreatment {
  readonly atc: readonly string[];
  readonly specialty: number;
}

/** Treatment lines of one ALD: the drawing pool and the share of its patients who have such a line. */
export interface AldLines {
  readonly pool: DrugPool;
  /** Probability that a patient of the ALD has the ALD's treatment line. */
  readonly share: number;
}

/** What the calibration needs of the ALD model: prevalences by cell (an AldModel). */
export interface AldPrevalence {
  prevalences(sex: 1 | 2, age: number, dept: string): Float64Array;
  indexOf(ald: number): number;
}

/** Everything the dispensing calibration is computed from. */
export interface DispensingInputs {
  /** The referential, in file order (drawing pools keep it). */
  readonly drugs: readonly Drug[];
  /** boxes_2025 of each drug. */
  readonly estimatedBoxes: ReadonlyMap<Drug, number>;
  /** Open Medic boxes by ATC1 group. */
  readonly atc1Boxes: ReadonlyMap<string, number>;
  /** Open Medic boxes per person-year of the target year. */
  readonly targets: BySexBand;
  /** Whether a drug belongs to the chronic classes. */
  readonly isChronic: (d: Drug) => boolean;
  /** Treatments of each ALD, in table order. */
  readonly aldTreatments: ReadonlyMap<number, AldTreatment>;
  /** The initial population's cells. */
  readonly cells: readonly { readonly sex: 1 | 2; readonly age: number; readonly dept: string; readonly count: number }[];
  /** Persons of the initial population. */
  readonly total: number;
  readonly ald: AldPrevalence;
  /** Whether a drug belongs to a class that defines a condition (dispensed only to persons who have it). */
  readonly isCondition?: (d: Drug) => boolean;
}

/** The calibrated dispensing rates and drawing pools. */
export interface DispensingCalibration {
  /** Calibrated drawing weight of each drug (boxes, Open Medic ATC1 totals). */
  readonly boxes: ReadonlyMap<Drug, number>;
  /** Share of the national boxes (calibrated weights) in the chronic classes. */
  readonly chronicShare: number;
  /** Mean boxes per year of one general (non-ALD) chronic treatment line. */
  readonly boxesPerChronicLineYear: number;
  readonly chronicPool: DrugPool;
  readonly acutePool: DrugPool;
  readonly aldLines: ReadonlyMap<number, AldLines>;
  /** Expected general chronic lines per person by [sex][band]. */
  readonly generalLines: BySexBand;
  /** Expected acute boxes per person-year by [sex][band]. */
  readonly acuteTargets: BySexBand;
  /** Expected general chronic boxes per person-year by [sex][band] (generalLines × boxesPerChronicLineYear). */
  readonly chronicTargets: BySexBand;
  /** Boxes of each drug left, after the ALD lines, for general lines, acute prescriptions and condition lines. */
  readonly residual: ReadonlyMap<Drug, number>;
  /** Boxes per person-year of the simulated population per national box (the national mix at its level). */
  readonly perWeight: number;
  /** Persons of the initial population by [sex][band]. */
  readonly persons: BySexBand;
}

/** Open Medic age bands of data/drug_boxes_age_sex.csv: 0-19, 20-59, 60+. */
export function drugAgeBand(age: number): 0 | 1 | 2 {
  return age < 20 ? 0 : age < 60 ? 1 : 2;
}

/**
 * Calibrates the dispensing model on the Open Medic boxes per person by age band × sex and on the
 * Open Medic boxes by ATC1 (a pure function of its inputs):
 * - drawing weights: boxes_2025 of each drug, rescaled so that every ATC1 group sums to its Open Medic
 *   boxes (boxes_2025 divides amounts by the nominal rate, a bias that differs by group); drugs
 *   without an ATC code are not drawn (their boxes are inside the ATC1 totals);
 * - the share of boxes in chronic classes (`chronicShare`) is applied to every age band × sex; the
 *   chronic part is produced by treatment lines refilled every box duration, the acute part by
 *   prescriptions after GP consultations;
 * - ALD treatment lines are drawn within the classes of the ALD; their expected boxes (ALD prevalence of
 *   the simulated population × boxes per line-year) are taken out of the targets: out of each drug's
 *   weight for the general chronic lines and the acute prescriptions, out of each age band × sex's
 *   chronic and acute boxes. Where the ALD patients would exceed the national boxes of their classes,
 *   only a share of them get the line;
 * - lines draw their drug with weight boxes × days (patient-time on treatment), so that the boxes they
 *   produce follow the weights; acute lines draw with weight boxes.
 */
export function calibrateDispensing(input: DispensingInputs): DispensingCalibration {
  const { drugs, isChronic, targets, ald } = input;
  const estimated = input.estimatedBoxes;
  const atc1Boxes = input.atc1Boxes;
  // Drawing weights: boxes_2025 rescaled to the Open Medic boxes of the drug's ATC1 group.
  const estimatedByAtc1 = new Map<string, number>();
  for (const [d, b] of estimated) if (d.atc !== '') estimatedByAtc1.set(d.atc[0] as string, (estimatedByAtc1.get(d.atc[0] as string) ?? 0) + b);
  const boxes = new Map<Drug, number>();
  for (const [d, b] of estimated) {
    const g = d.atc[0] ?? '';
    const est = estimatedByAtc1.get(g) ?? 0;
    boxes.set(d, est > 0 ? (b * (atc1Boxes.get(g) ?? 0)) / est : 0);
  }
  let all = 0;
  let chronic = 0;
  for (const [d, b] of boxes) {
    all += b;
    if (isChronic(d)) chronic += b;
  }
  if (all <= 0) throw new DataError('data/drugs.csv.gz: no drug with an ATC code in the groups of data/drug_boxes_atc1.csv');
  const chronicShare = chronic / all;

  const aldLines = new Map<number, AldLines>();
  // ALD lines: pools, prevalence among the simulated persons by sex × band, boxes per line-year.
  const persons: [number[], number[], number[]] = [[], [0, 0, 0], [0, 0, 0]];
  const prevalent = new Map<number, [number[], number[], number[]]>();
  const pools = new Map<number, { pool: DrugPool; weight: number; chronicWeight: number; perLineYear: number }>();
  for (const [n, { atc }] of input.aldTreatments) {
    const p = drugPool(drugs, (d, b) => (atc.some((x) => d.atc.startsWith(x)) ? b * d.days : 0), boxes);
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
  for (const c of input.cells) {
    const band = drugAgeBand(c.age);
    (persons[c.sex] as number[])[band] = (persons[c.sex][band] as number) + c.count;
    const prev = ald.prevalences(c.sex, c.age, c.dept);
    for (const [n, cells] of prevalent) {
      const row = cells[c.sex] as number[];
      row[band] = (row[band] as number) + c.count * (prev[ald.indexOf(n)] as number);
    }
  }
  const total = input.total;
  // Boxes per person-year of the simulated population, per unit of weight (the national mix).
  let perWeight = 0;
  for (const sex of [1, 2] as const) for (let b = 0; b < 3; b++) perWeight += ((persons[sex][b] as number) * (targets[sex][b] as number)) / Math.max(1, total) / all;
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
    aldLines.set(n, { pool: p.pool, share: max > perWeight && perWeight > 0 ? perWeight / max : 1 });
  }
  const aldLoad = new Map<Drug, number>();
  for (const [n, p] of pools) {
    const l = loadOf(n) * (aldLines.get(n) as AldLines).share;
    for (const d of p.pool.drugs) aldLoad.set(d, (aldLoad.get(d) ?? 0) + l);
  }
  // What remains for the general lines and acute prescriptions: weight × (1 − ALD load / national level).
  const residualOf = (d: Drug, b: number): number => (perWeight > 0 ? Math.max(0, b * (1 - (aldLoad.get(d) ?? 0) / perWeight)) : b);
  const residualMap = new Map<Drug, number>();
  for (const [d, b] of boxes) residualMap.set(d, residualOf(d, b));
  // Condition classes go to the persons who have the condition only (their lines are calibrated apart).
  const isCondition = input.isCondition ?? ((): boolean => false);
  const residual = (d: Drug, b: number): number => (isCondition(d) ? 0 : residualOf(d, b));
  const chronicPool = drugPool(drugs, (d, b) => (isChronic(d) ? residual(d, b) * d.days : 0), boxes);
  const acutePool = drugPool(drugs, (d, b) => (isChronic(d) ? 0 : residual(d, b)), boxes);
  let residualChronic = 0;
  let residualChronicDays = 0;
  for (const [d, b] of boxes) {
    if (!isChronic(d)) continue;
    residualChronic += residual(d, b);
    residualChronicDays += residual(d, b) * d.days;
  }
  const boxesPerChronicLineYear = residualChronicDays > 0 ? (365.25 * residualChronic) / residualChronicDays : 365.25 / DEFAULT_BOX_DAYS;
  const generalLines: [number[], number[], number[]] = [[], [0, 0, 0], [0, 0, 0]];
  const acuteTargets: [number[], number[], number[]] = [[], [0, 0, 0], [0, 0, 0]];
  const chronicTargets: [number[], number[], number[]] = [[], [0, 0, 0], [0, 0, 0]];
  // Per band × sex: the targets less the expected boxes of the ALD lines (chronic and acute classes of their pools).
  for (const sex of [1, 2] as const) {
    for (let b = 0; b < 3; b++) {
      const count = persons[sex][b] as number;
      let aldChronic = 0;
      let aldAcute = 0;
      for (const [n, p] of pools) {
        const lines = count > 0 ? (((prevalent.get(n) as number[][])[sex] as number[])[b] as number) / count : 0;
        const perYear = lines * (aldLines.get(n) as AldLines).share * p.perLineYear;
        aldChronic += (perYear * p.chronicWeight) / p.weight;
        aldAcute += (perYear * (p.weight - p.chronicWeight)) / p.weight;
      }
      const target = targets[sex][b] as number;
      (chronicTargets[sex] as number[])[b] = Math.max(0, target * chronicShare - aldChronic);
      (generalLines[sex] as number[])[b] = Math.max(0, target * chronicShare - aldChronic) / boxesPerChronicLineYear;
      (acuteTargets[sex] as number[])[b] = Math.max(0, target * (1 - chronicShare) - aldAcute);
    }
  }
  return { boxes, chronicShare, boxesPerChronicLineYear, chronicPool, acutePool, aldLines, generalLines, acuteTargets, chronicTargets, residual: residualMap, perWeight, persons };
}
