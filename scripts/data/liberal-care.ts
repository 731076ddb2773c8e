/**
 * Liberal care by nurses, physiotherapists and dentists (data/sources/63-liberal-care.md): who uses it, how
 * much, and what is billed.
 *
 *  - `liberal_families.csv`: per family, the published national volume turned into a Poisson process of care
 *    episodes (series of sessions): the episode rate `episode_rate` (per person-year, times the age-sex
 *    profile and the département factor) solved so that the share of persons with ≥ 1 episode in a year is
 *    the users' share, and the mean number of sessions of an episode so that the sessions per person-year
 *    are the published volume.
 *  - `liberal_profiles.csv`: relative use by sex and 5-year age band (nurses: an exponential in age fitted to
 *    the published share of patients under 50; physiotherapists and dentists: Open DAMIR spending per
 *    inhabitant by age band and sex, all care together — no profile of their own is published).
 *  - `liberal_depts.csv`: users' share by département (professionals × mean distinct patients per
 *    professional ÷ population, 2016) and its ratio to France.
 *  - `liberal_acts.csv`: what a session bills (NGAP letter key × coefficient, or a CCAM dental act), in
 *    proportion to its published share, with the overrun ratio of dental prostheses.
 *
 * Professionals themselves are placed by the physicians builder (same CNAM 2016 workbook).
 */
import { readCcam, type CcamRow } from './ccam';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { type BuildContext, type Cell, type DataBuilder, numbersOf, PUBLISHED_FIGURES, publishedFigure, readOut, readRawCsv, readRawWorkbook, round, sheetRows, writeTable } from './lib';
import { readDeptBandsYears, type DeptBands } from './population';
import { attribute } from './specialists';

const FEES_FILE = 'cnam_ps_liberaux/Honoraires_totaux_des_professionnels_de_sante_par_departement_en_2016.xls';
const PATIENTS_FILE = 'cnam_ps_liberaux/derived_patientele_moyenne_2016_2021.csv.gz';
const FIGURES = PUBLISHED_FIGURES;
const TARIFFS = 'published/liberal_tariffs.csv';
const DAMIR = 'opendamir_derived_alissonbonatto/RAC_nouveau_GLM.csv.gz';
const NAT_FILE = 'snds_nomenclatures/ORAVAL/IR_NAT_V.csv';
const DEPT_RE = /^(\d{2}|2A|2B|97\d)$/;

/** Mean days between two sessions of an episode, and the days the profession works (a modelling choice). */
const SCHEDULE: Readonly<Record<Family, { interval: number; days: 'every_day' | 'open_days' }>> = {
  nurse: { interval: 1, days: 'every_day' },
  physiotherapist: { interval: 3, days: 'open_days' },
  dentist: { interval: 14, days: 'open_days' },
  midwife: { interval: 7, days: 'open_days' },
};

type Family = 'nurse' | 'physiotherapist' | 'dentist' | 'midwife';

interface FamilySpec {
  readonly family: Family;
  /** IR_SPE_V code of the executant (PSE_SPE_COD). */
  readonly spe: number;
  /** Sheet and line of the CNAM 2016 workbook. */
  readonly sheet: string;
  readonly line: string;
  /** Profession of the patientele file. */
  readonly profession: string;
}

const FAMILIES: readonly FamilySpec[] = [
  { family: 'nurse', spe: 24, sheet: 'Auxiliaires médicaux', line: '24- Infirmiers', profession: 'Infirmiers' },
  { family: 'physiotherapist', spe: 26, sheet: 'Auxiliaires médicaux', line: '26- Masseurs-kinésithérapeutes-rééducateurs', profession: 'Masseurs-kinésithérapeutes' },
  { family: 'dentist', spe: 19, sheet: 'Dentistes et ODF', line: '19- Chirurgiens-dentistes', profession: 'Ensemble des chirurgiens-dentistes' },
  { family: 'midwife', spe: 21, sheet: 'Sages-femmes', line: '21- Sages-femmes', profession: 'Sages-femmes' },
];

