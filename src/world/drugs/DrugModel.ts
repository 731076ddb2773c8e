import { ymdFromDay, type Day } from '../../events';
import { DataError } from '../../errors';
import type { RandomStream } from '../../random';
import { num, str, type DataRegistry } from '../../data';
import type { CareEconomics } from '../CareEconomics';
import type { InitialPopulation } from '../InitialPopulation';
import { calibrateDispensing, drugAgeBand, type AldLines, type AldPrevalence, type AldTreatment, type BySexBand } from './calibrateDispensing';
import { drugPool, type DrugPool } from './DrugPool';
import { readDrugReferential, type Drug } from './DrugReferential';
import { ageCell, AGE_CELLS, calibrateConditions, heldShare, latentP, readConditionSpecs, type DrugCondition } from './DrugConditions';
import { fitMix, readProfiles, type MixCell } from './DrugMix';

/**
 * ATC prefixes of long-term ("chronic") treatments, dispensed as refills at the rhythm of the box
 * (data/chronic_atc.csv, a modelling choice: data/sources/31-dispensing.md).
 */
function readChronicAtc(data: DataRegistry): string[] {
  const t = data.get('chronic_atc.csv');
  const out = t.rows.map((r) => str(t, r, 'atc'));
  if (out.length === 0) throw new DataError('data/chronic_atc.csv is empty');
  return out;
}

/**
 * Treatments of each ALD (data/ald_treatments.csv, a modelling choice): ATC prefixes and the specialty of the
 * physician who prescribes them when one practises in the département (else the GP), in file order.
 */
function readAldTreatments(data: DataRegistry): Map<number, AldTreatment> {
  const t = data.get('ald_treatments.csv');
  const out = new Map<number, AldTreatment>();
  for (const r of t.rows) {
    const atc = str(t, r, 'atc').split(' ').filter((x) => x !== '');
    if (atc.length === 0) throw new DataError(`data/ald_treatments.csv: no ATC prefix in row ${JSON.stringify(r)}`);
    out.set(num(t, r, 'ald'), { atc, specialty: num(t, r, 'specialty') });
  }
  return out;
}

