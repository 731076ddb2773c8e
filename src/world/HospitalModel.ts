import { DataError } from '../errors';
import { hashString, type RandomStream } from '../random';
import { num, str, type DataTable } from '../data';
import type { World } from './World';

/** A health establishment with MCO activity (BE_IDE_R row, T_MCOyyE row). */
export interface Establishment {
  /** FINESS géographique (9 characters, the last one is the check digit). */
  readonly finess: string;
  /** FINESS juridique (legal entity). */
  readonly finessEj: string;
  readonly name: string;
  readonly dept: string;
  /** INSEE commune code. */
  readonly commune: string;
  /** INSEE region (2016 regions) of its département. */
  readonly region: string;
  /** FINESS category code (e.g. 355 centre hospitalier, 101 CHR/CHU). */
  readonly category: string;
  readonly status: 'public' | 'private non-profit' | 'private for-profit';
}

/** A CCAM act drawn for a stay (day chosen by the caller). */
export interface DrawnAct {
  readonly code: string;
  readonly phase: number;
}

/** Kinds of session series (type 2 stays), by main diagnosis. */
export interface SessionKind {
  readonly name: string;
  /** Sessions per series. */
  readonly sessions: number;
  /** Days between consecutive sessions, repeated cyclically. */
  readonly intervals: readonly number[];
  /** Main-diagnosis prefixes (ICD-10 without dot) of this kind. */
  readonly prefixes: readonly string[];
}

/**
 * Session series (type 2). Sessions are concentrated on few patients, but no open table gives sessions
 * per patient: these series are a modelling choice (data/sources/40-hospital.md, "Modelling choices").
 * Dialysis: 3 sessions a week (intervals 2, 2, 3 days) for a year; chemotherapy: 6 cycles 21 days apart;
 * other sessions (transfusion, radiotherapy…): isolated sessions.
 */
export const SESSION_KINDS: readonly SessionKind[] = [
  { name: 'dialysis', sessions: 156, intervals: [2, 2, 3], prefixes: ['Z49'] },
  { name: 'chemotherapy', sessions: 6, intervals: [21], prefixes: ['Z511', 'Z512'] },
  { name: 'other', sessions: 1, intervals: [1], prefixes: [''] },
];

/**
 * Share of stays of a person made in an establishment of the region outside the home département
 * (the rest in the home département). Modelling choice: no open table of patient flows between
 * départements is held (data/sources/40-hospital.md).
 */
export const STAY_SHARE_OUTSIDE_DEPT = 0.1;

/**
 * Mean number of associated diagnoses drawn (Poisson) for a full-hospitalisation stay, besides the
 * person's ALD codes. Modelling choice: no published mean number of DAS per stay is held.
 */
export const EXTRA_DAS_MEAN_FULL_STAY = 1;

/** Oldest age of the rate tables (older persons use it). */
const MAX_AGE = 120;
const AGES = MAX_AGE + 1;
const TYPES = 3;

/** Main diagnoses of one stay type: codes and cumulative weights per (sex, age class). */
interface DiagnosisTable {
  readonly codes: readonly string[];
  /** First age of each age class, ascending (class c covers [ageStart[c], ageStart[c+1])). */
  readonly ageStart: readonly number[];
  /** [(sex − 1) × classes + class] → cumulative weights over `codes` (0 weight when not allowed). */
  readonly cumulative: readonly Float64Array[];
}

/** CCAM acts of one INSEE region: pools for stays with nights and 0-night stays. */
interface ActPool {
  readonly acts: readonly DrawnAct[];
  /** Cumulative stays with the act and at least one night. */
  readonly nights: Float64Array;
  /** Cumulative 0-night stays with the act. */
  readonly zeroNight: Float64Array;
  /** Mean distinct acts per stay with nights (type 0) and per 0-night stay or session (types 1, 2). */
  readonly meanNights: number;
  readonly meanZeroNight: number;
}

/** Establishments a person of a département is sent to, for one stay type. */
interface EstablishmentChoice {
  readonly inDept: readonly Establishment[];
  readonly inDeptCum: Float64Array;
  readonly elsewhere: readonly Establishment[];
  readonly elsewhereCum: Float64Array;
}

