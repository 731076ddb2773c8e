/**
 * The time texture of care: `data/care_weekday_profiles.csv` (activity by day of the week and on public
 * holidays, per care kind), `data/ili_weekly.csv.gz` (weekly influenza-like-illness incidence by region,
 * Réseau Sentinelles), `data/care_seasonal_parameters.csv` (how strongly acute care follows that
 * incidence, and the summer-holiday dip), and `data/validation/texture_figures.csv` (published figures
 * kept only to judge outputs; `simulate` never reads `data/validation/`).
 *
 * Every number comes from a raw file: the quetiapine dispensings per day of the sndsTools benchmark (real
 * SNDS counts), the CNAMTS GP weekday figures and the antibiotic winter figure of `published_figures_2`,
 * the Sentinelles series and the Open DAMIR care-month amounts. The few modelling choices (kinds without
 * a published profile) are structural (a day is open like a weekday, or closed) or borrow a derived
 * weight; they are listed in `data/sources/56-texture.md`.
 */
import type { BuildContext, Cell, DataBuilder } from './lib';
import { numbersOf, PUBLISHED_FIGURES, publishedFigure, readRawCsv, readRawRows, round, writeTable } from './lib';
import { dayFromYmd, parseIsoDate, ymdFromDay } from '../../src/events/calendar';
import { dayOfWeek, isFrenchPublicHoliday, isoWeek, WEEKDAY_NAMES } from '../../src/events/holidays';

const QUETIAPINE = 'sndstools_benchmark_quetiapine/benchmark_sndstools_vs_r.csv';
const FIGURES = PUBLISHED_FIGURES;
const ILI_FRANCE = 'sentinelles_ili/incidence-PAY-3_198444-202101.csv';
const ILI_REGIONS = 'sentinelles_ili/incidence-RDD-3_198444-201945.csv.gz';
const DAMIR_MONTHS = 'opendamir_derived_alissonbonatto/RAC_nouveau_GLM.csv.gz';

/** Columns of the profile table: the seven ISO weekdays, then public holidays. */
const PROFILE_DAYS = [...WEEKDAY_NAMES, 'holiday'] as const;
type ProfileDay = (typeof PROFILE_DAYS)[number];
type Profile = Record<ProfileDay, number>;

/**
 * A day counts as open (a planned chronic refill or check-up may stay on it) when its activity is at
 * least a quarter of that of an average weekday. Modelling choice: it makes Saturday open for
 * pharmacies (0.59) and for GPs (0.43: Saturday mornings), and Sundays and holidays closed for both
 * (on-duty pharmacies 1–2 %, on-call GPs about 5 % of a weekday).
 */
const OPEN_SHARE = 0.25;

/**
 * Pharmacy dispensings: mean sndsTools row count per weekday over 1–14 January 2023, relative to the
 * mean of the ten Monday–Friday days. 1 January 2023 was a Sunday and a public holiday: it gives the
 * holiday weight, and only Sunday 8 January gives the Sunday weight (a holiday on a weekday closes
 * pharmacies like a Sunday — the benchmark has no weekday holiday to say otherwise).
 */
function pharmacyProfile(ctx: BuildContext): Profile {
  const rows = readRawCsv(ctx, QUETIAPINE).filter((r) => r.requete === 'sndsTools');
  const sums = new Map<ProfileDay, { n: number; k: number }>();
  for (const r of rows) {
    const d = parseIsoDate(r.EXE_SOI_DTD ?? '');
    if (d === undefined) throw new Error(`${QUETIAPINE}: bad date ${r.EXE_SOI_DTD}`);
    const key: ProfileDay = isFrenchPublicHoliday(d) ? 'holiday' : (WEEKDAY_NAMES[dayOfWeek(d)] as ProfileDay);
    const s = sums.get(key) ?? { n: 0, k: 0 };
    s.n += Number(r.n);
    s.k += 1;
    sums.set(key, s);
  }
  const mean = (k: ProfileDay): number => {
    const s = sums.get(k);
    if (!s) throw new Error(`${QUETIAPINE}: no ${k} in the benchmark`);
    return s.n / s.k;
  };
  const weekdayMean = (['mon', 'tue', 'wed', 'thu', 'fri'] as const).reduce((a, k) => a + mean(k), 0) / 5;
  const p = {} as Profile;
  for (const k of PROFILE_DAYS) p[k] = mean(k) / weekdayMean;
  return p;
}

