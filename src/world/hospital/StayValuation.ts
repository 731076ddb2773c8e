import { num, str, type DataRegistry } from '../../data';
import { parseIsoDate, type Day } from '../../events';
import { DataError } from '../../errors';

/** IR_GHS_V sectors: 1 public and non-profit hospitals (ex-DG, valued in the PMSI), 2 private clinics (ex-OQN, billed to the DCIR). */
export type GhsSector = 1 | 2;

/** The GHS of a GHM in one tariff campaign and sector (data/ghs_tariffs.csv, from IR_GHS_V). */
export interface GhsTariff {
  /** GHS number (T_MCOaaB.GHS_NUM, T_MCOaaVALO.GHS_NUM). */
  readonly ghs: number;
  /** First day of the campaign. */
  readonly since: Day;
  /** Tariff of the sector, €. */
  readonly tariff: number;
  /** Stays shorter than this many days are below the low bound (0: no bound). */
  readonly lowBound: number;
  /** Days beyond this one are paid as EXH supplements (0: no bound). */
  readonly highBound: number;
  /** EXH supplement per day beyond the high bound, €. */
  readonly exhPerDay: number;
}

/** What the health insurance pays for a stay (one T_MCOaaVALO row). */
export interface StayValue {
  readonly ghs: number;
  /** Days paid as EXH supplements. */
  readonly exhDays: number;
  /** Base of reimbursement of the GHS and of the EXH days, €. */
  readonly ghsBase: number;
  readonly exhBase: number;
  /** Reimbursement rate, % (TAUX2). */
  readonly rate: number;
  /** Participation forfaitaire of a stay with a heavy act, deducted from the insurance's part, €. */
  readonly forfait: number;
  /** The insurance's parts (AM) of the GHS, of the EXH days and of the whole stay, €. */
  readonly ghsAm: number;
  readonly exhAm: number;
  readonly totalAm: number;
}

/** What valuing a stay needs to know of it. */
export interface StayFacts {
  readonly ghm: string;
  /** Tariff sector of the establishment. */
  readonly sector: GhsSector;
  readonly admission: Day;
  /** Nights (0 for same-day stays and sessions). */
  readonly nights: number;
  /** Whether the stay is a session (priced per session, no length of stay). */
  readonly session: boolean;
  /** ALD the stay relates to, 0 when none. */
  readonly ald: number;
  /** Whether the stay has a CCAM act (GHM of a surgical or interventional root, C or K). */
  readonly heavyAct: boolean;
  /** Age in days on admission (newborns' stays). */
  readonly ageDays: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The valuation of MCO stays (data/ghs_tariffs.csv, data/stay_valuation_parameters.csv; data/sources/43-stay-valuation.md),
 * as the PMSI's T_MCOaaVALO gives it for public hospitals and the DCIR bills it for private clinics: the GHS tariff of
 * the establishment's sector and of the campaign in force on the admission day, EXH supplements for each day beyond the
 * high bound, and the insurance's part — 100 % for a stay
 * related to an ALD, reaching the exempt day, of the maternity (CMD 14) or of a newborn (CMD 15 within its first days);
 * else the tariff less the heavy-act forfait for stays with an act, or less the ticket modérateur.
 */
export class StayValuation {
  private readonly byGhm = new Map<string, GhsTariff[]>();
  private readonly ticketModerateur: number;
  /** The rate of a stay outside the exemptions (RGO_THE_TAU of a clinic's lines), fraction. */
  readonly standardRate: number;
  private readonly forfaits: { readonly since: Day; readonly eur: number }[];
  private readonly exemptFromDay: number;
  private readonly maternityRate: number;
  private readonly newbornDays: number;