/** A tariff of liberal_tariffs.csv by source and indicator. */
function tariff(ctx: BuildContext, source: string, indicator: string, year?: string): number {
  const rows = readRawCsv(ctx, TARIFFS).filter((r) => r.source === source && r.indicator === indicator && (year === undefined || r.year === year));
  if (rows.length !== 1) throw new Error(`${TARIFFS}: expected one row ${source}/${indicator}, found ${rows.length}`);
  const v = Number((rows[0] as Record<string, string>).value);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${TARIFFS}: bad value for ${source}/${indicator}`);
  return v;
}

/** Workbook amounts of one profession line by département (and 'FR' for France entière). */
interface Fees {
  readonly professionals: number;
  readonly fees: number;
  readonly overruns: number;
  readonly travel: number;
}

function readFees(ctx: BuildContext, spec: FamilySpec): Map<string, Fees> {
  const rows = sheetRows(readRawWorkbook(ctx, FEES_FILE), spec.sheet);
  const header = rows[0] ?? [];
  if (String(header[2]).trim() !== 'EFFECTIFS' || String(header[3]).trim() !== 'HONORAIRES SANS DEPASSEMENT (Euros)' || String(header[5]).trim() !== 'FRAIS DE DEPLACEMENT (Euros)')
    throw new Error(`${FEES_FILE} sheet ${spec.sheet}: unexpected header ${JSON.stringify(header)}`);
  const out = new Map<string, Fees>();
  const money = (v: unknown): number => (typeof v === 'number' ? v : 0); // "nc" (< 11 professionals): no amount
  for (const r of rows.slice(1)) {
    if (String(r[0] ?? '').trim() !== spec.line) continue;
    const geo = String(r[1] ?? '').trim();
    const m = /^(\d{2}|2A|2B|97\d)\s*-/.exec(geo);
    const key = m?.[1] ?? (geo === 'TOTAL France ENTIERE' ? 'FR' : undefined);
    if (key === undefined) continue;
    const n = r[2];
    if (typeof n !== 'number' || n < 0) throw new Error(`${FEES_FILE} ${spec.line} ${geo}: bad headcount`);
    out.set(key, { professionals: n, fees: money(r[3]), overruns: money(r[4]), travel: money(r[5]) });
  }
  if (!out.has('FR') || out.size < 100) throw new Error(`${FEES_FILE}: line "${spec.line}" incomplete (${out.size} rows)`);
  return out;
}

/** Mean distinct patients per professional in 2016 by département. */
function readPatients(ctx: BuildContext, profession: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of readRawCsv(ctx, PATIENTS_FILE, { delimiter: ';' })) {
    if (r.profession_sante !== profession || r.annee !== '2016') continue;
    const dept = r.Num_dep ?? '';
    if (!DEPT_RE.test(dept) || r.nombre_patients_uniques === 'NS') continue;
    const n = Number((r.nombre_patients_uniques ?? '').replace(',', '.'));
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${PATIENTS_FILE}: bad value ${JSON.stringify(r)}`);
    out.set(dept, n);
  }
  if (out.size < 90) throw new Error(`${PATIENTS_FILE}: only ${out.size} départements for "${profession}" in 2016`);
  return out;
}

/** Population by sex (0 men, 1 women) and 5-year band (0 … 19) of a set of départements. */
export function bandsOf(depts: readonly DeptBands[]): [number[], number[]] {
  const out: [number[], number[]] = [new Array<number>(20).fill(0), new Array<number>(20).fill(0)];
  for (const d of depts) for (const s of [0, 1] as const) d.bands[s].forEach((n, b) => (out[s][b] = (out[s][b] as number) + n));
  return out;
}

const total = (p: [number[], number[]]): number => [...p[0], ...p[1]].reduce((a, b) => a + b, 0);

/** Mid-age of 5-year band b (95+ taken at 97.5). */
const midAge = (b: number): number => 5 * b + 2.5;

/** Bisection of an increasing function on [lo, hi] for f(x) = target. */
function solve(f: (x: number) => number, target: number, lo: number, hi: number, what: string): number {
  if (f(lo) > target || f(hi) < target) throw new Error(`liberal care: no solution for ${what}`);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Users' share of a population for episode rate λ0 × profile: Σ pop (1 − e^{−λ0 p}) / Σ pop. */
function usersShare(pop: [number[], number[]], profile: [number[], number[]], lambda0: number): number {
  let u = 0;
  for (const s of [0, 1] as const) pop[s].forEach((n, b) => (u += n * (1 - Math.exp(-lambda0 * (profile[s][b] as number)))));
  return u / total(pop);
}

/** Population-weighted mean of a profile. */
function meanProfile(pop: [number[], number[]], profile: [number[], number[]]): number {
  let m = 0;
  for (const s of [0, 1] as const) pop[s].forEach((n, b) => (m += n * (profile[s][b] as number)));
  return m / total(pop);
}

/** Open DAMIR age bands (`AGE_BEN_SNDS`: lower bounds, 80 = 80 and over) of 5-year band `b` (0 = 0–4 … 19 = 95+). */
const damirBand = (b: number): number => (b < 4 ? 0 : Math.min(80, Math.floor((5 * b) / 10) * 10));

/** An Open DAMIR amount of care year 2019 (`FLT_PAI_MNT` paid, `FLT_REM_MNT` reimbursed) summed by `sex|AGE_BEN_SNDS` (sexes 1, 2; age 99 left out). */
function damir2019(ctx: BuildContext, column: 'FLT_PAI_MNT' | 'FLT_REM_MNT'): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of readRawCsv(ctx, DAMIR)) {
    if (Number(r.SOI_ANN) !== 2019) continue;
    const sex = Number(r.BEN_SEX_COD);
    const band = Number(r.AGE_BEN_SNDS);
    if ((sex !== 1 && sex !== 2) || band === 99) continue;
    const k = `${sex}|${band}`;
    out.set(k, (out.get(k) ?? 0) + Number(r[column]));
  }
  return out;
}

/**
 * Open DAMIR 2019 amount reimbursed by the health insurance (FLT_REM_MNT, all prestations) per inhabitant (INSEE 2019)
 * by sex and Open DAMIR age band, and relative to the mean of all ages and both sexes: the report's target for the
 * DCIR spending by age (validation/spending_by_age.csv, never read by `simulate`).
 */