/** A GHM root (5 characters) of a CMD with its available suffixes, for full-hospitalisation stays. */
interface GhmRoot {
  readonly root: string;
  /** GHM type letter: C surgical, K technical act, M medical, Z undifferentiated. */
  readonly kind: string;
  readonly suffixes: readonly string[];
  readonly ageMin: number;
  readonly ageMax: number;
}

/**
 * CMD (catégorie majeure de diagnostic) of a main diagnosis: first matching ICD-10 range (codes
 * compared on their first 3 or 4 characters). Our rule, from the ICD-10 chapter and block titles read
 * against the CMD titles (IR_CMD_V / MS_GM9_V labels); the ATIH grouping tables are not open data.
 */
const CMD_OF_ICD10: readonly (readonly [string, string, number])[] = [
  ['B20', 'B24', 25],
  ['A00', 'B99', 18],
  ['C00', 'C14', 3],
  ['C15', 'C21', 6],
  ['C22', 'C25', 7],
  ['C26', 'C26', 6],
  ['C30', 'C32', 3],
  ['C33', 'C39', 4],
  ['C40', 'C41', 8],
  ['C43', 'C44', 9],
  ['C45', 'C45', 4],
  ['C46', 'C49', 8],
  ['C50', 'C50', 9],
  ['C51', 'C58', 13],
  ['C60', 'C63', 12],
  ['C64', 'C68', 11],
  ['C69', 'C69', 2],
  ['C70', 'C72', 1],
  ['C73', 'C75', 10],
  ['C76', 'C97', 17],
  ['D00', 'D01', 6],
  ['D02', 'D02', 4],
  ['D03', 'D05', 9],
  ['D074', 'D076', 12],
  ['D06', 'D07', 13],
  ['D09', 'D09', 23],
  ['D10', 'D11', 3],
  ['D12', 'D13', 6],
  ['D14', 'D15', 4],
  ['D16', 'D16', 8],
  ['D17', 'D24', 9],
  ['D25', 'D28', 13],
  ['D29', 'D29', 12],
  ['D30', 'D30', 11],
  ['D31', 'D31', 2],
  ['D32', 'D33', 1],
  ['D34', 'D35', 10],
  ['D36', 'D36', 23],
  ['D37', 'D37', 6],
  ['D38', 'D38', 4],
  ['D39', 'D39', 13],
  ['D40', 'D40', 12],
  ['D41', 'D41', 11],
  ['D42', 'D43', 1],
  ['D44', 'D44', 10],
  ['D45', 'D47', 17],
  ['D48', 'D48', 9],
  ['D50', 'D89', 16],
  ['E00', 'E90', 10],
  ['F10', 'F19', 20],
  ['F00', 'F99', 19],
  ['G00', 'G99', 1],
  ['H00', 'H59', 2],
  ['H60', 'H95', 3],
  ['I60', 'I69', 1],
  ['I00', 'I99', 5],
  ['J00', 'J06', 3],
  ['J30', 'J39', 3],
  ['J00', 'J99', 4],
  ['K00', 'K14', 3],
  ['K70', 'K87', 7],
  ['K00', 'K93', 6],
  ['L00', 'L99', 9],
  ['M00', 'M99', 8],
  ['N00', 'N39', 11],
  ['N40', 'N51', 12],
  ['N60', 'N65', 9],
  ['N70', 'N98', 13],
  ['N99', 'N99', 11],
  ['O00', 'O99', 14],
  ['P00', 'P96', 15],
  ['Q00', 'Q07', 1],
  ['Q10', 'Q15', 2],
  ['Q16', 'Q18', 3],
  ['Q20', 'Q28', 5],
  ['Q30', 'Q34', 4],
  ['Q35', 'Q45', 6],
  ['Q50', 'Q52', 13],
  ['Q53', 'Q55', 12],
  ['Q60', 'Q64', 11],
  ['Q65', 'Q79', 8],
  ['Q80', 'Q85', 9],
  ['S06', 'S06', 1],
  ['S00', 'S99', 8],
  ['T20', 'T32', 22],
  ['T00', 'T98', 21],
];

/** CMD of an ICD-10 main diagnosis (23 "other reasons" when no range matches: R, U, Z, Q86-Q99 …). */
export function cmdOfDiagnosis(cim: string): number {
  for (const [from, to, cmd] of CMD_OF_ICD10) {
    const c = cim.slice(0, from.length);
    if (c >= from && c <= to) return cmd;
  }
  return 23;
}

