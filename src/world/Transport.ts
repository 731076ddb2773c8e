import { num, str, type DataRegistry } from '../data';
import { DataError } from '../errors';
import type { RandomStream } from '../random';
import type { Commune, Geography } from './Geography';
import { professionalNumber } from './identifiers';

/** Category digit of transporters' numbers (PFS_EXE_NUM): suppliers, pharmacies and transporters share category 2. */
export const TRANSPORTER_ID_CATEGORY = 2;
/**
 * Transporters' order numbers start here, after the pharmacies' of the same category (fewer than 5 000 in any
 * département); the numbers of the overseas départements have 4 digits of order (up to 9 999).
 */
const TRANSPORTER_ORDER_BASE = 5_000;

export const TRANSPORT_MODES = ['ambulance', 'vsl', 'taxi'] as const;
export type TransportModeName = (typeof TRANSPORT_MODES)[number];

/** A mode of patient transport and how a trip is billed (data/transport_modes.csv). */
export interface TransportMode {
  readonly name: TransportModeName;
  /** IR_NAT_V prestation (PRS_NAT_REF): 4212 ABA, 4213 VSL, 4214 TXI. */
  readonly prsNat: number;
  /** IR_ACT_V activity of the transporter (PSE_ACT_NAT / PSE_SPE_COD): 55 ambulancier, 56 taxi. */
  readonly activity: number;
  /** Amount of a trip: forfait + kmRate × km. */
  readonly forfait: number;
  readonly kmRate: number;
}

/** A transport firm: ambulances and VSL (« transports sanitaires ») or a conventioned taxi. */
export interface Transporter {
  readonly pfsNum: string;
  readonly commune: Commune;
  readonly activity: number;
}

/**
 * Patient transport by ambulance, VSL and conventioned taxi (data/transport_parameters.csv, data/sources/64-transport.md):
 * who is transported and how, the firms of each département (the national firms per inhabitant × the département's
 * population, placed in its communes in order of population, the largest taking the first and, cycling, the
 * next ones) and the amount of a trip.
 */
export class Transport {
  readonly modes: ReadonlyMap<TransportModeName, TransportMode>;
  /** Probability that a hospital episode (stay, a person's session series) is transported. */
  readonly episodeProb: number;
  /** Probability that a person on dialysis is transported to and from each session. */
  readonly dialysisProb: number;
  /** Round trips for the outpatient care of an ALD, per ALD held per year by a patient who needs transport. */
  readonly aldRoundTrips: number;
  /** Round trips of a series of outpatient ALD treatments (one an open day). */
  readonly aldSeries: number;
  /** Share of ambulances among the trips other than dialysis. */
  readonly ambulanceShare: number;
  /** Share of VSL among seated trips (the rest by taxi). */
  readonly vslShare: number;
  /** Reimbursement rate outside ALD (fraction). */
  readonly rate: number;
  private readonly kmShape: number;
  private readonly meanKm: number;
  private readonly postcodes = new Map<string, string>();
  private readonly firms = new Map<string, { sanitary: Transporter[]; taxi: Transporter[] }>();
  readonly all: readonly Transporter[];