function reimbursedByAge(ctx: BuildContext, pop2019: [number[], number[]]): Cell[][] {
  const amount = damir2019(ctx, 'FLT_REM_MNT');
  const all = [...amount.values()].reduce((a, b) => a + b, 0);
  const popOf = new Map<string, number>();
  pop2019.forEach((bands, s) => bands.forEach((n, b) => popOf.set(`${s + 1}|${damirBand(b)}`, (popOf.get(`${s + 1}|${damirBand(b)}`) ?? 0) + n)));
  const mean = all / total(pop2019);
  const rows: Cell[][] = [];
  for (const sex of [1, 2])
    for (const band of [0, 20, 30, 40, 50, 60, 70, 80]) {
      const k = `${sex}|${band}`;
      const perInhabitant = (amount.get(k) ?? NaN) / (popOf.get(k) ?? NaN);
      if (!Number.isFinite(perInhabitant)) throw new Error(`${DAMIR}: no 2019 amount or population for sex ${sex}, age band ${band}`);
      rows.push([sex, band, band === 0 ? 19 : band === 80 ? 120 : band + 9, round(perInhabitant, 2), round(perInhabitant / mean, 4)]);
    }
  return rows;
}

/**
 * Open DAMIR 2019 spending per inhabitant by sex and Open DAMIR age band (0–19, 20–29 … 70–79, 80+), spread
 * on 5-year bands, normalised to a population mean of 1.
 */
export function damirProfile(ctx: BuildContext, pop2019: [number[], number[]]): [number[], number[]] {
  const spend = damir2019(ctx, 'FLT_PAI_MNT');
  const out: [number[], number[]] = [new Array<number>(20).fill(0), new Array<number>(20).fill(0)];
  for (const s of [0, 1] as const) {
    const popOf = new Map<number, number>();
    pop2019[s].forEach((n, b) => popOf.set(damirBand(b), (popOf.get(damirBand(b)) ?? 0) + n));
    for (let b = 0; b < 20; b++) {
      const key = `${s + 1}|${damirBand(b)}`;
      const v = spend.get(key);
      if (v === undefined) throw new Error(`${DAMIR}: no 2019 spending for sex ${s + 1}, band ${damirBand(b)}`);
      out[s][b] = v / (popOf.get(damirBand(b)) as number);
    }
  }
  const m = meanProfile(pop2019, out);
  return [out[0].map((x) => x / m), out[1].map((x) => x / m)];
}

/**
 * Midwives' patients: women, in proportion to the fertility rate of their 5-year band (INSEE, 2016; pregnancy
 * follow-up, birth preparation, postnatal and perineal care make most of the activity), normalised to a population
 * mean of 1; men 0.
 */
function fertilityProfile(ctx: BuildContext, pop: [number[], number[]]): [number[], number[]] {
  const byBand = new Array<number>(20).fill(0);
  const ages = new Array<number>(20).fill(0);
  for (const r of readOut(ctx, 'fertility.csv')) {
    if (Number(r.year) !== 2016) continue;
    const b = Math.min(19, Math.floor(Number(r.age) / 5));
    byBand[b] = (byBand[b] as number) + Number(r.rate);
    ages[b] = (ages[b] as number) + 1;
  }
  if (ages.every((n) => n === 0)) throw new Error('fertility.csv: no rates for 2016');
  // Mean rate over the 5 ages of the band (ages outside 15–50 have none).
  const women = byBand.map((x) => x / 5);
  const out: [number[], number[]] = [new Array<number>(20).fill(0), women];
  const m = meanProfile(pop, out);
  return [out[0], out[1].map((x) => x / m)];
}

/** IR_NAT_V code of a letter key (first `/`-token of PRS_NAT_CB2), exactly one open prestation. */
export function natureOf(ctx: BuildContext, letters: string): number {
  const m = readRawCsv(ctx, NAT_FILE, { delimiter: ';' }).filter((r) => (r.PRS_NAT_CB2 ?? '').split('/')[0] === letters && !/ferm/i.test(r.PRS_NAT_OBS ?? ''));
  if (m.length !== 1) throw new Error(`${NAT_FILE}: expected one prestation with letter key ${letters}, found ${m.length}`);
  return Number((m[0] as Record<string, string>).PRS_NAT);
}

/** Regroupements of dental prostheses, implants and orthodontics billed with overruns (not the RAC 0 baskets). */
function overrunEligible(r: CcamRow): boolean {
  if (['SDE', 'AXI', 'END', 'ATM', 'ADI', 'ADE', 'ADC', 'ADA', 'ACO', ''].includes(r.regroupement)) return false;
  return !r.regroupement.endsWith('0');
}

/** Reimbursement rate of physicians' care outside ALD (%), ngap_tariffs.csv. */
function consultationRate(ctx: BuildContext): number {
  const rows = readRawCsv(ctx, 'published/ngap_tariffs.csv').filter((r) => r.source === 'hdh_fiche_montants_sdv' && r.indicator === 'reimbursement_rate_consultation');
  if (rows.length !== 1) throw new Error('published/ngap_tariffs.csv: expected one consultation reimbursement rate');
  return Number((rows[0] as Record<string, string>).value);
}