/** Session GHM (CMD 28) of a session main diagnosis, found by the GHM label: our rule. */
const SESSION_GHM_LABEL: readonly (readonly [string, RegExp])[] = [
  ['Z49', /^Hémodialyse, en séances/],
  ['Z510', /^Autres techniques d'irradiation externe, en séances/],
  ['Z511', /^Chimiothérapie pour tumeur, en séances/],
  ['Z512', /^Chimiothérapie pour tumeur, en séances/],
  ['Z513', /^Transfusion, en séances/],
];

function cumulate(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (out[i] = s += w));
  return out;
}

function total(cum: Float64Array): number {
  return cum.length === 0 ? 0 : (cum[cum.length - 1] as number);
}

function optionalNum(t: DataTable, r: Record<string, string>, col: string): number {
  return (r[col] ?? '') === '' ? 0 : num(t, r, col);
}

/**
 * Hospital stays (PMSI MCO): stay rates and mean lengths of stay by ScanSanté region × type × sex × age,
 * main diagnoses by type restricted by sex and age, CCAM acts by region, GHM, and the establishments of
 * the simulated départements' regions. Every lookup is precomputed here; per-stay work is array
 * indexing and binary searches.
 */
export class HospitalModel {
  /** Establishments of the regions of the simulated départements, sorted by FINESS (BE_IDE_R, T_MCOyyE). */
  readonly establishments: readonly Establishment[];
  /** dept → rates per year [(type × 2 + sex − 1) × AGES + age]. */
  private readonly rates = new Map<string, Float64Array>();
  /** dept → mean length of full-hospitalisation stays [(sex − 1) × AGES + age]. */
  private readonly meanLos = new Map<string, Float64Array>();
  private readonly diagnoses: readonly DiagnosisTable[];
  /** INSEE region → CCAM act pool. */
  private readonly actPools = new Map<string, ActPool>();
  /** INSEE region of each simulated département. */
  private readonly inseeRegion = new Map<string, string>();
  /** `${dept}|${type}` → establishment choice. */
  private readonly choices = new Map<string, EstablishmentChoice>();
  /** Session kinds: share of sessions of each kind (by main-diagnosis weight) and its diagnoses. */
  private readonly sessionKinds: { readonly kind: SessionKind; readonly share: number; readonly codes: readonly string[]; readonly cum: Float64Array }[];
  /** Sum over kinds of share / sessions: series per session. */
  readonly seriesPerSession: number;
  private readonly sessionKindCum: Float64Array;
  /** Days from the first to the last session of the longest series. */
  readonly longestSeriesDays: number;
  /** CMD → GHM roots for full-hospitalisation stays. */
  private readonly ghmRoots = new Map<number, GhmRoot[]>();
  /** CMD → short-stay GHM (CMD 24) with and without an operative act. */
  private readonly shortStayGhm = new Map<number, { with: string; without: string }>();
  /** Session main-diagnosis prefix → CMD 28 GHM. */
  private readonly sessionGhm: { readonly prefix: string; readonly ghm: string }[] = [];

  constructor(readonly world: World) {
    const depts = world.config.regions;
    const rd = world.data.get('mco_region_of_dept.csv');
    const scanRegionOf = new Map<string, string>();
    for (const r of rd.rows) scanRegionOf.set(str(rd, r, 'dept'), str(rd, r, 'region'));
    const dt = world.data.get('departements.csv');
    const inseeOfDept = new Map<string, string>();
    for (const r of dt.rows) inseeOfDept.set(str(dt, r, 'code'), str(dt, r, 'region'));
    for (const d of depts) {
      if (!scanRegionOf.has(d)) throw new DataError(`data/mco_region_of_dept.csv has no region for département ${d}`);
      this.inseeRegion.set(d, inseeOfDept.get(d) ?? '');
    }

    this.buildRates(depts, scanRegionOf);
    this.diagnoses = this.buildDiagnoses();
    this.buildActs(depts, scanRegionOf, inseeOfDept);
    this.establishments = this.buildEstablishments(depts, scanRegionOf, inseeOfDept);

    // Session kinds: their share of the session main-diagnosis weights (type 2, no restriction).
    const st = world.data.get('mco_diagnoses.csv.gz');
    const kinds = SESSION_KINDS.map((kind) => ({ kind, codes: [] as string[], weights: [] as number[] }));
    for (const r of st.rows) {
      if (str(st, r, 'type') !== '2') continue;
      const cim = str(st, r, 'cim');
      const k = kinds.find((x) => x.kind.prefixes.some((p) => cim.startsWith(p))) as (typeof kinds)[number];
      k.codes.push(cim);
      k.weights.push(num(st, r, 'weight'));
    }
    const all = kinds.reduce((s, k) => s + k.weights.reduce((a, b) => a + b, 0), 0);
    if (all <= 0) throw new DataError('data/mco_diagnoses.csv.gz has no session (type 2) diagnosis');
    this.sessionKinds = kinds.map((k) => ({ kind: k.kind, share: k.weights.reduce((a, b) => a + b, 0) / all, codes: k.codes, cum: cumulate(k.weights) }));
    this.seriesPerSession = this.sessionKinds.reduce((s, k) => s + k.share / k.kind.sessions, 0);
    this.sessionKindCum = cumulate(this.sessionKinds.map((k) => k.share / k.kind.sessions));
    let longest = 0;
    for (const k of SESSION_KINDS) {
      let span = 0;
      for (let i = 0; i + 1 < k.sessions; i++) span += k.intervals[i % k.intervals.length] as number;
      longest = Math.max(longest, span);
    }
    this.longestSeriesDays = longest;

    this.buildGhm();
  }

