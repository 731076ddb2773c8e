import { num, str, type DataRegistry } from '../data';
import { DataError } from '../errors';
import type { RandomStream } from '../random';
import { bandOf } from './AldModel';
import type { Commune, Geography } from './Geography';
import { professionalNumber } from './identifiers';

/** Category digit of home-care providers' numbers (PFS_EXE_NUM): suppliers, pharmacies and transporters share category 2. */
export const PROVIDER_ID_CATEGORY = 2;
/** Providers' order numbers start here, after the pharmacies' (below 5 000) and the transport firms' of the département. */
const PROVIDER_ORDER_BASE = 8_000;
const BANDS = 20;

/** One LPP product or service billed at each delivery of a device programme (one ER_TIP_F line). */
export interface DeviceItem {
  /** LPP code (TIP_PRS_IDE, NT_LPP). */
  readonly lpp: number;
  /** Units per delivery (TIP_ACT_QSN): weeks of a weekly forfait, boxes. */
  readonly quantity: number;
  /** Unit tariff of the year (TIP_ACT_PRU), €. */
  readonly unitPrice: number;
}

/**
 * A device programme (data/devices.csv): long-term home treatment billed under the LPP at a fixed rhythm — a rented
 * device billed as weekly forfaits (CPAP, long-term oxygen) or consumables delivered by the pharmacy (glucose strips).
 */
export interface DeviceProgramme {
  readonly index: number;
  readonly name: string;
  /** IR_NAT_V prestation of the ER_PRS_F line (PRS_NAT_REF). */
  readonly prsNat: number;
  /** IR_ACT_V activity of the executant: a pharmacy (50) or a home-care provider (60 « fournisseur (société) »). */
  readonly executantActivity: number;
  /** IR_SPE_V specialty of the prescriber, or 0 for the person's GP. */
  readonly prescriberSpecialty: number;
  /** Days between deliveries (and length of the period a rental line covers). */
  readonly intervalDays: number;
  /** Whether each line bills a rental period (TIP_ACL_DTD … TIP_ACL_DTF) rather than a purchase. */
  readonly rental: boolean;
  /** ALD whose holders may be equipped (the care then relates to it), 0 when none. */
  readonly ald: number;
  /** Probability that a holder of `ald` is equipped. */
  readonly aldProb: number;
  readonly items: readonly DeviceItem[];
}

/** A home-care provider (« prestataire de santé à domicile »): rents and services devices at patients' homes. */
export interface DeviceProvider {
  readonly pfsNum: string;
  readonly commune: Commune;
  readonly activity: number;
}

/**
 * Medical devices of the LPP used at home (data/devices.csv, device_items.csv, device_prevalence.csv,
 * device_parameters.csv; data/sources/65-devices.md): who is equipped, what each delivery bills, and the home-care
 * providers of each département (the national providers per inhabitant × the département's population, placed in its
 * communes in order of population).
 */
export class Devices {
  readonly programmes: readonly DeviceProgramme[];
  /** Reimbursement rate outside ALD (fraction). */
  readonly rate: number;
  /** Probability of being equipped, by programme, sex and 5-year age band, for persons not equipped through an ALD. */
  private readonly prevalence: Float64Array;
  private readonly providers = new Map<string, DeviceProvider[]>();
  readonly allProviders: readonly DeviceProvider[];

  constructor(data: DataRegistry, geography: Geography) {
    const it = data.get('device_items.csv');
    const items = new Map<string, DeviceItem[]>();
    for (const r of it.rows) {
      const name = str(it, r, 'device');
      const list = items.get(name) ?? [];
      list.push({ lpp: num(it, r, 'lpp'), quantity: num(it, r, 'quantity'), unitPrice: num(it, r, 'unit_price_eur') });
      items.set(name, list);
    }
    const dt = data.get('devices.csv');
    this.programmes = dt.rows.map((r, index) => {
      const name = str(dt, r, 'device');
      const list = items.get(name);
      if (!list || list.length === 0) throw new DataError(`data/device_items.csv: device ${name} has no item`);
      const p: DeviceProgramme = {
        index,
        name,
        prsNat: num(dt, r, 'prs_nat'),
        executantActivity: num(dt, r, 'executant_activity'),
        prescriberSpecialty: num(dt, r, 'prescriber_specialty'),
        intervalDays: num(dt, r, 'interval_days'),
        rental: num(dt, r, 'rental') === 1,
        ald: num(dt, r, 'ald'),
        aldProb: num(dt, r, 'ald_prob'),
        items: list,
      };
      if (!Number.isInteger(p.intervalDays) || p.intervalDays < 1) throw new DataError(`data/devices.csv: ${name}: interval_days must be a whole number ≥ 1`);
      if (!(p.aldProb >= 0 && p.aldProb <= 1)) throw new DataError(`data/devices.csv: ${name}: ald_prob must be within [0, 1]`);
      return p;
    });
    for (const name of items.keys()) if (!this.programmes.some((p) => p.name === name)) throw new DataError(`data/device_items.csv: unknown device ${name}`);
    const n = this.programmes.length;
    this.prevalence = new Float64Array(n * 2 * BANDS);
    const pt = data.get('device_prevalence.csv');
    for (const r of pt.rows) {
      const k = this.programmes.findIndex((p) => p.name === str(pt, r, 'device'));
      if (k < 0) throw new DataError(`data/device_prevalence.csv: unknown device ${str(pt, r, 'device')}`);
      const sex = num(pt, r, 'sex');
      const v = num(pt, r, 'prevalence');
      if (!(v >= 0 && v <= 1)) throw new DataError(`data/device_prevalence.csv: prevalence of ${str(pt, r, 'device')} must be within [0, 1]`);
      this.prevalence[(k * 2 + (sex - 1)) * BANDS + bandOf(num(pt, r, 'age_min'))] = v;
    }
    const parameters = data.get('device_parameters.csv');
    const param = (name: string): number => {
      const row = parameters.rows.find((r) => str(parameters, r, 'name') === name);
      const v = row ? num(parameters, row, 'value') : NaN;
      if (!Number.isFinite(v) || v <= 0) throw new DataError(`data/device_parameters.csv: ${name} is missing or not positive`);
      return v;
    };
    this.rate = param('reimbursement_rate_pct') / 100;
    const perInhabitant = param('providers_per_inhabitant');
    const activity = param('provider_activity');
    const all: DeviceProvider[] = [];
    for (const d of geography.departements.values()) {
      const communes = [...d.communes].sort((a, b) => b.population - a.population || (a.code < b.code ? -1 : 1));
      const population = communes.reduce((s, c) => s + c.population, 0);
      const count = Math.max(1, Math.round(population * perInhabitant));
      const list = Array.from({ length: count }, (_, k) => ({ pfsNum: professionalNumber(d.code, PROVIDER_ID_CATEGORY, PROVIDER_ORDER_BASE + k + 1), commune: communes[k % communes.length] as Commune, activity }));
      this.providers.set(d.code, list);
      all.push(...list);
    }
    this.allProviders = all;
  }

  /** Probability that a person of this sex and age, not equipped through an ALD, uses programme k. */
  probability(k: number, sex: 1 | 2, age: number): number {
    return age < 0 ? 0 : (this.prevalence[(k * 2 + (sex - 1)) * BANDS + bandOf(age)] as number);
  }

  /** A home-care provider of the département. */
  drawProvider(dept: string, rng: RandomStream): DeviceProvider {
    const list = this.providers.get(dept);
    if (!list) throw new DataError(`no home-care provider in département ${dept}`);
    return list[rng.int(0, list.length - 1)] as DeviceProvider;
  }
}