/** Families of the département fee ratios: the workbook line each one sums. */
const FEE_LINES: readonly { readonly family: string; readonly sheet: string; readonly line: string }[] = [
  { family: 'nurse', sheet: 'Auxiliaires médicaux', line: '24- Infirmiers' },
  { family: 'physiotherapist', sheet: 'Auxiliaires médicaux', line: '26- Masseurs-kinésithérapeutes-rééducateurs' },
  { family: 'auxiliaries', sheet: 'Auxiliaires médicaux', line: 'TOTAL AUXILIAIRES MEDICAUX' },
  { family: 'dentist', sheet: 'Dentistes et ODF', line: 'TOTAL CHIRURGIE DENTAIRE' },
  { family: 'laboratory', sheet: 'Laboratoires', line: 'TOTAL LABORATOIRES' },
];

/**
 * Fees of 2016 (without overrun + overruns + travel) per inhabitant of each département, and their ratio to France:
 * the regional level `report` scales the national figures by (the simulator reads none of it).
 */
function deptFeeRows(ctx: BuildContext, depts: readonly DeptBands[]): Cell[][] {
  const out: Cell[][] = [];
  for (const l of FEE_LINES) {
    const fees = readFees(ctx, { family: 'nurse', spe: 0, sheet: l.sheet, line: l.line, profession: '' });
    const paid = (f: Fees): number => f.fees + f.overruns + f.travel;
    const fr = fees.get('FR') as Fees;
    const france = paid(fr) / depts.reduce((a, d) => a + total(bandsOf([d])), 0);
    for (const d of [...depts].sort((a, b) => (a.dept < b.dept ? -1 : 1))) {
      const f = fees.get(d.dept);
      const n = total(bandsOf([d]));
      // Départements with fewer than 11 professionals have no published amount ("nc"): left out.
      if (!f || n <= 0 || paid(f) <= 0) continue;
      out.push([l.family, d.dept, round(paid(f) / n, 2), round(paid(f) / n / france, 4)]);
    }
  }
  return out;
}

const BIO_FILE = 'snds_nomenclatures/ORAREF/IR_BIO_R.csv';
/** The flat-rate items billed on every blood-sampling visit (NABM 9105 forfait de sécurité, 9005 pré-analytique). */
const LAB_FORFAITS = [9105, 9005];
/**
 * The common tests a lab visit draws from, with equal weights (a modelling choice: no open volume of biology by
 * NABM code is held): blood count, glucose, creatinine, lipids, TSH, CRP, transaminases, GGT, ionogram, urine
 * cytobacteriology, PSA, vitamin D. HbA1c is left to the diabetes module's monitoring.
 */
const LAB_TESTS = [1104, 552, 593, 996, 1208, 1804, 522, 519, 1610, 5201, 7318, 1139];
/** Tests per visit besides the forfaits (the ACE model's modelling choice) and the most days from the prescription. */
const TESTS_PER_VISIT = 3;
/** NABM code of the prostate-specific antigen, drawn for men only. */
const PSA = 7318;
const MAX_DELAY_DAYS = 1;

/** A table this build wrote earlier (read from the output folder). */
function derived(ctx: BuildContext, name: string): Record<string, string>[] {
  return parse(readFileSync(join(ctx.outDir, name), 'utf8'), { columns: true }) as Record<string, string>[];
}

/**
 * Laboratory visits prescribed at GP and specialist consultations: the lab fees of 2016 per inhabitant (workbook
 * lines 30 and 39, without overrun) ÷ the amount of a visit (the two forfaits + 3 tests of mean coefficient, × the
 * value of B) give visits per person-year; the share of consultations that prescribe a visit follows the age profile
 * of reimbursed care, scaled so that the consultations of France (GP and specialist rates × the 2016 population)
 * prescribe that many visits.
 */