  constructor(data: DataRegistry) {
    const t = data.get('ghs_tariffs.csv');
    for (const r of t.rows) {
      const since = parseIsoDate(str(t, r, 'since'));
      if (since === undefined) throw new DataError(`data/ghs_tariffs.csv: bad date ${str(t, r, 'since')}`);
      const key = `${num(t, r, 'sector')}|${str(t, r, 'ghm')}`;
      const list = this.byGhm.get(key) ?? [];
      list.push({ ghs: num(t, r, 'ghs'), since, tariff: num(t, r, 'tariff_eur'), lowBound: num(t, r, 'low_bound_days'), highBound: num(t, r, 'high_bound_days'), exhPerDay: num(t, r, 'exh_eur_per_day') });
      this.byGhm.set(key, list);
    }
    for (const list of this.byGhm.values()) list.sort((a, b) => a.since - b.since);
    const p = data.get('stay_valuation_parameters.csv');
    const rows = (name: string): { value: number; since: string }[] => p.rows.filter((r) => str(p, r, 'name') === name).map((r) => ({ value: num(p, r, 'value'), since: str(p, r, 'since') }));
    const one = (name: string): number => {
      const v = rows(name)[0]?.value;
      if (v === undefined || !Number.isFinite(v)) throw new DataError(`data/stay_valuation_parameters.csv: ${name} is missing`);
      return v;
    };
    this.ticketModerateur = one('ticket_moderateur_pct') / 100;
    this.standardRate = 1 - this.ticketModerateur;
    this.exemptFromDay = one('exempt_from_day');
    this.maternityRate = one('maternity_rate_pct');
    this.newbornDays = one('newborn_days');
    this.forfaits = rows('heavy_act_forfait_eur')
      .map((r) => ({ since: r.since === '' ? -Infinity : (parseIsoDate(r.since) ?? NaN), eur: r.value }))
      .sort((a, b) => a.since - b.since);
    if (this.forfaits.length === 0 || this.forfaits.some((f) => Number.isNaN(f.since))) throw new DataError('data/stay_valuation_parameters.csv: heavy_act_forfait_eur is missing or has a bad date');
  }

  /** The GHS tariff of a GHM in a sector in force on a day (the latest campaign begun by then, else the earliest), or undefined when the GHM has no GHS. */
  tariff(ghm: string, day: Day, sector: GhsSector = 1): GhsTariff | undefined {
    const list = this.byGhm.get(`${sector}|${ghm}`);
    if (!list) return undefined;
    let found = list[0];
    for (const t of list) if (t.since <= day) found = t;
    return found;
  }

  /** The valuation of a stay, or undefined when its GHM has no GHS. */
  value(s: StayFacts): StayValue | undefined {
    const t = this.tariff(s.ghm, s.admission, s.sector);
    if (!t) return undefined;
    const exhDays = !s.session && t.highBound > 0 ? Math.max(0, s.nights - t.highBound) : 0;
    const ghsBase = t.tariff;
    const exhBase = round2(exhDays * t.exhPerDay);
    const total = ghsBase + exhBase;
    const cmd = s.ghm.slice(0, 2);
    const exempt = s.ald > 0 || s.nights + 1 >= this.exemptFromDay;
    const maternity = cmd === '14' || (cmd === '15' && s.ageDays <= this.newbornDays);
    let rate = 100;
    let forfait = 0;
    let totalAm = total;
    if (exempt) {
      // Paid in full.
    } else if (maternity) {
      rate = this.maternityRate;
      totalAm = (total * rate) / 100;
    } else if (s.heavyAct) {
      forfait = this.forfaitOn(s.admission);
      totalAm = Math.max(0, total - forfait);
    } else {
      rate = 100 * (1 - this.ticketModerateur);
      totalAm = (total * rate) / 100;
    }
    // The parts of the GHS and of the EXH days in proportion to their bases; the whole is the sum of the parts.
    const share = total > 0 ? totalAm / total : 0;
    const ghsAm = round2(ghsBase * share);
    const exhAm = round2(exhBase * share);
    return { ghs: t.ghs, exhDays, ghsBase, exhBase, rate, forfait, ghsAm, exhAm, totalAm: round2(ghsAm + exhAm) };
  }

  private forfaitOn(day: Day): number {
    let eur = (this.forfaits[0] as { eur: number }).eur;
    for (const f of this.forfaits) if (f.since <= day) eur = f.eur;
    return eur;
  }
}
