import { DataError } from '../errors';
import { num, str, type DataRegistry, type DataTable } from '../data';
import type { RandomStream } from '../random';
import type { Laboratories, LabTest } from './Laboratories';

/** Laboratory visits prescribed at consultations (data/liberal_labs.csv, data/lab_panel.csv). */
export interface LabPrescriptions {
  /** Probability that a GP or specialist consultation prescribes a laboratory visit, at profile 1. */
  readonly share: number;
  /** Relative prescription by sex (index 0 men, 1 women) and 5-year band (0 … 19). */
  readonly profile: readonly [Float64Array, Float64Array];
  /** Département factor: its lab fees per inhabitant ÷ France's (absent: 1). */
  readonly deptFactor: ReadonlyMap<string, number>;
  /** Tests drawn per visit, besides the forfaits. */
  readonly testsPerVisit: number;
  /** The visit takes place 0 … maxDelay days after the consultation, on the lab's weekday profile. */
  readonly maxDelay: number;
  /** Flat-rate items billed on every visit. */
  readonly forfaits: readonly LabTest[];
  /** Tests a visit draws from, equally likely, by sex (index 0 men, 1 women). */
  readonly tests: readonly [readonly LabTest[], readonly LabTest[]];
}

/** The liberal professions simulated as series of sessions (data/liberal_families.csv). */
export const LIBERAL_FAMILIES = ['nurse', 'physiotherapist', 'dentist', 'midwife'] as const;
export type LiberalFamilyName = (typeof LIBERAL_FAMILIES)[number];

/** What one session bills: an NGAP letter key × coefficient, or a CCAM dental act. */
export interface LiberalAct {
  /** IR_NAT_V prestation (PRS_NAT_REF). */
  readonly prsNat: number;
  /** NGAP letter key or CCAM regroupement. */
  readonly letters: string;
  /** CCAM code (dental acts; ER_CAM_F), '' for NGAP acts. */
  readonly ccam: string;
  /** Coefficient of the letter key (PRS_ACT_CFT); 1 for CCAM acts; undefined when not published (midwives' SF sessions). */
  readonly coefficient: number | undefined;
  /** Base (€) of the act: coefficient × letter value, or the CCAM act's mean base. */
  readonly tariff: number;
  /** Overrun billed on top of the base, as a multiple of it (dental prostheses), 0 otherwise. */
  readonly overrun: number;
}

/** One profession: who uses it (episode rate), how much (sessions per episode) and what it bills. */
export interface LiberalFamily {
  readonly name: LiberalFamilyName;
  /** IR_SPE_V specialty of the executants (PSE_SPE_COD). */
  readonly specialty: number;
  /** Reimbursement rate outside ALD (fraction). */
  readonly rate: number;
  /** Episodes per person-year at profile 1 and département factor 1. */
  readonly episodeRate: number;
  /** Mean sessions of an episode (1 + geometric). */
  readonly sessions: number;
  /** Days between two sessions of an episode. */
  readonly interval: number;
  /** Whether sessions take place every day (home nursing) or only on the days specialists' practices open. */
  readonly everyDay: boolean;
  /** Probability that a session carries a travel allowance line, its prestation and amount. */
  readonly travelShare: number;
  readonly travelPrsNat: number;
  readonly travelTariff: number;
  readonly acts: readonly LiberalAct[];
  readonly cumulative: Float64Array;
  /** Relative use by sex (index 0 men, 1 women) and 5-year band (0 … 19). */
  readonly profile: readonly [Float64Array, Float64Array];
  readonly deptFactor: ReadonlyMap<string, number>;
}

/**
 * Nurses, physiotherapists and dentists in private practice (data/sources/63-liberal-care.md): for each
 * family, care comes in episodes (a series of sessions a few days apart) arriving at a Poisson rate by sex,
 * age and département, solved at data-build time so that the users' share and the sessions per
 * person-year are the published ones.
 */
export class LiberalCare {
  readonly families: readonly LiberalFamily[];
  readonly labs: LabPrescriptions;

  constructor(data: DataRegistry, laboratories: Laboratories) {
    this.labs = readLabPrescriptions(data, laboratories);
    const pt = data.get('liberal_profiles.csv');
    const ft = data.get('liberal_families.csv');
    const dt = data.get('liberal_depts.csv');
    const at = data.get('liberal_acts.csv');
    const families: LiberalFamily[] = [];
    for (const r of ft.rows) {
      const name = str(ft, r, 'family');
      if (!(LIBERAL_FAMILIES as readonly string[]).includes(name)) throw new DataError(`data/liberal_families.csv: unknown family "${name}" (expected ${LIBERAL_FAMILIES.join(', ')})`);
      const profile = readProfile(pt, name);
      const deptFactor = new Map<string, number>();
      for (const d of dt.rows) if (str(dt, d, 'family') === name) deptFactor.set(str(dt, d, 'dept'), num(dt, d, 'factor'));
      const acts: LiberalAct[] = [];
      const shares: number[] = [];
      for (const a of at.rows) {
        if (str(at, a, 'family') !== name) continue;
        acts.push({ prsNat: num(at, a, 'prs_nat'), letters: str(at, a, 'letters'), ccam: str(at, a, 'act'), coefficient: str(at, a, 'coefficient') === '' ? undefined : num(at, a, 'coefficient'), tariff: num(at, a, 'tariff'), overrun: num(at, a, 'overrun_ratio') });
        shares.push(num(at, a, 'share'));
      }
      if (acts.length === 0) throw new DataError(`data/liberal_acts.csv has no act for ${name}`);
      const cumulative = new Float64Array(shares.length);
      let s = 0;
      shares.forEach((x, i) => (cumulative[i] = s += x));
      const days = str(ft, r, 'days');
      if (days !== 'every_day' && days !== 'open_days') throw new DataError(`data/liberal_families.csv: ${name}: days must be every_day or open_days, got "${days}"`);
      const sessions = num(ft, r, 'sessions_per_episode');
      if (!(sessions >= 1)) throw new DataError(`data/liberal_families.csv: ${name}: sessions_per_episode must be ≥ 1`);
      families.push({
        name: name as LiberalFamilyName,
        specialty: num(ft, r, 'spe_code'),
        rate: num(ft, r, 'rate_pct') / 100,
        episodeRate: num(ft, r, 'episode_rate'),
        sessions,
        interval: num(ft, r, 'interval_days'),
        everyDay: days === 'every_day',
        travelShare: num(ft, r, 'travel_share'),
        travelPrsNat: num(ft, r, 'travel_prs_nat'),
        travelTariff: num(ft, r, 'travel_tariff'),
        acts,
        cumulative,
        profile,
        deptFactor,
      });
    }
    this.families = families;
  }