function labRows(ctx: BuildContext, pop: [number[], number[]], profile: [number[], number[]]): { params: Cell[][]; panel: Cell[][] } {
  const bio = readRawCsv(ctx, BIO_FILE, { delimiter: ';' });
  const coef = (code: number): { coefficient: number; label: string } => {
    const r = bio.find((x) => Number(x.BIO_PRS_IDE) === code);
    if (!r || r.BIO_TAR_NAT !== 'B') throw new Error(`${BIO_FILE}: no B-coded test ${code}`);
    return { coefficient: Number(r.BIO_TAR_COF), label: (r.BIO_INF_LIB ?? '').replace(/\s+/g, ' ').trim() };
  };
  // PSA is a men's test (sex 1); the others are for both sexes (0).
  const panel: Cell[][] = [...LAB_FORFAITS.map((c) => [c, 'forfait', 0, coef(c).coefficient, coef(c).label]), ...LAB_TESTS.map((c) => [c, 'test', c === PSA ? 1 : 0, coef(c).coefficient, coef(c).label])];
  const letterB = Number(derived(ctx, 'care_parameters.csv').find((r) => r.name === 'biology_letter_b_eur')?.value);
  if (!(letterB > 0)) throw new Error('care_parameters.csv: no biology_letter_b_eur');
  const meanTest = LAB_TESTS.reduce((a, c) => a + coef(c).coefficient, 0) / LAB_TESTS.length;
  const visitAmount = (LAB_FORFAITS.reduce((a, c) => a + coef(c).coefficient, 0) + TESTS_PER_VISIT * meanTest) * letterB;
  let fees = 0;
  for (const line of ['30- Laboratoires', '39- Laboratoires polyvalents']) fees += (readFees(ctx, { family: 'nurse', spe: 0, sheet: 'Laboratoires', line, profession: '' }).get('FR') as Fees).fees;
  const france = total(pop);
  const visits = fees / france / visitAmount;
  // Consultations per person-year by sex and 5-year band: GP rate and specialist rates (by sex and age range).
  const consultations: [number[], number[]] = [new Array<number>(20).fill(0), new Array<number>(20).fill(0)];
  for (const file of ['gp_consultation_rates.csv', 'specialist_consultation_rates.csv'])
    for (const r of derived(ctx, file))
      for (let b = 0; b < 20; b++) {
        const row = consultations[Number(r.sex) - 1] as number[];
        if (5 * b >= Number(r.age_min) && Math.min(5 * b + 4, 120) <= Number(r.age_max)) row[b] = (row[b] as number) + Number(r.rate);
      }
  // The share of consultations prescribing a visit follows the age profile of reimbursed care (Open DAMIR 2019):
  // share(sex, band) = min(1, k × profile), k solved so that France gets the visits per person-year.
  const visitsAt = (k: number): number => {
    let v = 0;
    for (const s of [0, 1] as const) pop[s].forEach((n, b) => (v += n * (consultations[s][b] as number) * Math.min(1, k * (profile[s][b] as number))));
    return v / france;
  };
  let all = 0;
  for (const s of [0, 1] as const) pop[s].forEach((n, b) => (all += n * (consultations[s][b] as number)));
  const perPy = all / france;
  const share = solve(visitsAt, visits, 0, 10, 'lab visits per consultation');
  const params: Cell[][] = [
    ['visits_per_person_year', round(visits, 6), `lab fees 2016 ${Math.round(fees)} € ÷ population 2016 ÷ ${round(visitAmount, 2)} € a visit`],
    ['consultations_per_person_year', round(perPy, 6), 'GP and specialist consultation rates × population 2016'],
    ['prescription_share', round(share, 6), 'k of min(1, k × age profile (liberal_profiles.csv, family laboratory)) giving the visits per person-year over the consultations'],
    ['tests_per_visit', TESTS_PER_VISIT, 'modelling choice (as the ACE model)'],
    ['max_delay_days', MAX_DELAY_DAYS, 'modelling choice: the visit on the day of the consultation or the next, on the lab profile'],
  ];
  return { params, panel };
}

const VALIDATION_HEADER = ['id', 'family', 'indicator', 'value', 'year', 'population', 'per_person_year', 'figure_id', 'source_url', 'quote', 'fed_to_simulate'];

/**
 * The published figures `report` judges liberal care with (never read by `simulate`): nurses' users, acts per user
 * and age (2011), nursing fees (2016), and the DREES consumption of auxiliaries' and dentists' care (2012), per
 * inhabitant of France that year. None was fed to the simulator (the share of nursing patients under 50 of the
 * age row was; its mean age was not).
 */