  private buildRates(depts: readonly string[], scanRegionOf: ReadonlyMap<string, string>): void {
    const t = this.world.data.get('mco_stay_rates.csv');
    for (const d of depts) {
      const region = scanRegionOf.get(d) as string;
      const rates = new Float64Array(TYPES * 2 * AGES);
      const los = new Float64Array(2 * AGES);
      let found = 0;
      for (const r of t.rows) {
        if (str(t, r, 'region') !== region) continue;
        found += 1;
        const type = num(t, r, 'type');
        const sex = num(t, r, 'sex');
        const lo = num(t, r, 'age_min');
        const hi = Math.min(MAX_AGE, num(t, r, 'age_max'));
        const rate = num(t, r, 'rate');
        const meanLos = num(t, r, 'mean_los');
        for (let a = lo; a <= hi; a++) {
          rates[(type * 2 + sex - 1) * AGES + a] = rate;
          if (type === 0) los[(sex - 1) * AGES + a] = meanLos;
        }
      }
      if (found === 0) throw new DataError(`data/mco_stay_rates.csv has no row for region ${region} (département ${d})`);
      this.rates.set(d, rates);
      this.meanLos.set(d, los);
    }
  }

  private buildDiagnoses(): DiagnosisTable[] {
    const t = this.world.data.get('mco_diagnoses.csv.gz');
    const out: DiagnosisTable[] = [];
    for (let type = 0; type < TYPES; type++) {
      const rows = t.rows.filter((r) => num(t, r, 'type') === type);
      if (rows.length === 0) throw new DataError(`data/mco_diagnoses.csv.gz has no diagnosis of type ${type}`);
      // Age classes between the distinct bounds of the restrictions: within a class the allowed codes are the same.
      const bounds = new Set<number>([0]);
      for (const r of rows) {
        bounds.add(num(t, r, 'age_min'));
        if (num(t, r, 'age_max') + 1 <= MAX_AGE) bounds.add(num(t, r, 'age_max') + 1);
      }
      const ageStart = [...bounds].filter((a) => a <= MAX_AGE).sort((a, b) => a - b);
      const codes = rows.map((r) => str(t, r, 'cim'));
      const cumulative: Float64Array[] = [];
      for (const sex of [1, 2]) {
        for (const a of ageStart) {
          const w = rows.map((r) => {
            const s = num(t, r, 'sex');
            const ok = (s === 0 || s === sex) && num(t, r, 'age_min') <= a && a <= num(t, r, 'age_max');
            return ok ? num(t, r, 'weight') : 0;
          });
          cumulative.push(cumulate(w));
        }
      }
      out.push({ codes, ageStart, cumulative });
    }
    return out;
  }