/**
 * GP consultations and visits (CNAMTS, Point Stat n° 33, week of 11–19 March 2000): Monday = 20 % of
 * the week, Sunday "un peu plus de 1 %"; 90 % of GPs work Monday–Friday and 80 % on Saturday. The
 * remaining share is spread over Tuesday–Saturday with Tuesday–Friday equal (the text ranks Tuesday and
 * Friday next without figures) and Saturday a morning (half a day, modelling choice) of the 80/90 of GPs
 * at work. Holidays are taken as Sundays (on-call GPs only; modelling choice).
 */
function gpProfile(ctx: BuildContext): Profile {
  const monday = numbersOf(publishedFigure(ctx, 'day_of_week_gp', 'Monday share').value ?? '')[0];
  const sunday = numbersOf(publishedFigure(ctx, 'day_of_week_gp', 'Sunday share').value ?? '')[0];
  const active = numbersOf(publishedFigure(ctx, 'day_of_week_gp', 'share of GPs active Monday-Friday').value ?? '');
  if (monday === undefined || sunday === undefined || active.length !== 2) throw new Error(`${FIGURES}: GP weekday figures not found`);
  const [weekdayActive, saturdayActive] = active as [number, number];
  const halfDay = 0.5;
  const saturdayRatio = (saturdayActive / weekdayActive) * halfDay;
  const rest = (100 - monday - sunday) / 100;
  const tueFri = rest / (4 + saturdayRatio);
  const share: Profile = {
    mon: monday / 100,
    tue: tueFri,
    wed: tueFri,
    thu: tueFri,
    fri: tueFri,
    sat: tueFri * saturdayRatio,
    sun: sunday / 100,
    holiday: sunday / 100,
  };
  const weekdayMean = (share.mon + share.tue + share.wed + share.thu + share.fri) / 5;
  const p = {} as Profile;
  for (const k of PROFILE_DAYS) p[k] = share[k] / weekdayMean;
  return p;
}

/** A profile open Monday–Friday (1), with the given Saturday weight, closed on Sundays and holidays. */
function weekdayProfile(saturday: number, sunday: number, holiday: number): Profile {
  return { mon: 1, tue: 1, wed: 1, thu: 1, fri: 1, sat: saturday, sun: sunday, holiday };
}

interface KindProfile {
  readonly kind: string;
  readonly profile: Profile;
  readonly basis: string;
}

function profiles(ctx: BuildContext): KindProfile[] {
  const pharmacy = pharmacyProfile(ctx);
  const gp = gpProfile(ctx);
  return [
    { kind: 'pharmacy_dispensing', profile: pharmacy, basis: 'sndsTools benchmark, quetiapine dispensings per day, France, 1-14 Jan 2023' },
    { kind: 'acute_dispensing', profile: pharmacy, basis: 'as pharmacy_dispensing (same pharmacies; modelling choice)' },
    { kind: 'gp_consultation', profile: gp, basis: 'CNAMTS Point Stat 33 (2001): Monday 20 %, Sunday 1 %, 90 %/80 % of GPs active Mon-Fri/Sat; Saturday a half day (choice)' },
    { kind: 'specialist_consultation', profile: weekdayProfile(gp.sat, 0, 0), basis: 'modelling choice: weekdays equal, Saturday as GPs, closed Sunday and holidays' },
    { kind: 'ccam_act', profile: weekdayProfile(gp.sat, 0, 0), basis: 'modelling choice: weekdays equal, Saturday as GPs, closed Sunday and holidays' },
    { kind: 'lab_test', profile: weekdayProfile(pharmacy.sat, 0, 0), basis: 'modelling choice: weekdays equal, Saturday as pharmacies, closed Sunday and holidays' },
    { kind: 'scheduled_admission', profile: weekdayProfile(0, 0, 0), basis: 'modelling choice: planned admissions Monday-Friday, not on holidays' },
    { kind: 'emergency_admission', profile: weekdayProfile(1, 1, 1), basis: 'modelling choice: every day alike (no open figure)' },
    { kind: 'death', profile: weekdayProfile(1, 1, 1), basis: 'modelling choice: every day alike' },
    { kind: 'birth', profile: weekdayProfile(1, 1, 1), basis: 'modelling choice: every day alike' },
  ];
}

interface IliRow {
  readonly region: string;
  readonly year: number;
  readonly week: number;
  readonly inc100: number;
}

/**
 * The Sentinelles ILI series: France (FR) from the download of January 2021, the 13 metropolitan
 * regions (2016 INSEE codes) from the regional download of November 2019. `inc100` = estimated cases
 * per 100 000 inhabitants in the week.
 */
