import { ymdFromDay, type Day } from '../../events';
import { DataError } from '../../errors';
import type { RandomStream } from '../../random';
import { num, str, type DataRegistry } from '../../data';
import type { CareEconomics } from '../CareEconomics';
import type { InitialPopulation } from '../InitialPopulation';
import { calibrateDispensing, type AldLines, type AldPrevalence, type AldTreatment, type BySexBand } from './calibrateDispensing';
import { drugPool, type DrugPool } from './DrugPool';
import { readDrugReferential, type Drug } from './DrugReferential';

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
  private readonly chronicPool: DrugPool;
  private readonly acutePool: DrugPool;
  private readonly aldLines: ReadonlyMap<number, AldLines>;
  private readonly atcPools = new Map<string, DrugPool | undefined>();
  /** Calibrated drawing weight of each drug (boxes, Open Medic ATC1 totals). */
  private readonly boxes: ReadonlyMap<Drug, number>;
  /** Boxes per person-year by [sex][band]. */
  private readonly targets: BySexBand;
  /** Expected general chronic lines per person by [sex][band]. */
  private readonly generalLines: BySexBand;
  /** Expected acute boxes per person-year by [sex][band]. */
  private readonly acuteTargets: BySexBand;

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

    const c = calibrateDispensing({
      drugs,
      estimatedBoxes,
      atc1Boxes,
      targets,
      isChronic: (d) => d.atc !== '' && chronicAtc.some((p) => d.atc.startsWith(p)),
      aldTreatments: this.aldTreatments,
      cells: population.cells,
      total: population.total,
      ald,
    });
    this.boxes = c.boxes;
    this.chronicShare = c.chronicShare;
    this.boxesPerChronicLineYear = c.boxesPerChronicLineYear;
    this.chronicPool = c.chronicPool;
    this.acutePool = c.acutePool;
    this.aldLines = c.aldLines;
    this.generalLines = c.generalLines;
    this.acuteTargets = c.acuteTargets;

    this.prescriptionShare = economics.param('share_gp_consultations_with_drug_pct') / 100;
    this.linesPerPrescription = economics.param('drugs_per_gp_consultation') / this.prescriptionShare;
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

  private atcPool(prefixes: readonly string[]): DrugPool | undefined {
    const key = prefixes.join('|');
    if (!this.atcPools.has(key)) {
      const p = drugPool(this.drugs, (d, b) => (prefixes.some((x) => d.atc.startsWith(x)) ? b * d.days : 0), this.boxes);
      this.atcPools.set(key, p.drugs.length > 0 ? p : undefined);
    }
    return this.atcPools.get(key);
  }
}