  constructor(data: DataRegistry, geography: Geography) {
    const mt = data.get('transport_modes.csv');
    const modes = new Map<TransportModeName, TransportMode>();
    for (const r of mt.rows) {
      const name = str(mt, r, 'mode') as TransportModeName;
      if (!TRANSPORT_MODES.includes(name)) throw new DataError(`data/transport_modes.csv: unknown mode ${name} (expected ${TRANSPORT_MODES.join(', ')})`);
      modes.set(name, { name, prsNat: num(mt, r, 'prs_nat'), activity: num(mt, r, 'activity'), forfait: num(mt, r, 'forfait_eur'), kmRate: num(mt, r, 'km_eur') });
    }
    for (const m of TRANSPORT_MODES) if (!modes.has(m)) throw new DataError(`data/transport_modes.csv has no mode ${m}`);
    this.modes = modes;
    const pt = data.get('transport_parameters.csv');
    const p = new Map(pt.rows.map((r) => [str(pt, r, 'name'), num(pt, r, 'value')]));
    const param = (name: string): number => {
      const v = p.get(name);
      if (v === undefined || !Number.isFinite(v) || v < 0) throw new DataError(`data/transport_parameters.csv: ${name} is missing or negative`);
      return v;
    };
    this.episodeProb = param('hospital_episode_prob');
    this.dialysisProb = param('dialysis_session_prob');
    this.aldRoundTrips = param('ald_round_trips_per_dependent_ald_year');
    this.aldSeries = param('ald_series_round_trips');
    if (!Number.isInteger(this.aldSeries) || this.aldSeries < 1) throw new DataError('data/transport_parameters.csv: ald_series_round_trips must be a whole number ≥ 1');
    this.ambulanceShare = param('ambulance_share');
    this.vslShare = param('vsl_share_seated');
    this.rate = param('reimbursement_rate_pct') / 100;
    this.kmShape = param('km_shape');
    this.meanKm = param('mean_km');
    const perInhabitant = { sanitary: param('firms_sanitary_per_inhabitant'), taxi: param('firms_taxi_per_inhabitant') };
    const ambulance = modes.get('ambulance') as TransportMode;
    const taxi = modes.get('taxi') as TransportMode;
    const all: Transporter[] = [];
    // Postcodes of every commune of France: hospitals outside the simulated départements are destinations too.
    for (const [code, postcode] of data.cells('communes.csv.gz', ['code', 'postcode'])) this.postcodes.set(code as string, postcode as string);
    for (const d of geography.departements.values()) {
      const communes = [...d.communes].sort((a, b) => b.population - a.population || (a.code < b.code ? -1 : 1));
      const population = communes.reduce((s, c) => s + c.population, 0);
      let order = TRANSPORTER_ORDER_BASE;
      const place = (count: number, activity: number): Transporter[] =>
        Array.from({ length: Math.max(1, Math.round(count)) }, (_, k) => ({ pfsNum: professionalNumber(d.code, TRANSPORTER_ID_CATEGORY, ++order), commune: communes[k % communes.length] as Commune, activity }));
      const firms = { sanitary: place(population * perInhabitant.sanitary, ambulance.activity), taxi: place(population * perInhabitant.taxi, taxi.activity) };
      this.firms.set(d.code, firms);
      all.push(...firms.sanitary, ...firms.taxi);
    }
    this.all = all;
  }

  /** The mode of a trip: seated (VSL or taxi) for dialysis; otherwise an ambulance with its share. */
  drawMode(dialysis: boolean, rng: RandomStream): TransportMode {
    const name: TransportModeName = !dialysis && rng.chance(this.ambulanceShare) ? 'ambulance' : rng.chance(this.vslShare) ? 'vsl' : 'taxi';
    return this.modes.get(name) as TransportMode;
  }

  /** A firm of the person's département for the mode (ambulances and VSL: a sanitary firm; taxis: a taxi). */
  drawFirm(dept: string, mode: TransportMode, rng: RandomStream): Transporter {
    const f = this.firms.get(dept);
    if (!f) throw new DataError(`no transport firm in département ${dept}`);
    const list = mode.name === 'taxi' ? f.taxi : f.sanitary;
    return list[rng.int(0, list.length - 1)] as Transporter;
  }

  /** The postcode of an INSEE commune, '' when unknown. */
  postcodeOf(commune: string): string {
    return this.postcodes.get(commune) ?? '';
  }

  /** Distance of a trip (km): gamma with the published mean. */
  drawKm(rng: RandomStream): number {
    return rng.gamma(this.kmShape, this.meanKm / this.kmShape);
  }

  /** Amount (€) of a trip of `km` kilometres by `mode`, in cents. */
  amount(mode: TransportMode, km: number): number {
    return Math.round((mode.forfait + mode.kmRate * km) * 100) / 100;
  }
}
