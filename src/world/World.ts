import { yearOfDay } from '../events';
import { StreamFactory } from '../random';
import type { SimulationConfig } from '../scenario';
import { DataError } from '../errors';
import { DataRegistry, num, str } from '../data';
import { Demography, nearestYear } from './Demography';
import { Geography } from './Geography';
import { InitialPopulation } from './InitialPopulation';
import { Providers } from './Providers';
import { SexAgeRate } from './CareRates';
import { CareEconomics } from './CareEconomics';
import { Pharmacies } from './Pharmacies';
import { DrugModel } from './DrugModel';
import { CcamModel } from './CcamModel';
import { HospitalModel } from './HospitalModel';
import { AldModel } from './AldModel';
import { RateModifiers } from './RateModifiers';
import { Laboratories } from './Laboratories';
import { Pathways } from '../pathways/Pathways';

/**
 * Everything the agents read and nobody writes: geography, the initial population, demographic
 * and care rates, providers. Built from the configuration and `data/` alone, so it is identical in
 * every worker and shard.
 */
export class World {
  readonly data: DataRegistry;
  readonly streams: StreamFactory;
  readonly geography: Geography;
  readonly population: InitialPopulation;
  readonly demography: Demography;
  readonly providers: Providers;
  /** GP consultations per person-year by sex and age. */
  readonly gpConsultations: SexAgeRate;
  /** The scenario's rate multipliers. */
  readonly rates: RateModifiers;
  /** Tariffs, reimbursement rules, processing delays. */
  readonly economics: CareEconomics;
  /** Health-insurance fund of each département: organism code and processing centre. */
  readonly organisms: ReadonlyMap<string, { readonly org: string; readonly cti: number }>;

  private pharmaciesCache?: Pharmacies;
  private drugsCache?: DrugModel;
  private ccamCache?: CcamModel;
  private hospitalCache?: HospitalModel;
  private aldCache?: AldModel;
  private labsCache?: Laboratories;
  private pathwaysCache?: Pathways;

  /**
   * Builds every model now (instead of on first use) and releases the parsed data tables: call it
   * before simulating so that memory holds only the compact models.
   */
  warm(): this {
    void this.pharmacies;
    void this.drugs;
    void this.ccam;
    void this.hospital;
    void this.ald;
    void this.labs;
    void this.pathways;
    this.data.release();
    return this;
  }

  /** Community pharmacies (built on first use). */
  get pharmacies(): Pharmacies {
    return (this.pharmaciesCache ??= new Pharmacies(this));
  }

  /** Drug referential and dispensing rates (built on first use). */
  get drugs(): DrugModel {
    return (this.drugsCache ??= new DrugModel(this));
  }

  /** Specialist consultations and CCAM acts (built on first use). */
  get ccam(): CcamModel {
    return (this.ccamCache ??= new CcamModel(this));
  }

  /** Hospital stays and establishments (built on first use). */
  get hospital(): HospitalModel {
    return (this.hospitalCache ??= new HospitalModel(this));
  }

  /** Long-term diseases and causes of death (built on first use). */
  get ald(): AldModel {
    return (this.aldCache ??= new AldModel(this));
  }

  /** Medical biology laboratories and NABM tests (built on first use). */
  get labs(): Laboratories {
    return (this.labsCache ??= new Laboratories(this));
  }

  /** The scenario's pathway modules and interventions (built on first use). */
  get pathways(): Pathways {
    return (this.pathwaysCache ??= new Pathways(this));
  }

  constructor(
    readonly config: SimulationConfig,
    data: DataRegistry = new DataRegistry(config.tables),
  ) {
    this.data = data;
    this.streams = new StreamFactory(config.seed);
    const startYear = yearOfDay(config.start);
    this.geography = new Geography(data, config.regions);
    this.population = new InitialPopulation(data, config.regions, startYear, config.population);
    const simulatedByDept = new Map<string, number>();
    for (const c of this.population.cells) simulatedByDept.set(c.dept, (simulatedByDept.get(c.dept) ?? 0) + c.count);
    const sr = data.get('births_sex_ratio.csv');
    const srYears = sr.rows.map((r) => num(sr, r, 'year'));
    const srYear = nearestYear(srYears, startYear);
    const srRow = sr.rows.find((r) => num(sr, r, 'year') === srYear) as Record<string, string>;
    this.demography = new Demography(data, config.regions, num(sr, srRow, 'male_share'));
    this.providers = new Providers(data, this.geography, simulatedByDept, this.population.realByDept, this.streams);
    this.gpConsultations = new SexAgeRate(data, 'gp_consultation_rates.csv');
    this.economics = new CareEconomics(data);
    this.rates = new RateModifiers(config.rates);
    const ot = data.get('organisms.csv');
    const organisms = new Map<string, { org: string; cti: number }>();
    for (const r of ot.rows) organisms.set(str(ot, r, 'dept'), { org: str(ot, r, 'org_num'), cti: num(ot, r, 'cti_num') });
    for (const d of config.regions) if (!organisms.has(d)) throw new DataError(`data/organisms.csv has no fund for département ${d}`);
    this.organisms = organisms;
  }
}