  private buildActs(depts: readonly string[], scanRegionOf: ReadonlyMap<string, string>, inseeOfDept: ReadonlyMap<string, string>): void {
    const wanted = new Set(depts.map((d) => inseeOfDept.get(d) ?? ''));
    // Stays of each INSEE region (2016 ScanSanté counts, summed over its départements' ScanSanté regions).
    const st = this.world.data.get('mco_stay_rates.csv');
    const t = this.world.data.get('mco_acts.csv.gz');
    for (const region of wanted) {
      const scanRegions = new Set<string>();
      for (const [d, r] of scanRegionOf) if (inseeOfDept.get(d) === region) scanRegions.add(r);
      let nights = 0;
      let zero = 0;
      for (const r of st.rows) {
        if (!scanRegions.has(str(st, r, 'region'))) continue;
        if (num(st, r, 'type') === 0) nights += num(st, r, 'stays');
        else zero += num(st, r, 'stays');
      }
      const acts: DrawnAct[] = [];
      const wNights: number[] = [];
      const wZero: number[] = [];
      for (const r of t.rows) {
        if (str(t, r, 'region') !== region) continue;
        const stays = num(t, r, 'stays');
        const z = Math.min(stays, optionalNum(t, r, 'zero_night_stays'));
        acts.push({ code: str(t, r, 'act'), phase: num(t, r, 'phase') });
        wNights.push(stays - z);
        wZero.push(z);
      }
      const nCum = cumulate(wNights);
      const zCum = cumulate(wZero);
      this.actPools.set(region, {
        acts,
        nights: nCum,
        zeroNight: zCum,
        meanNights: nights > 0 ? total(nCum) / nights : 0,
        meanZeroNight: zero > 0 ? total(zCum) / zero : 0,
      });
    }
  }

  private buildEstablishments(depts: readonly string[], scanRegionOf: ReadonlyMap<string, string>, inseeOfDept: ReadonlyMap<string, string>): Establishment[] {
    const t = this.world.data.get('establishments.csv');
    const regions = new Set(depts.map((d) => scanRegionOf.get(d) as string));
    const all: { e: Establishment; weights: [number, number, number] }[] = [];
    for (const r of t.rows) {
      const dept = str(t, r, 'dept');
      if (!regions.has(scanRegionOf.get(dept) ?? '')) continue;
      const status = str(t, r, 'status');
      if (status !== 'public' && status !== 'private non-profit' && status !== 'private for-profit') throw new DataError(`data/establishments.csv: unknown status ${status}`);
      const full = num(t, r, 'mco_full_stays');
      const zero = num(t, r, 'mco_zero_night_stays');
      all.push({
        e: {
          finess: str(t, r, 'finess'),
          finessEj: str(t, r, 'finess_ej'),
          name: str(t, r, 'name'),
          dept,
          commune: str(t, r, 'commune'),
          region: inseeOfDept.get(dept) ?? '',
          category: str(t, r, 'category'),
          status,
        },
        // Type 0: full-hospitalisation stays; type 1: full + 0-day stays (day-case counts are not in the SAE table); type 2: sessions.
        weights: [full, full + zero, num(t, r, 'mco_sessions')],
      });
    }
    all.sort((a, b) => (a.e.finess < b.e.finess ? -1 : a.e.finess > b.e.finess ? 1 : 0));
    for (const d of depts) {
      const region = scanRegionOf.get(d) as string;
      for (let type = 0; type < TYPES; type++) {
        const inDept = all.filter((x) => x.e.dept === d && x.weights[type]! > 0);
        const elsewhere = all.filter((x) => x.e.dept !== d && scanRegionOf.get(x.e.dept) === region && x.weights[type]! > 0);
        if (inDept.length === 0 && elsewhere.length === 0) throw new DataError(`data/establishments.csv: no establishment with stays of type ${type} in the region of département ${d}`);
        this.choices.set(`${d}|${type}`, {
          inDept: inDept.map((x) => x.e),
          inDeptCum: cumulate(inDept.map((x) => x.weights[type]!)),
          elsewhere: elsewhere.map((x) => x.e),
          elsewhereCum: cumulate(elsewhere.map((x) => x.weights[type]!)),
        });
      }
    }
    return all.map((x) => x.e);
  }

