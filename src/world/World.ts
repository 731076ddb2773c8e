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
import { DrugModel, Retrocession } from './drugs';
import { readArtefactParameters, type ArtefactParameters } from './ArtefactParameters';
import { CcamModel } from './CcamModel';
import { HospitalModel } from './hospital';
import { AldModel } from './AldModel';
import { DeathCauses } from './DeathCauses';
import { RateModifiers } from './RateModifiers';
import { Laboratories } from './Laboratories';
import { Pathways } from './pathways';
import { CareCalendar } from './CareCalendar';
import { AceModel } from './AceModel';
import { LiberalCare } from './LiberalCare';
import { Transport } from './Transport';
import { Devices } from './Devices';
import { CarePropensity } from './CarePropensity';
import { ModuleStayShares } from './ModuleStayShares';
import { BirthStays, isBirthStayCode } from './BirthStays';

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

  /** Long-term diseases. */
  readonly ald: AldModel;
  /** Causes and places of death. */
  readonly deaths: DeathCauses;
  /** Community pharmacies. */
  readonly pharmacies: Pharmacies;
  /** Drug referential and dispensing rates. */
  readonly drugs: DrugModel;
  /** Specialist consultations and CCAM acts. */
  readonly ccam: CcamModel;
  /** Hospital stays and establishments. */
  readonly hospital: HospitalModel;
  /** Medical biology laboratories and NABM tests. */
  readonly labs: Laboratories;
  /** Patient transport: modes, firms, who is transported. */
  readonly transport: Transport;
  /** Medical devices used at home: programmes, home-care providers, who is equipped. */
  readonly devices: Devices;
  /** The scenario's pathway modules and interventions. */
  readonly pathways: Pathways;
  /** The modules' complication stays taken out of the generic main diagnoses. */
  readonly moduleStays: ModuleStayShares;
  /** The delivery and newborn stays births produce, and what the generic stays lose for them. */
  readonly births: BirthStays;
  /** Weekday, public-holiday and seasonal profiles of care. */
  readonly calendar: CareCalendar;
  /** Hospital outpatient care (ACE) and the public hospitals billing it directly. */
  readonly ace: AceModel;
  /** Nurses, physiotherapists and dentists in private practice. */
  readonly liberal: LiberalCare;
  /** UCD codes of retroceded drugs (`texture: realistic` only; undefined with `clean`). */
  readonly retrocession: Retrocession | undefined;
  /** Rates of the DCIR's administrative artefacts (`texture: realistic` only; undefined with `clean`). */
  readonly artefacts: ArtefactParameters | undefined;
  /** Latent care propensities and the choice of GPs and pharmacies. */
  readonly propensity: CarePropensity;

  /**
   * Builds every model now, each from exactly the tables and models it uses, then releases the parsed
   * tables (their hashes stay in `data` for the run manifest): memory holds only the compact models.
   * `data` may be the registry the scenario was validated with, so that no table is read twice.
   */
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
    this.ald = new AldModel(data, config.regions, config.start);
    this.pharmacies = new Pharmacies(data, this.geography, this.population, this.streams);
    this.drugs = new DrugModel(data, config.start, this.population, this.ald, this.economics);
    this.ccam = new CcamModel(data, this.providers, config.regions);
    this.hospital = new HospitalModel(data, config.regions);
    const realistic = (config.texture ?? 'realistic') === 'realistic';
    this.retrocession = realistic ? new Retrocession(data) : undefined;
    this.artefacts = realistic ? readArtefactParameters(data) : undefined;
    this.labs = new Laboratories(this.geography, this.economics);
    this.pathways = new Pathways(config, this.ald, this.ccam);
    this.births = new BirthStays(data, config.regions, this.hospital, this.geography, this.demography, this.population, this.rates);
    this.moduleStays = new ModuleStayShares(this.hospital, this.pathways, this.rates, isBirthStayCode);
    const pathways = this.pathways;
    const population = this.population;
    const demography = this.demography;
    this.deaths = new DeathCauses(data, {
      ald: this.ald,
      depts: config.regions,
      deaths: (sex, age, dept) => population.realCount(dept, sex, age) * demography.deathHazard(startYear, sex, age, dept),
      aldExcess: (k, sex) => pathways.aldExcess('mortality', k, sex),
      divisor: (sex, age, dept) => pathways.divisor('mortality', sex, age, dept),
    });
    this.calendar = CareCalendar.fromData(data);
    this.ace = new AceModel(data, this.ccam, this.hospital, this.labs);
    this.liberal = new LiberalCare(data, this.labs);
    this.transport = new Transport(data, this.geography);
    this.devices = new Devices(data, this.geography);
    this.propensity = new CarePropensity(data, this.population.cells, this.gpConsultations, this.hospital.stays, this.ald);
    data.release();
  }
}