/**
 * The drug referential (data/drugs.csv.gz) and the dispensing model's rates, calibrated by
 * `calibrateDispensing` on the Open Medic boxes per person by age band × sex (data/drug_boxes_age_sex.csv,
 * the year nearest the start not after it) and by ATC1 (data/drug_boxes_atc1.csv).
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
  /** Treatments of each ALD (ATC prefixes and prescriber specialty; a modelling choice). */
  readonly aldTreatments: ReadonlyMap<number, AldTreatment>;
  /** Conditions whose classes go only to the persons who have them (data/drug_conditions.csv). */
  readonly conditions: readonly DrugCondition[];
  /** General pools and rates by [sex][5-year age cell]. */
  private readonly mix: MixCell[][];
  private readonly ald: AldPrevalence;
  private readonly aldLines: ReadonlyMap<number, AldLines>;
  private readonly atcPools = new Map<string, DrugPool | undefined>();
  /** Calibrated drawing weight of each drug (boxes, Open Medic ATC1 totals). */
  private readonly boxes: ReadonlyMap<Drug, number>;
  /** Boxes per person-year by [sex][band]. */
  private readonly targets: BySexBand;

  /**
   * @param data the run's data tables
   * @param start first simulated day (chooses the Open Medic year)
   * @param population the initial population (its ALD prevalence sizes the ALD lines)
   * @param ald ALD prevalences
   * @param economics published prescription figures
   */
  constructor(data: DataRegistry, start: Day, population: InitialPopulation, ald: AldPrevalence, economics: CareEconomics) {
    const { drugs, estimatedBoxes } = readDrugReferential(data);
    this.drugs = drugs;
    this.aldTreatments = readAldTreatments(data);
    const chronicAtc = readChronicAtc(data);
    const a1 = data.get('drug_boxes_atc1.csv');
    const atc1Boxes = new Map(a1.rows.map((r) => [str(a1, r, 'atc1'), num(a1, r, 'boxes')]));

    const a = data.get('drug_boxes_age_sex.csv');
    const years = [...new Set(a.rows.map((r) => num(a, r, 'year')))].sort((x, y) => x - y);
    const startYear = ymdFromDay(start).year;
    const notAfter = years.filter((y) => y <= startYear);
    this.targetYear = notAfter.length > 0 ? (notAfter[notAfter.length - 1] as number) : (years[0] as number);
    const bands = ['0-19', '20-59', '60+'];
    const targets: [number[], number[], number[]] = [[], [0, 0, 0], [0, 0, 0]];
    for (const r of a.rows) {
      if (num(a, r, 'year') !== this.targetYear) continue;
      const sex = num(a, r, 'sex');
      const band = bands.indexOf(str(a, r, 'age_band'));
      if ((sex !== 1 && sex !== 2) || band < 0) throw new DataError(`data/drug_boxes_age_sex.csv: unexpected row ${JSON.stringify(r)}`);
      targets[sex][band] = num(a, r, 'boxes_per_person');
    }
    this.targets = targets;

    const specs = readConditionSpecs(data);
    const isCondition = (d: Drug): boolean => d.atc !== '' && specs.some((x) => x.atc.some((p) => d.atc.startsWith(p)));
    const isChronic = (d: Drug): boolean => d.atc !== '' && chronicAtc.some((p) => d.atc.startsWith(p));
    const c = calibrateDispensing({ drugs, estimatedBoxes, atc1Boxes, targets, isChronic, aldTreatments: this.aldTreatments, cells: population.cells, total: population.total, ald, isCondition });
    this.boxes = c.boxes;
    this.chronicShare = c.chronicShare;
    this.boxesPerChronicLineYear = c.boxesPerChronicLineYear;
    this.aldLines = c.aldLines;
    this.ald = ald;
    this.conditions = calibrateConditions(specs, { drugs, residual: c.residual, perWeight: c.perWeight, cells: population.cells, total: population.total, ald, targets });

    // General boxes per person by band × sex, less the expected boxes of the latent conditions' lines.
    const chronicBoxes: [number[], number[], number[]] = [[], [...c.chronicTargets[1]], [...c.chronicTargets[2]]];
    const acuteBoxes: [number[], number[], number[]] = [[], [...c.acuteTargets[1]], [...c.acuteTargets[2]]];
    const persons: [number[], number[], number[]] = [[], new Array<number>(AGE_CELLS).fill(0), new Array<number>(AGE_CELLS).fill(0)];
    for (const cell of population.cells) {
      const row = persons[cell.sex] as number[];
      row[ageCell(cell.age)] = (row[ageCell(cell.age)] as number) + cell.count;
      const band = drugAgeBand(cell.age);
      const n = c.persons[cell.sex][band] as number;
      if (n <= 0) continue;
      for (const k of this.conditions) {
        const a = heldShare(k.alds, ald, cell.sex, cell.age, cell.dept);
        const perYear = (cell.count * (1 - a) * this.latentProbabilityOf(k, a, cell.sex, cell.age) * k.lines * k.perLineYear) / n;
        let chronicW = 0;
        let allW = 0;
        for (const d of k.pool.drugs) {
          const r = c.residual.get(d) ?? 0;
          allW += r;
          if (isChronic(d)) chronicW += r;
        }
        const share = allW > 0 ? chronicW / allW : 1;
        (chronicBoxes[cell.sex] as number[])[band] = Math.max(0, ((chronicBoxes[cell.sex] as number[])[band] as number) - perYear * share);
        (acuteBoxes[cell.sex] as number[])[band] = Math.max(0, ((acuteBoxes[cell.sex] as number[])[band] as number) - perYear * (1 - share));
      }
    }
    const general = new Map<Drug, number>();
    for (const [d, r] of c.residual) general.set(d, isCondition(d) ? 0 : r);
    this.mix = fitMix({ drugs, residual: general, isChronic, persons, chronicBoxes, acuteBoxes, profiles: readProfiles(data) });

    this.prescriptionShare = economics.param('share_gp_consultations_with_drug_pct') / 100;
    this.linesPerPrescription = economics.param('drugs_per_gp_consultation') / this.prescriptionShare;
  }

  /** Open Medic boxes per person-year of a sex and age band. */
  boxesPerPerson(sex: 1 | 2, band: 0 | 1 | 2): number {
    return this.targets[sex][band] as number;
  }

  /** Expected general (non-ALD, non-condition) chronic treatment lines of a person of that sex and age. */
  chronicLines(sex: 1 | 2, age: number): number {
    return this.cell(sex, age).lines;
  }

  /** Expected acute boxes per person-year of that sex and age (less those of the ALD and condition lines). */
  acuteBoxes(sex: 1 | 2, age: number): number {
    return this.cell(sex, age).acuteBoxes;
  }

  /** Draws the drug of a new general chronic line for that sex and age (weight boxes × days of the age's mix). */
  drawChronic(sex: 1 | 2, age: number, rng: RandomStream): Drug {
    const p = this.cell(sex, age).chronic;
    return p.drugs[rng.pickCumulative(p.cumulative)] as Drug;
  }

  /** Draws the drug of an acute prescription line for that sex and age (weight boxes of the age's mix). */
  drawAcute(sex: 1 | 2, age: number, rng: RandomStream): Drug {
    const p = this.cell(sex, age).acute;
    return p.drugs[rng.pickCumulative(p.cumulative)] as Drug;
  }

  /**
   * Probability that a person of that sex, age and département who holds none of the condition's ALDs has it
   * (a latent, treated condition).
   */
  latentProbability(c: DrugCondition, sex: 1 | 2, age: number, dept: string): number {
    return this.latentProbabilityOf(c, heldShare(c.alds, this.ald, sex, age, dept), sex, age);
  }

  /** Draws the drug of a line of a latent condition (weight residual boxes × days of its classes). */
  drawForCondition(c: DrugCondition, rng: RandomStream): Drug {
    return c.pool.drugs[rng.pickCumulative(c.pool.cumulative)] as Drug;
  }

  private latentProbabilityOf(c: DrugCondition, a: number, sex: 1 | 2, age: number): number {
    return latentP(c, a, sex, age, (s, x) => this.targets[s][drugAgeBand(x)] as number);
  }

  private cell(sex: 1 | 2, age: number): MixCell {
    return (this.mix[sex] as MixCell[])[ageCell(age)] as MixCell;
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

  private atcPool(prefixes: readonly string[]): DrugPool | undefined {
    const key = prefixes.join('|');
    if (!this.atcPools.has(key)) {
      const p = drugPool(this.drugs, (d, b) => (prefixes.some((x) => d.atc.startsWith(x)) ? b * d.days : 0), this.boxes);
      this.atcPools.set(key, p.drugs.length > 0 ? p : undefined);
    }
    return this.atcPools.get(key);
  }
}