  private buildGhm(): void {
    const t = this.world.data.get('ghm.csv');
    const roots = new Map<string, { kind: string; cmd: number; suffixes: string[]; label: string }>();
    for (const r of t.rows) {
      const ghm = str(t, r, 'ghm');
      const cmd = num(t, r, 'cmd');
      const label = str(t, r, 'label');
      if (label.startsWith('***')) continue; // GHM flagged as closed in MS_GM9_V
      if (cmd === 24) {
        const m = /CMD (\d\d)/.exec(label);
        if (m && /^Affections de la CMD|^Motifs de recours de la CMD|^Autres motifs de recours de la CMD/.test(label)) {
          const c = Number(m[1]);
          const entry = this.shortStayGhm.get(c) ?? { with: '', without: '' };
          if (/avec (autre )?acte opératoire/.test(label)) entry.with = ghm;
          else entry.without = ghm;
          this.shortStayGhm.set(c, entry);
        }
        continue;
      }
      if (cmd === 28) {
        for (const [prefix, re] of SESSION_GHM_LABEL) if (re.test(label)) this.sessionGhm.push({ prefix, ghm });
        continue;
      }
      if (cmd === 90 || /décès/i.test(label)) continue;
      const key = ghm.slice(0, 5);
      const root = roots.get(key) ?? { kind: ghm[2] as string, cmd, suffixes: [], label };
      root.suffixes.push(ghm[5] as string);
      roots.set(key, root);
    }
    for (const [key, r] of [...roots].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const suffixes = r.suffixes.filter((s) => s !== 'S').sort();
      if (suffixes.length === 0) continue;
      const below = /âge inférieur à (\d+) ans/.exec(r.label);
      const above = /âge supérieur à (\d+) ans/.exec(r.label);
      const list = this.ghmRoots.get(r.cmd) ?? [];
      list.push({ root: key, kind: r.kind, suffixes, ageMin: above ? Number(above[1]) + 1 : 0, ageMax: below ? Number(below[1]) - 1 : MAX_AGE });
      this.ghmRoots.set(r.cmd, list);
    }
  }

  /** Stays per person-year of a type (0 full, 1 same-day, 2 sessions) for a resident of `dept`. */
  rate(type: 0 | 1 | 2, sex: 1 | 2, age: number, dept: string): number {
    const a = Math.min(MAX_AGE, Math.max(0, age));
    return (this.rates.get(dept) as Float64Array)[(type * 2 + sex - 1) * AGES + a] as number;
  }