function validationRows(ctx: BuildContext, population: Readonly<Record<number, number>>): Cell[][] {
  const rows = readRawCsv(ctx, FIGURES);
  const find = (topic: string, phrase: string): { id: string; r: Record<string, string> } => {
    const i = rows.findIndex((r) => r.topic === topic && (r.figure ?? '').includes(phrase));
    if (i < 0) throw new Error(`${FIGURES}: no ${topic} row with "${phrase}"`);
    return { id: `figures_2_${i + 1}`, r: rows[i] as Record<string, string> };
  };
  const out: Cell[][] = [];
  const push = (family: string, indicator: string, value: number, year: number, perPersonYear: number, f: { id: string; r: Record<string, string> }): void => {
    const pop = population[year];
    out.push([`${family}.${indicator}`, family, indicator, value, year, pop === undefined ? '' : Math.round(pop), round(perPersonYear, 4), f.id, f.r.source_url ?? '', f.r.quote ?? '', 0]);
  };
  const users = find('nurses_ami_ais', 'share of population with a reimbursed nursing act');
  const share = numbersOf(users.r.value ?? '')[0] as number;
  push('nurse', 'users_share_pct', share, 2011, share, users);
  // Acts per patient: the 2012 acts ÷ the 2011 patients of the same report. Its « 20 actes par personne traitée »
  // does not agree with its own act counts (13 M × 20 = 260 M acts, against 520 M in 2012 and 779 M in 2016): it
  // counts something else (visits, invoices), and is left out of the judgement (the report's note gives it).
  const acts2012 = find('nurses_ami_ais', 'nursing care spending and acts 2012');
  const millions = /(\d+) million acts/.exec(acts2012.r.value ?? '');
  const patients = /\((\d+) million persons\)/.exec(users.r.value ?? '');
  if (!millions || !patients) throw new Error(`${FIGURES}: nursing acts 2012 or patients 2011 not found`);
  const perPatient = Number(millions[1]) / Number(patients[1]);
  out.push(['nurse.acts_per_user', 'nurse', 'acts_per_user', round(perPatient, 4), 2012, '', round(perPatient, 4), `${acts2012.id} ÷ ${users.id}`, acts2012.r.source_url ?? '', `${acts2012.r.quote ?? ''} / ${users.r.quote ?? ''}`, 0]);
  const age = find('nurses_ami_ais', 'mean age of patients using nursing care');
  const meanAge = numbersOf(age.r.value ?? '')[0] as number;
  push('nurse', 'mean_age_users', meanAge, 2011, meanAge, age);
  const fees = find('nurses_ami_ais', 'reimbursed nursing honoraria in ville');
  const bn = /(\d+(?:\.\d+)?) bn EUR \(2016\)/.exec(fees.r.value ?? '');
  if (!bn) throw new Error(`${FIGURES}: nursing honoraria 2016 not found in "${fees.r.value}"`);
  push('nurse', 'paid_per_person_year', Number(bn[1]) * 1e9, 2016, (Number(bn[1]) * 1e9) / (population[2016] as number), fees);
  for (const [family, phrase] of [
    ['auxiliaries', 'Soins de ville: auxiliaires médicaux'],
    ['dentist', 'Soins de ville: dentistes'],
    ['laboratory', 'Soins de ville: analyses de laboratoire'],
  ] as const) {
    const f = find('csbm_by_category', phrase);
    const v2012 = (numbersOf(f.r.value ?? '')[2] as number) * 1e9;
    push(family, 'paid_per_person_year', v2012, 2012, v2012 / (population[2012] as number), f);
  }
  const labUsers = find('concentration_spending', 'share of patients using medical laboratories');
  const labShare = numbersOf(labUsers.r.value ?? '')[0] as number;
  push('laboratory', 'users_share_pct', labShare, 2021, labShare, labUsers);
  return out;
}

