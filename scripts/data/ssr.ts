/**
 * SSR (soins de suite et de réadaptation) tables: the SSR establishments with their SAE activity
 * (`ssr_establishments.csv`), the admission probabilities after an MCO full stay by kind of stay
 * (`ssr_transfer.csv`), the parameters of SSR stays (`ssr_parameters.csv`) and the published figures kept to
 * judge outputs (`validation/ssr_figures.csv`). Provenance: data/sources/41-ssr.md.
 *
 * Runs after the hospital and population builders: it reads their outputs (national MCO full stays, main
 * diagnoses, population) to calibrate the one probability no source gives.
 */
import type { BuildContext, Cell, DataBuilder } from './lib';
import { readOut, readRawCsv, round, writeTable } from './lib';
import { deptOfCommune, inseeCommune, STATUS_OF_STJR } from './hospital-acts';

const SAE_ID = 'drees_sae_2023/ID_2023r.csv';
const SAE_SSR = 'drees_sae_2023/SSR_2023r.csv.gz';
const FIGURES = 'published_figures_2/figures.csv';
/** Age from which a person is taken in an adult SSR unit: the first ScanSanté band above 0-16 starts at 17. */
const CHILD_AGE_LIMIT = 17;
/** Mid-age of a band; the open band 80-120 counts as 85 (modelling choice: no mean age of the band is held). */
function midAge(min: number, max: number): number {
  return max >= 120 ? 85 : (min + max + 1) / 2;
}
const PUBLISHED = 'published/ssr.csv';

/**
 * Kinds of MCO full stays that lead to SSR, by main diagnosis (ICD-10 ranges of 3-character categories,
 * inclusive; first match wins; `other` takes every other full stay). The grouping is the one of the issue
 * (stroke, hip fracture, cardiac events, cancer, other); only stroke has a published admission share.
 */
const KINDS: readonly { kind: string; ranges: string }[] = [
  { kind: 'stroke', ranges: 'I60-I64' },
  { kind: 'hip_fracture', ranges: 'S72-S72' },
  { kind: 'cardiac', ranges: 'I20-I25;I50-I50' },
  { kind: 'cancer', ranges: 'C00-C97' },
  { kind: 'obstetric', ranges: 'O00-O99;Z30-Z37;Z39-Z39' },
  { kind: 'other', ranges: '' },
];