  /**
   * Length (nights) of a full-hospitalisation stay: 1 + a geometric number of extra nights, so that every
   * full stay has at least one night and the mean is the published mean LOS of the sex, age and region.
   */
  drawLos(sex: 1 | 2, age: number, dept: string, rng: RandomStream): number {
    const m = (this.meanLos.get(dept) as Float64Array)[(sex - 1) * AGES + Math.min(MAX_AGE, Math.max(0, age))] as number;
    if (m <= 1) return 1;
    const q = 1 - 1 / m;
    return 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(q));
  }

  /** Main diagnosis of a stay of this type, among the codes allowed for the sex and age, by national weight. */
  drawDiagnosis(type: 0 | 1 | 2, sex: 1 | 2, age: number, rng: RandomStream): string {
    const t = this.diagnoses[type] as DiagnosisTable;
    const a = Math.min(MAX_AGE, Math.max(0, age));
    let c = 0;
    while (c + 1 < t.ageStart.length && (t.ageStart[c + 1] as number) <= a) c += 1;
    const cum = t.cumulative[(sex - 1) * t.ageStart.length + c] as Float64Array;
    return t.codes[rng.pickCumulative(cum)] as string;
  }

  /** Kind of a new session series, drawn in proportion to series (sessions share / sessions per series). */
  drawSessionKind(rng: RandomStream): number {
    return rng.pickCumulative(this.sessionKindCum);
  }

  /** The session kind of index k. */
  sessionKind(k: number): SessionKind {
    return (this.sessionKinds[k] as (typeof this.sessionKinds)[number]).kind;
  }

  /** Main diagnosis of a session series of kind k. */
  drawSessionDiagnosis(k: number, rng: RandomStream): string {
    const s = this.sessionKinds[k] as (typeof this.sessionKinds)[number];
    return s.codes[rng.pickCumulative(s.cum)] as string;
  }

  /**
   * Establishment of a stay of a resident of `dept`: with STAY_SHARE_OUTSIDE_DEPT one of the region
   * outside the département, else one of the département, each in proportion to its SAE activity of the
   * stay's type (communes have no coordinates, so distance enters only through this split).
   */
  drawEstablishment(dept: string, type: 0 | 1 | 2, rng: RandomStream): Establishment {
    const c = this.choices.get(`${dept}|${type}`) as EstablishmentChoice;
    const outside = c.inDept.length === 0 || (c.elsewhere.length > 0 && rng.chance(STAY_SHARE_OUTSIDE_DEPT));
    return outside ? (c.elsewhere[rng.pickCumulative(c.elsewhereCum)] as Establishment) : (c.inDept[rng.pickCumulative(c.inDeptCum)] as Establishment);
  }

  /**
   * CCAM acts of a stay of a resident of `dept`: a Poisson number with the regional mean of distinct acts
   * per stay (ATIH Open CCAM stays with the act / ScanSanté stays), drawn by their number of stays with
   * nights (full stays) or of 0-night stays (same-day stays and sessions); no act twice in a stay.
   */
  drawActs(dept: string, withNights: boolean, rng: RandomStream): DrawnAct[] {
    const pool = this.actPools.get(this.inseeRegion.get(dept) ?? '');
    if (!pool) return [];
    const cum = withNights ? pool.nights : pool.zeroNight;
    if (total(cum) <= 0) return [];
    const n = rng.poisson(withNights ? pool.meanNights : pool.meanZeroNight);
    const out: DrawnAct[] = [];
    for (let i = 0; i < n; i++) {
      const act = pool.acts[rng.pickCumulative(cum)] as DrawnAct;
      if (!out.includes(act)) out.push(act);
    }
    return out;
  }

  /** Associated diagnoses drawn for a full stay (besides the person's ALD codes), distinct from `exclude`. */
  drawExtraDas(sex: 1 | 2, age: number, exclude: readonly string[], rng: RandomStream): string[] {
    const n = rng.poisson(EXTRA_DAS_MEAN_FULL_STAY);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = this.drawDiagnosis(0, sex, age, rng);
      if (!exclude.includes(c) && !out.includes(c)) out.push(c);
    }
    return out;
  }

  /**
   * GHM of a stay, coherent with the CMD of its main diagnosis (cmdOfDiagnosis), as far as MS_GM9_V allows:
   *  - sessions: the CMD 28 GHM of the session diagnosis (dialysis, chemotherapy, transfusion, radiotherapy);
   *  - same-day stays: the CMD 24 "Affections de la CMD nn : séjours de moins de 2 jours" GHM, with or
   *    without an operative act according to whether the stay has acts;
   *  - full stays: a GHM root of the CMD allowed for the age (label "âge inférieur/supérieur à n ans"),
   *    any root when the stay has acts, a medical one otherwise (when the CMD has such roots),
   *    chosen by a hash of the main diagnosis (the same diagnosis always gives the same root); suffix W
   *    ("avec CMA") when the stay has associated diagnoses, V otherwise, Z for undivided roots, and the
   *    A…D severity letter of CMD 14/15/25 rising with the number of associated diagnoses.
   * Returns '' when no GHM fits (e.g. no root for the age).
   */
  ghm(dp: string, type: 0 | 1 | 2, age: number, nDas: number, hasActs: boolean): string {
    if (type === 2) return this.sessionGhm.find((s) => dp.startsWith(s.prefix))?.ghm ?? '';
    const cmd = cmdOfDiagnosis(dp);
    if (type === 1) {
      const s = this.shortStayGhm.get(cmd);
      if (!s) return '';
      return hasActs ? s.with || s.without : s.without || s.with;
    }
    const roots = (this.ghmRoots.get(cmd) ?? []).filter((r) => r.ageMin <= age && age <= r.ageMax);
    if (roots.length === 0) return '';
    // Acts are drawn independently of the diagnosis, so a stay with acts may fall in any root of the CMD
    // (surgical, technical or medical); a stay without act only in a medical one when the CMD has some.
    const medical = roots.filter((r) => r.kind !== 'C' && r.kind !== 'K');
    const pool = hasActs || medical.length === 0 ? roots : medical;
    const root = pool[hashString(dp) % pool.length] as GhmRoot;
    const sx = root.suffixes;
    let suffix: string;
    if (sx.includes('V') || sx.includes('W')) suffix = nDas > 0 ? (sx.includes('W') ? 'W' : 'V') : sx.includes('V') ? 'V' : 'W';
    else if (sx.includes('Z')) suffix = 'Z';
    else {
      const letters = sx.filter((s) => s >= 'A' && s <= 'D');
      suffix = letters.length > 0 ? (letters[Math.min(nDas, letters.length - 1)] as string) : (sx[0] as string);
    }
    return root.root + suffix;
  }
}