export const liberalCareBuilder: DataBuilder = {
  name: 'liberal-care',
  outputs: ['liberal_families.csv', 'liberal_profiles.csv', 'liberal_depts.csv', 'liberal_acts.csv', 'liberal_labs.csv', 'lab_panel.csv', 'validation/liberal_care_figures.csv', 'validation/liberal_care_dept_fees.csv', 'validation/spending_by_age.csv'],
  build(ctx: BuildContext): void {
    const pops = readDeptBandsYears(ctx, [2012, 2016, 2019]);
    const depts2016 = (pops.get(2016) ?? []).filter((d) => DEPT_RE.test(d.dept));
    const pop2016 = bandsOf(depts2016);
    const pop2019 = bandsOf(pops.get(2019) ?? []);
    const france2016 = total(pop2016);
    const france2019 = total(pop2019);
    const damir = damirProfile(ctx, pop2019);

    const families: Cell[][] = [];
    const profiles: Cell[][] = [];
    const deptRows: Cell[][] = [];
    const acts: Cell[][] = [];

    // Nurses: 779 M AMI + AIS acts in 2016; AIS 36 % of acts (2006); AMI 1 / 2 / 4 at 63 / 13 / 9 % of AMI
    // cotations (renormalised over the three coefficients the source names); AIS 3 for 98 % of sessions (all).
    const actsCell = publishedFigure(ctx, 'nurses_ami_ais', 'AMI + AIS acts by liberal nurses 2016').value ?? '';
    if (!/million/.test(actsCell)) throw new Error(`${FIGURES}: nurses' acts not in millions: "${actsCell}"`);
    const nurseActs = (numbersOf(actsCell)[0] as number) * 1e6;
    const aisShare = (numbersOf(publishedFigure(ctx, 'nurses_ami_ais', 'share of AIS').value ?? '')[0] as number) / 100;
    const amiSplit = numbersOf(publishedFigure(ctx, 'nurses_ami_ais', 'distribution of AMI coefficients').value ?? ''); // [1, 63, 2, 13, 4, 9, 3, 98]
    const [c1, s1, c2, s2, c4, s4] = amiSplit as [number, number, number, number, number, number];
    const underFifty = (numbersOf(publishedFigure(ctx, 'nurses_ami_ais', 'mean age of patients using nursing care').value ?? '')[1] as number) / 100;
    const ami = tariff(ctx, 'onsil_tarifs_2012', 'AMI');
    const ais = tariff(ctx, 'onsil_tarifs_2012', 'AIS');
    const ifd = tariff(ctx, 'onsil_tarifs_2012', 'IFD_nurse');
    const amk = tariff(ctx, 'ordremk_honoraires', 'AMK');
    const ams = tariff(ctx, 'ordremk_honoraires', 'AMS');
    // Physiotherapists: 4 370 acts per physiotherapist (2007), 55 % of them in AMS.
    const physio = publishedFigure(ctx, 'physio_kine', 'acts per liberal physiotherapist per year');
    const physioActsPerPro = numbersOf(physio.value ?? '')[0] as number;
    const amsShare = Number(/\((\d+)\s*%\)/.exec(physio.quote ?? '')?.[1]) / 100;
    if (!(amsShare > 0 && amsShare < 1)) throw new Error(`${FIGURES}: no AMS share in the physiotherapy quote`);

    const ccam = readCcam(ctx).filter((r) => attribute(r) === undefined && r.quantity > 0 && (r.base ?? 0) > 0);
    const dentalActs = ccam.reduce((s, r) => s + r.quantity, 0);
    const eligibleBase = ccam.filter(overrunEligible).reduce((s, r) => s + (r.base ?? 0), 0);

    for (const spec of FAMILIES) {
      const fees = readFees(ctx, spec);
      const patients = readPatients(ctx, spec.profession);
      const fr = fees.get('FR') as Fees;
      // Users: professionals × mean distinct patients per professional (a patient seen by two counts twice).
      let pairs = 0;
      let popWithData = 0;
      const deptShare = new Map<string, number>();
      for (const d of depts2016) {
        const f = fees.get(d.dept);
        const p = patients.get(d.dept);
        const n = total(bandsOf([d]));
        if (!f || p === undefined || n <= 0) continue;
        deptShare.set(d.dept, (f.professionals * p) / n);
        pairs += f.professionals * p;
        popWithData += n;
      }
      const users = pairs / popWithData;

      let actsPerPy: number;
      let profile: [number[], number[]];
      if (spec.family === 'nurse') {
        actsPerPy = nurseActs / france2016;
        // exp(β × age), λ0 and β solved together: users' share overall and 40 % of users under 50.
        const shape = (beta: number): [number[], number[]] => {
          const p: [number[], number[]] = [pop2016[0].map((_, b) => Math.exp(beta * midAge(b))), pop2016[1].map((_, b) => Math.exp(beta * midAge(b)))];
          const m = meanProfile(pop2016, p);
          return [p[0].map((x) => x / m), p[1].map((x) => x / m)];
        };
        const under50 = (beta: number): number => {
          const p = shape(beta);
          const l0 = solve((l) => usersShare(pop2016, p, l), users, 0, 50, 'nurses users');
          let u = 0;
          let all = 0;
          for (const s of [0, 1] as const)
            pop2016[s].forEach((n, b) => {
              const k = n * (1 - Math.exp(-l0 * (p[s][b] as number)));
              all += k;
              if (b < 10) u += k;
            });
          return u / all;
        };
        // The share under 50 falls as β grows.
        const beta = solve((b) => -under50(b), -underFifty, 0, 0.2, 'nurses age profile');
        profile = shape(beta);
        acts.push(
          ['nurse', natureOf(ctx, 'AMI'), 'AMI', '', c1, ami, round(c1 * ami, 2), round(((1 - aisShare) * s1) / (s1 + s2 + s4), 6), 0],
          ['nurse', natureOf(ctx, 'AMI'), 'AMI', '', c2, ami, round(c2 * ami, 2), round(((1 - aisShare) * s2) / (s1 + s2 + s4), 6), 0],
          ['nurse', natureOf(ctx, 'AMI'), 'AMI', '', c4, ami, round(c4 * ami, 2), round(((1 - aisShare) * s4) / (s1 + s2 + s4), 6), 0],
          ['nurse', natureOf(ctx, 'AIS'), 'AIS', '', 3, ais, round(3 * ais, 2), round(aisShare, 6), 0],
        );
      } else if (spec.family === 'physiotherapist') {
        const physioActs = physioActsPerPro * fr.professionals;
        actsPerPy = physioActs / france2016;
        profile = damir;
        // One coefficient for both letter keys: fees without overrun ÷ acts ÷ letter value (derived).
        const coefficient = round(fr.fees / physioActs / amk, 1);
        acts.push(
          ['physiotherapist', natureOf(ctx, 'AMS'), 'AMS', '', coefficient, ams, round(coefficient * ams, 2), round(amsShare, 6), 0],
          ['physiotherapist', natureOf(ctx, 'AMK'), 'AMK', '', coefficient, amk, round(coefficient * amk, 2), round(1 - amsShare, 6), 0],
        );
      } else if (spec.family === 'midwife') {
        // Acts of 2016: fees without overrun ÷ the mean act at the tariffs until 2018 (SF sessions — the perineal
        // session as their value — for 79 % of the activity, consultations C for the rest).
        const sfShare = tariff(ctx, 'psf_ondps_2014', 'sf_share_of_activity') / 100;
        const meanAct = sfShare * tariff(ctx, 'qdm_sf_2019', 'perineal_session', '2018') + (1 - sfShare) * tariff(ctx, 'qdm_sf_2019', 'C_midwife', '2018');
        actsPerPy = fr.fees / meanAct / france2016;
        profile = fertilityProfile(ctx, pop2016);
        // 2019: C at 25 € − MSF 2 € (the majoration, not written), the SF session at 21 €; no SF letter value is published here.
        const c = tariff(ctx, 'qdm_sf_2019', 'C_midwife', '2019-01-01') - tariff(ctx, 'bsensiblebaby_msf', 'MSF');
        const sf = tariff(ctx, 'qdm_sf_2019', 'perineal_session', '2019-01-01');
        acts.push(['midwife', natureOf(ctx, 'C'), 'C', '', 1, c, c, round(1 - sfShare, 6), 0], ['midwife', natureOf(ctx, 'SF'), 'SF', '', '', sf, sf, round(sfShare, 6), 0]);
      } else {
        actsPerPy = dentalActs / france2019;
        profile = damir;
        // Overruns 2016 of dentists ÷ 2019 base of the acts billed with overruns.
        const overrun = fr.overruns / eligibleBase;
        const byCode = new Map<string, { q: number; base: number; r: CcamRow }>();
        for (const r of ccam) {
          const a = byCode.get(r.act) ?? { q: 0, base: 0, r };
          a.q += r.quantity;
          a.base += r.base ?? 0;
          byCode.set(r.act, a);
        }
        for (const [code, a] of [...byCode].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
          const share = a.q / dentalActs;
          if (share < 1e-5) continue; // rare acts: under 1 in 100 000 dental acts
          acts.push(['dentist', natureOf(ctx, a.r.regroupement), a.r.regroupement, code, 1, round(a.base / a.q, 2), round(a.base / a.q, 2), round(share, 6), overrunEligible(a.r) ? round(overrun, 4) : 0]);
        }
      }
      const lambda0 = solve((l) => usersShare(pop2016, profile, l), users, 0, 50, `${spec.family} users`);
      const episodesPerPy = lambda0 * meanProfile(pop2016, profile);
      const sessions = actsPerPy / episodesPerPy;
      if (!(sessions >= 1)) throw new Error(`liberal care ${spec.family}: fewer sessions (${sessions}) than episodes`);
      const travel = spec.family === 'nurse' ? Math.min(1, fr.travel / ifd / nurseActs) : 0;
      // Dental and midwives' care at the rate of physicians' care; auxiliaries' care at theirs.
      const rate = spec.family === 'dentist' || spec.family === 'midwife' ? consultationRate(ctx) : tariff(ctx, 'ymanci_paramedical', 'reimbursement_rate_auxiliaries');
      const sch = SCHEDULE[spec.family];
      families.push([spec.family, spec.spe, rate, round(users, 6), round(actsPerPy, 6), round(lambda0, 6), round(sessions, 4), sch.interval, sch.days, round(travel, 4), spec.family === 'nurse' ? natureOf(ctx, 'IFI') : 0, spec.family === 'nurse' ? ifd : 0]);
      for (const s of [0, 1] as const) for (let b = 0; b < 20; b++) profiles.push([spec.family, s + 1, 5 * b, b === 19 ? 120 : 5 * b + 4, round(profile[s][b] as number, 6)]);
      for (const [dept, u] of [...deptShare].sort((a, b) => (a[0] < b[0] ? -1 : 1))) deptRows.push([spec.family, dept, round(u, 6), round(u / users, 6)]);
    }
    const labs = labRows(ctx, pop2016, damir);
    // Laboratories: the département's lab fees per inhabitant (2016) ÷ France's.
    for (const r of deptFeeRows(ctx, depts2016).filter((x) => x[0] === 'laboratory')) deptRows.push(['laboratory', r[1] as string, '', r[3] as number]);
    for (const s of [0, 1] as const) for (let b = 0; b < 20; b++) profiles.push(['laboratory', s + 1, 5 * b, b === 19 ? 120 : 5 * b + 4, round(damir[s][b] as number, 6)]);
    writeTable(ctx, 'liberal_labs.csv', ['name', 'value', 'basis'], labs.params);
    writeTable(ctx, 'lab_panel.csv', ['nabm', 'role', 'sex', 'coefficient', 'label'], labs.panel);
    writeTable(ctx, 'validation/liberal_care_dept_fees.csv', ['family', 'dept', 'paid_per_capita', 'ratio'], deptFeeRows(ctx, depts2016));
    writeTable(ctx, 'validation/spending_by_age.csv', ['sex', 'age_min', 'age_max', 'reimbursed_per_inhabitant', 'relative'], reimbursedByAge(ctx, pop2019));
    writeTable(ctx, 'validation/liberal_care_figures.csv', VALIDATION_HEADER, validationRows(ctx, { 2012: total(bandsOf(pops.get(2012) ?? [])), 2016: france2016 }));
    writeTable(ctx, 'liberal_families.csv', ['family', 'spe_code', 'rate_pct', 'users_share', 'acts_per_person_year', 'episode_rate', 'sessions_per_episode', 'interval_days', 'days', 'travel_share', 'travel_prs_nat', 'travel_tariff'], families);
    writeTable(ctx, 'liberal_profiles.csv', ['family', 'sex', 'age_min', 'age_max', 'profile'], profiles);
    writeTable(ctx, 'liberal_depts.csv', ['family', 'dept', 'users_share', 'factor'], deptRows);
    writeTable(ctx, 'liberal_acts.csv', ['family', 'prs_nat', 'letters', 'act', 'coefficient', 'unit_eur', 'tariff', 'share', 'overrun_ratio'], acts);
  },
};