  /** Episodes per year of a person of that sex, age and département (before the care propensity). */
  episodeRate(f: LiberalFamily, sex: 1 | 2, age: number, dept: string): number {
    if (age < 0) return 0;
    const band = Math.min(19, Math.floor(age / 5));
    return f.episodeRate * ((f.profile[sex - 1] as Float64Array)[band] as number) * (f.deptFactor.get(dept) ?? 1);
  }

  /** Probability that a consultation of a person of that sex and age prescribes a laboratory visit. */
  labShare(sex: 1 | 2, age: number, dept: string): number {
    const band = Math.min(19, Math.max(0, Math.floor(age / 5)));
    return Math.min(1, this.labs.share * ((this.labs.profile[sex - 1] as Float64Array)[band] as number) * (this.labs.deptFactor.get(dept) ?? 1));
  }

  /** The act a session bills, in proportion to the published volumes. */
  pickAct(f: LiberalFamily, rng: RandomStream): LiberalAct {
    return f.acts[rng.pickCumulative(f.cumulative)] as LiberalAct;
  }
}

/** The 40 rows (2 sexes × 20 five-year bands) of a family's profile in liberal_profiles.csv. */
function readProfile(pt: DataTable, name: string): [Float64Array, Float64Array] {
  const profile: [Float64Array, Float64Array] = [new Float64Array(20), new Float64Array(20)];
  let seen = 0;
  for (const p of pt.rows) {
    if (str(pt, p, 'family') !== name) continue;
    const sex = num(pt, p, 'sex');
    const band = num(pt, p, 'age_min') / 5;
    if ((sex !== 1 && sex !== 2) || !Number.isInteger(band) || band < 0 || band > 19) throw new DataError(`data/liberal_profiles.csv: bad row for ${name}`);
    (profile[sex - 1] as Float64Array)[band] = num(pt, p, 'profile');
    seen += 1;
  }
  if (seen !== 40) throw new DataError(`data/liberal_profiles.csv: ${name} needs 40 rows (2 sexes × 20 bands), found ${seen}`);
  return profile;
}

function readLabPrescriptions(data: DataRegistry, laboratories: Laboratories): LabPrescriptions {
  const pt = data.get('liberal_labs.csv');
  const param = (name: string): number => {
    const row = pt.rows.find((r) => str(pt, r, 'name') === name);
    if (!row) throw new DataError(`data/liberal_labs.csv has no parameter ${name}`);
    return num(pt, row, 'value');
  };
  const share = param('prescription_share');
  if (!(share >= 0 && share <= 1)) throw new DataError(`data/liberal_labs.csv: prescription_share must be a share between 0 and 1, got ${share}`);
  const tt = data.get('lab_panel.csv');
  const forfaits: LabTest[] = [];
  const tests: [LabTest[], LabTest[]] = [[], []];
  for (const r of tt.rows) {
    const code = num(tt, r, 'nabm');
    const test = laboratories.test(code);
    if (!test) throw new DataError(`data/lab_panel.csv: NABM test ${code} is not in IR_BIO_R`);
    const role = str(tt, r, 'role');
    const sex = num(tt, r, 'sex');
    if (role === 'forfait') forfaits.push(test);
    else if (role === 'test') {
      if (sex !== 2) tests[0].push(test);
      if (sex !== 1) tests[1].push(test);
    } else throw new DataError(`data/lab_panel.csv: role of ${code} must be forfait or test, got "${role}"`);
  }
  const testsPerVisit = param('tests_per_visit');
  if (tests[0].length < testsPerVisit || tests[1].length < testsPerVisit) throw new DataError(`data/lab_panel.csv: fewer tests than tests_per_visit (${testsPerVisit}) for a sex`);
  const dt = data.get('liberal_depts.csv');
  const deptFactor = new Map<string, number>();
  for (const d of dt.rows) if (str(dt, d, 'family') === 'laboratory') deptFactor.set(str(dt, d, 'dept'), num(dt, d, 'factor'));
  return { share, profile: readProfile(data.get('liberal_profiles.csv'), 'laboratory'), deptFactor, testsPerVisit, maxDelay: param('max_delay_days'), forfaits, tests };
}