function iliRows(ctx: BuildContext): IliRow[] {
  const out: IliRow[] = [];
  const take = (rows: readonly (readonly string[])[], file: string): void => {
    const header = rows.findIndex((r) => r[0] === 'week');
    if (header < 0) throw new Error(`${file}: no header line`);
    const cols = rows[header] as string[];
    const iw = cols.indexOf('week');
    const ii = cols.indexOf('inc100');
    const ig = cols.indexOf('geo_insee');
    for (const r of rows.slice(header + 1)) {
      const w = Number(r[iw]);
      const inc = Number(r[ii]);
      if (!Number.isInteger(w) || r[ii] === '' || !Number.isFinite(inc)) throw new Error(`${file}: bad row ${r.join(',')}`);
      out.push({ region: r[ig] ?? '', year: Math.floor(w / 100), week: w % 100, inc100: inc });
    }
  };
  take(readRawRows(ctx, ILI_FRANCE), ILI_FRANCE);
  // Its first line is a `# @source=…` title: skipped as a comment, it does not make every record « inconsistent » with
  // it (csv-parse builds an error object for each, then ignores it: 0.86 s of the parse).
  take(readRawRows(ctx, ILI_REGIONS, { encoding: 'latin1', comment: '#' }), ILI_REGIONS);
  const key = (r: IliRow): string => `${r.region === 'FR' ? '' : r.region}|${r.year}|${String(r.week).padStart(2, '0')}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Years of the France series used to fit the winter excess: the ten complete pre-COVID years. */
const FIT_YEARS = [2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019];

/**
 * β of the acute-care seasonal multiplier `1 + β × ILI(week) / mean ILI(year)`, chosen so that its
 * mean over the winter days (December, January, February of the fit years) exceeds its mean over the
 * other days by the published winter increase of outpatient antibiotic use ("plus de 20 %"; the lower
 * bound is taken). With a = mean of ILI/mean over winter days and b the same over the other days,
 * (1 + βa) / (1 + βb) = 1 + x gives β = x / (a − (1 + x) b).
 */
function fitBeta(ili: readonly IliRow[], winterIncrease: number): { beta: number; a: number; b: number } {
  const fr = new Map(ili.filter((r) => r.region === 'FR').map((r) => [`${r.year}|${r.week}`, r.inc100]));
  let winterSum = 0;
  let winterN = 0;
  let otherSum = 0;
  let otherN = 0;
  for (const y of FIT_YEARS) {
    const days: { rel: number; month: number }[] = [];
    for (let d = dayFromYmd(y, 1, 1); d < dayFromYmd(y + 1, 1, 1); d += 1) {
      const w = isoWeek(d);
      const v = fr.get(`${w.year}|${w.week}`);
      if (v === undefined) throw new Error(`${ILI_FRANCE}: week ${w.year}-${w.week} missing`);
      days.push({ rel: v, month: ymdFromDay(d).month });
    }
    const mean = days.reduce((s, x) => s + x.rel, 0) / days.length;
    for (const x of days) {
      if (x.month === 12 || x.month <= 2) {
        winterSum += x.rel / mean;
        winterN += 1;
      } else {
        otherSum += x.rel / mean;
        otherN += 1;
      }
    }
  }
  const a = winterSum / winterN;
  const b = otherSum / otherN;
  return { beta: winterIncrease / (a - (1 + winterIncrease) * b), a, b };
}

/**
 * Summer-holiday dip: reimbursed amounts per day of care in July and August 2019 (Open DAMIR, all
 * prestations, all regions except "unknown" 99) relative to the mean per day of the months outside
 * winter and summer (March–June, September–November). 2019 is the last year before COVID-19.
 */
function summerDip(ctx: BuildContext): { july: number; august: number } {
  const perMonth = new Map<number, number>();
  for (const r of readRawCsv(ctx, DAMIR_MONTHS)) {
    if (Number(r.SOI_ANN) !== 2019 || Number(r.BEN_RES_REG) === 99) continue;
    const m = Number(r.SOI_MOI);
    perMonth.set(m, (perMonth.get(m) ?? 0) + Number(r.FLT_REM_MNT));
  }
  const perDay = (m: number): number => {
    const v = perMonth.get(m);
    if (v === undefined) throw new Error(`${DAMIR_MONTHS}: month ${m} of 2019 missing`);
    return v / (dayFromYmd(m === 12 ? 2020 : 2019, m === 12 ? 1 : m + 1, 1) - dayFromYmd(2019, m, 1));
  };
  const ref = [3, 4, 5, 6, 9, 10, 11].reduce((s, m) => s + perDay(m), 0) / 7;
  return { july: perDay(7) / ref, august: perDay(8) / ref };
}

/**
 * Topics of `figures.csv` kept as validation figures, and the figures that are also fed to the
 * simulator (those can only check consistency, not validate).
 */
const VALIDATION_TOPICS = [
  'day_of_week_gp',
  'seasonality_antibiotics',
  'gp_consultations_volume',
  'gp_distinct_per_patient',
  'gp_patients_per_gp',
  'concentration_spending',
  'hospital_all_fields',
  'hospital_mco',
  'cartographie',
  'nurses_ami_ais',
  'physio_kine',
];
// The last four are fed by scripts/data/heterogeneity.ts (care propensity and choice of GP).
const FED_FIGURES = [
  'Monday share',
  'Sunday share',
  'share of GPs active Monday-Friday',
  'winter increase of outpatient antibiotic',
  'persons seen by GPs in the year',
  'at least 2 different GPs',
  'share of hospitalised patients with a single stay',
  'share with ALD patients',
];

function validationRows(ctx: BuildContext): Cell[][] {
  const rows = readRawCsv(ctx, FIGURES);
  const out: Cell[][] = [];
  rows.forEach((r, i) => {
    const topic = r.topic ?? '';
    if (!VALIDATION_TOPICS.includes(topic)) return;
    const fig = r.figure ?? '';
    const fed = FED_FIGURES.some((p) => fig.includes(p)) ? 1 : 0;
    // The row number in figures.csv (1 = first data row) identifies the figure for reports.
    out.push([`figures_2_${i + 1}`, topic, fig, r.value ?? '', r.unit ?? '', r.year ?? '', r.scope ?? '', r.source_url ?? '', r.quote ?? '', fed]);
  });
  return out.sort((a, b) => (String(a[1]) < String(b[1]) ? -1 : String(a[1]) > String(b[1]) ? 1 : Number(String(a[0]).slice(10)) - Number(String(b[0]).slice(10))));
}

export const textureBuilder: DataBuilder = {
  name: 'texture',
  outputs: ['care_weekday_profiles.csv', 'ili_weekly.csv.gz', 'care_seasonal_parameters.csv', 'validation/texture_figures.csv'],
  build(ctx: BuildContext): void {
    const prof = profiles(ctx);
    writeTable(
      ctx,
      'care_weekday_profiles.csv',
      ['kind', 'day', 'weight', 'open', 'basis'],
      prof.flatMap((k) => PROFILE_DAYS.map((d) => [k.kind, d, round(k.profile[d], 4), k.profile[d] >= OPEN_SHARE ? 1 : 0, k.basis])),
    );

    const ili = iliRows(ctx);
    writeTable(
      ctx,
      'ili_weekly.csv.gz',
      ['region', 'iso_year', 'iso_week', 'inc100'],
      ili.map((r) => [r.region, r.year, r.week, r.inc100]),
    );

    const winter = publishedFigure(ctx, 'seasonality_antibiotics', 'winter increase of outpatient antibiotic');
    const increase = numbersOf(winter.value ?? '')[0];
    if (increase === undefined) throw new Error(`${FIGURES}: antibiotic winter increase not found`);
    const { beta, a, b } = fitBeta(ili, increase / 100);
    const dip = summerDip(ctx);
    const basisBeta = `fitted so that Dec-Feb is ${increase} % above the rest of the year (antibiotics, published_figures_2) on the Sentinelles France series ${FIT_YEARS[0]}-${FIT_YEARS[FIT_YEARS.length - 1]} (winter mean ILI/annual mean ${round(a, 3)}, other months ${round(b, 3)})`;
    const basisDip = 'Open DAMIR 2019 reimbursed amounts per day of care, month / mean of Mar-Jun and Sep-Nov';
    writeTable(
      ctx,
      'care_seasonal_parameters.csv',
      ['kind', 'parameter', 'value', 'basis'],
      ['gp_consultation', 'acute_dispensing'].flatMap((kind) => [
        [kind, 'ili_beta', round(beta, 4), basisBeta],
        [kind, 'july', round(dip.july, 4), basisDip],
        [kind, 'august', round(dip.august, 4), basisDip],
      ]),
    );

    writeTable(
      ctx,
      'validation/texture_figures.csv',
      ['id', 'topic', 'figure', 'value', 'unit', 'year', 'scope', 'source_url', 'quote', 'fed_to_simulate'],
      validationRows(ctx),
    );
  },
};