/** SAE integer cell (blank = 0). */
function saeInt(s: string | undefined, what: string): number {
  const t = (s ?? '').trim();
  if (t === '') return 0;
  const v = Number(t);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${what}: bad value "${s}"`);
  return v;
}

/** One row of figures.csv chosen by topic and a phrase of its `figure`. */
function figure(ctx: BuildContext, topic: string, phrase: string): Record<string, string> {
  const rows = readRawCsv(ctx, FIGURES).filter((r) => r.topic === topic && (r.figure ?? '').includes(phrase));
  if (rows.length !== 1) throw new Error(`${FIGURES}: expected one ${topic} row with "${phrase}", found ${rows.length}`);
  return rows[0] as Record<string, string>;
}

/** Days in "3 mois" (three months) of the published share of long full-time stays. */
const THREE_MONTHS_DAYS = 91;

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X > x) for X ~ Gamma(shape k, scale 1): 1 − the regularised lower incomplete gamma (series). */
function gammaSurvival(k: number, x: number): number {
  let term = 1 / k;
  let sum = term;
  for (let n = 1; n < 1000 && term > sum * 1e-15; n++) {
    term *= x / (k + n);
    sum += term;
  }
  return 1 - Math.exp(-x + k * Math.log(x) - lnGamma(k)) * sum;
}

/** Gamma shape such that, at the given mean, a share `tail` of lengths exceed `days` (bisection; the tail falls as the shape grows). */
function gammaShapeForTail(mean: number, days: number, tail: number): number {
  let lo = 0.2;
  let hi = 50;
  const f = (k: number): number => gammaSurvival(k, (days * k) / mean) - tail;
  if (f(lo) < 0 || f(hi) > 0) throw new Error(`ssr: no gamma length distribution of mean ${mean} has ${tail} of stays above ${days} days`);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The numbers of a `value` cell in order, "1.5 million" read as 1 500 000. */
function numbersOf(value: string): number[] {
  const out: number[] = [];
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)(\s*million)?/g)) out.push(Number(m[1]) * (m[2] ? 1e6 : 1));
  return out;
}


/** Whether a 3-character ICD-10 category falls in `ranges` ("I60-I64;I50-I50"). */
function inRanges(cim: string, ranges: string): boolean {
  const c = cim.slice(0, 3);
  return ranges.split(';').some((r) => {
    const [a, b] = r.split('-');
    return a !== undefined && b !== undefined && c >= a && c <= b;
  });
}

function buildEstablishments(ctx: BuildContext): { partDays: number; childShare: number } {
  const id = new Map<string, Record<string, string>>();
  for (const e of readRawCsv(ctx, SAE_ID, { delimiter: ';', encoding: 'latin1' })) id.set((e['fi'] ?? '').trim(), e);
  const out: Cell[][] = [];
  let partDays = 0;
  let childFull = 0;
  let allFull = 0;
  for (const s of readRawCsv(ctx, SAE_SSR, { delimiter: ';', encoding: 'latin1' })) {
    const line = (s['GDE'] ?? '').trim();
    if (line === 'SSR_E') childFull += saeInt(s['SEJHC'], 'SEJHC');
    if (line !== 'SSR_TOT') continue;
    allFull += saeInt(s['SEJHC'], 'SEJHC');
    const fi = (s['FI'] ?? '').trim();
    const full = saeInt(s['SEJHC'], 'SEJHC');
    const fullDays = saeInt(s['JOUHC'], 'JOUHC');
    const part = saeInt(s['JOUHP'], 'JOUHP');
    partDays += part;
    const e = id.get(fi);
    if (!e || full + part === 0) continue;
    const status = STATUS_OF_STJR[(e['stjr'] ?? '').trim()];
    if (!status) throw new Error(`SAE ${fi}: unknown stjr "${e['stjr']}"`);
    const com = inseeCommune((e['COMINSEE'] ?? '').trim());
    if (!/^[0-9][0-9AB][0-9]{3}$/.test(com)) throw new Error(`SAE ${fi}: bad commune "${com}"`);
    out.push([fi, (e['fi_ej'] ?? '').trim(), (e['rs'] ?? '').trim(), deptOfCommune(com), com, (e['cat'] ?? '').trim(), status, full, fullDays, part]);
  }
  out.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  writeTable(ctx, 'ssr_establishments.csv', ['finess', 'finess_ej', 'name', 'dept', 'commune', 'category', 'status', 'ssr_full_stays', 'ssr_full_days', 'ssr_part_days'], out);
  return { partDays, childShare: childFull / allFull };
}

/**
 * Ratio of the mean planned length of a full-time SSR stay to the published mean length (calibrated): an MCO
 * full stay during the SSR stay ends it (a transfer to MCO), and so does a death, so the stays the PMSI holds
 * are shorter than planned; the published mean is that of the stays held. Fitted on 100 000 persons of 35
 * (2019, seed 1): with the planned length scaled by f and every other draw the same, the mean of the
 * full-time stays admitted before April (so discharged within the year) is 34.7 days at f = 1.125
 * (31.3 days at f = 1; 371 stays, 49 of them cut). Procedure in data/sources/41-ssr.md.
 */
const FULL_TIME_PLANNED_FACTOR = 1.125;

export const ssrBuilder: DataBuilder = {
  name: 'ssr',
  outputs: ['ssr_establishments.csv', 'ssr_transfer.csv', 'ssr_parameters.csv', 'validation/ssr_figures.csv', 'validation/ssr_rates_by_age.csv'],
  build(ctx) {
    const { partDays, childShare } = buildEstablishments(ctx);

    // Published national figures (DREES Panorama 2019, fiches 18 and 19).
    const volume = figure(ctx, 'hospital_ssr', 'SSR stays and days 2019');
    const [stays, days] = numbersOf(volume.value ?? '') as [number, number];
    const mix = figure(ctx, 'hospital_ssr', 'share of part-time stays');
    const [partPct, womenPct, meanAge, medianAge, los] = numbersOf(mix.value ?? '') as [number, number, number, number, number];
    const stroke = readRawCsv(ctx, PUBLISHED).find((r) => r.indicator === 'share_stroke_patients_in_ssr');
    if (!stroke) throw new Error(`${PUBLISHED}: no stroke admission share`);
    const strokeP = Number(stroke.value) / 100;
    const long = readRawCsv(ctx, PUBLISHED).find((r) => r.indicator === 'share_full_time_stays_longer_than_3_months');
    if (!long) throw new Error(`${PUBLISHED}: no share of full-time stays longer than 3 months`);
    const losShape = gammaShapeForTail(los, THREE_MONTHS_DAYS, Number(long.value) / 100);

    // National MCO full stays by age band (PMSI 2016, data/mco_stay_rates.csv: women apart for obstetric stays)
    // and the mix of main diagnoses (data/mco_diagnoses.csv.gz, national, no age).
    const bands = new Map<number, { max: number; all: number; women: number; population: number }>();
    for (const r of readOut(ctx, 'mco_stay_rates.csv')) {
      if (r.type !== '0') continue;
      const min = Number(r.age_min);
      const b = bands.get(min) ?? { max: Number(r.age_max), all: 0, women: 0, population: 0 };
      b.all += Number(r.stays);
      b.population += Number(r.population);
      if (r.sex === '2') b.women += Number(r.stays);
      bands.set(min, b);
    }
    const ordered = [...bands.entries()].sort((a, b) => a[0] - b[0]);
    const fullStays = ordered.reduce((a, [, b]) => a + b.all, 0);
    const childStays = ordered.filter(([min]) => min < CHILD_AGE_LIMIT).reduce((a, [, b]) => a + b.all, 0);
    // Main diagnoses as the simulator draws them (src/world/hospital/StayDiagnoses.ts): national type-0 weights
    // among the codes allowed for the sex and age. `shareAt(kind, sex, age)` is the share of a kind.
    const diagnoses = readOut(ctx, 'mco_diagnoses.csv.gz')
      .filter((r) => r.type === '0')
      .map((r) => ({
        kind: (KINDS.find((x) => x.ranges !== '' && inRanges(r.cim ?? '', x.ranges)) ?? { kind: 'other' }).kind,
        sex: Number(r.sex),
        min: Number(r.age_min),
        max: Number(r.age_max),
        w: Number(r.weight),
      }));
    const shareAt = (kind: string, sex: 1 | 2, age: number): number => {
      let all = 0;
      let k = 0;
      for (const d of diagnoses) {
        if ((d.sex !== 0 && d.sex !== sex) || age < d.min || age > d.max) continue;
        all += d.w;
        if (d.kind === kind) k += d.w;
      }
      return all > 0 ? k / all : 0;
    };
    const totalWeight = diagnoses.reduce((a, d) => a + d.w, 0);
    const share = (kind: string): number => diagnoses.filter((d) => d.kind === kind).reduce((a, d) => a + d.w, 0) / totalWeight;

    // Children: SSR stays in children's units (SAE SSR_E share of full stays) per MCO full stay of a child.
    const pChild = (stays * childShare) / childStays;
    // Adults, band by band: stroke stays at the published admission share, obstetric stays never, the other stays
    // at c·exp(β·mid-age), with β such that the mean age at admission is the published mean and c such that adult
    // SSR stays are the national ones less the children's. The stroke and obstetric stays of a band are its full
    // stays of each sex × the share of the kind the simulator draws at the band's mid-age (so that the calibration
    // holds for the stays the simulator makes).
    const adult = ordered.filter(([min]) => min >= CHILD_AGE_LIMIT).map(([min, b]) => ({ min, max: b.max, mid: midAge(min, b.max), all: b.all, women: b.women, population: b.population }));
    const parts = adult.map((b) => {
      const age = Math.floor(b.mid);
      const men = b.all - b.women;
      const stroke = men * shareAt('stroke', 1, age) + b.women * shareAt('stroke', 2, age);
      const obst = men * shareAt('obstetric', 1, age) + b.women * shareAt('obstetric', 2, age);
      return { ...b, stroke, others: b.all - stroke - obst };
    });
    const adultSsr = stays * (1 - childShare);
    const strokeSsr = parts.reduce((a, b) => a + b.stroke * strokeP, 0);
    const fit = (beta: number): { c: number; mean: number } => {
      const base = parts.reduce((a, b) => a + b.others * Math.exp(beta * b.mid), 0);
      const c = (adultSsr - strokeSsr) / base;
      const ssrAt = (b: (typeof parts)[number]): number => b.stroke * strokeP + b.others * c * Math.exp(beta * b.mid);
      const mean = parts.reduce((a, b) => a + ssrAt(b) * b.mid, 0) / adultSsr;
      return { c, mean };
    };
    // The mean age of all SSR stays (children at the mid-age of their band) is the published mean.
    const childMid = midAge(0, CHILD_AGE_LIMIT - 1);
    const allMean = (beta: number): number => (fit(beta).mean * adultSsr + childMid * stays * childShare) / stays;
    let lo = 0;
    let hi = 0.5;
    if (allMean(lo) > meanAge || allMean(hi) < meanAge) throw new Error(`ssr: the published mean age ${meanAge} is out of reach`);
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (allMean(mid) < meanAge) lo = mid;
      else hi = mid;
    }
    const beta = (lo + hi) / 2;
    const { c } = fit(beta);
    const rows: Cell[][] = [['child', '', 0, CHILD_AGE_LIMIT - 1, round(pChild, 6), 'calibrated: SSR stays in children units (SAE 2023 SSR_E share) / MCO full stays aged 0-16']];
    rows.push(['stroke', KINDS[0]!.ranges, CHILD_AGE_LIMIT, 120, round(strokeP, 6), stroke.source ?? '']);
    rows.push(['obstetric', KINDS.find((k) => k.kind === 'obstetric')!.ranges, CHILD_AGE_LIMIT, 120, 0, 'modelling choice: childbirth is not followed by SSR']);
    for (const b of parts) {
      const p = c * Math.exp(beta * b.mid);
      if (!(p > 0 && p < 1)) throw new Error(`ssr: calibrated admission probability out of (0, 1) at ages ${b.min}-${b.max}: ${p}`);
      for (const k of KINDS) {
        if (k.kind === 'stroke' || k.kind === 'obstetric') continue;
        rows.push([k.kind, k.ranges, b.min, b.max, round(p, 6), 'calibrated: national SSR stays and mean age at admission (DREES 2019)']);
      }
    }
    writeTable(ctx, 'ssr_transfer.csv', ['kind', 'icd10_ranges', 'age_min', 'age_max', 'probability', 'source'], rows);

    // The national SSR stays per person-year by age band that this model implies (not published: derived from the
    // national total and mean age fed above), the reference `report` scales to a run's age structure.
    const childPopulation = ordered.filter(([min]) => min < CHILD_AGE_LIMIT).reduce((a, [, b]) => a + b.population, 0);
    writeTable(ctx, 'validation/ssr_rates_by_age.csv', ['age_min', 'age_max', 'rate', 'fed_to_simulate', 'note'], [
      [0, CHILD_AGE_LIMIT - 1, round((stays * childShare) / childPopulation, 6), 1, 'derived: national SSR stays x SAE children share / population 0-16 (2016)'],
      ...parts.map((b) => [b.min, b.max, round((b.stroke * strokeP + b.others * c * Math.exp(beta * b.mid)) / b.population, 6), 1, 'derived: calibrated admission probabilities x national MCO full stays of the band / population (2016)']),
    ]);

    const partStays = (stays * partPct) / 100;
    writeTable(ctx, 'ssr_parameters.csv', ['name', 'value', 'unit', 'source'], [
      ['part_time_share', round(partPct / 100, 4), 'share of SSR stays', 'DREES Panorama 2019 fiche 19 (figures.csv hospital_ssr)'],
      ['full_time_mean_los', los, 'days', 'DREES Panorama 2019 fiche 19 (figures.csv hospital_ssr)'],
      ['full_time_los_gamma_shape', round(losShape, 4), 'gamma shape', 'such that 5 % of full-time stays exceed 3 months (91 days) at the mean above (DREES 2008, published/ssr.csv)'],
      ['full_time_planned_mean_los', round(los * FULL_TIME_PLANNED_FACTOR, 2), 'days', `calibrated: the mean of the planned length (gamma of the shape above) whose stays, once cut by an MCO readmission or a death, have the published mean (factor ${FULL_TIME_PLANNED_FACTOR})`],
      ['part_time_sessions_per_stay', round(partDays / partStays, 2), 'day sessions per part-time stay', 'SAE 2023 part-time days (JOUHP, all establishments) / part-time stays 2019 (DREES)'],
      ['mco_full_stays_national', round(fullStays, 0), 'stays', 'data/mco_stay_rates.csv (ScanSanté PMSI MCO 2016)'],
      ['mco_full_stays_children', round(childStays, 0), 'stays', 'data/mco_stay_rates.csv, ages 0-16'],
      ['child_share_of_ssr_full_stays', round(childShare, 6), 'share', 'SAE 2023 SEJHC of SSR_E lines / SSR_TOT lines'],
      ['age_gradient_beta', round(beta, 6), 'per year of mid-age', 'calibrated: published mean age at admission 66 (DREES 2019)'],
      ['stroke_share_of_full_stays', round(share('stroke'), 6), 'share', 'data/mco_diagnoses.csv.gz type 0 weights, I60-I64'],
      ['obstetric_share_of_full_stays', round(share('obstetric'), 6), 'share', 'data/mco_diagnoses.csv.gz type 0 weights, O00-O99, Z30-Z37, Z39'],
    ]);

    // Published figures kept only to judge outputs (fed_to_simulate = 1 where the simulator was calibrated on them).
    const population = readOut(ctx, 'population.csv.gz')
      .filter((r) => r.year === '2019')
      .reduce((a, r) => a + Number(r.count), 0);
    const v = (id: string, name: string, value: number, unit: string, row: Record<string, string>, fed: number): Cell[] => [id, name, value, unit, row.year ?? '', row.scope ?? '', row.source_url ?? '', row.quote ?? '', fed];
    writeTable(ctx, 'validation/ssr_figures.csv', ['id', 'figure', 'value', 'unit', 'year', 'scope', 'source_url', 'quote', 'fed_to_simulate'], [
      v('stays_per_1000', 'SSR stays per 1 000 inhabitants (1.5 M stays / INSEE population 2019 of data/population.csv.gz)', round((stays / population) * 1000, 3), 'stays per 1 000', volume, 1),
      v('days', 'SSR days', days, 'days', volume, 0),
      v('part_time_share', 'share of part-time stays', round(partPct / 100, 4), 'share', mix, 1),
      v('women_share', 'share of women', round(womenPct / 100, 4), 'share', mix, 0),
      v('mean_age', 'mean age at admission', meanAge, 'years', mix, 1),
      v('median_age', 'median age at admission', medianAge, 'years', mix, 0),
      v('full_time_mean_los', 'mean length of full-time stays', los, 'days', mix, 1),
    ]);
  },
};
