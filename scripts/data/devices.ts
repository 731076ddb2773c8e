/**
 * Medical devices used at home, billed under the LPP (data/sources/65-devices.md).
 *
 *  - `devices.csv`: the programmes — CPAP for sleep apnoea and long-term oxygen (weekly forfaits of a rented device,
 *    billed every four weeks by a home-care provider, IR_NAT_V AAR) and glucose self-monitoring of insulin-treated
 *    diabetics (strips and lancets delivered by the pharmacy, IR_NAT_V AAD) —, who prescribes them, and the holders of
 *    which ALD are equipped with which probability (oxygen: 45 % of its patients hold ALD 14; glucose self-monitoring:
 *    the 640 000 insulin-treated daily self-monitors, all taken among the holders of ALD 8).
 *  - `device_items.csv`: what each delivery bills: LPP codes (NT_LPP) with their quantity and tariff (IR_LPP_V, the
 *    last value in force in 2019).
 *  - `device_prevalence.csv`: probability of being equipped outside the ALD route, by sex and 5-year band — CPAP: the
 *    published prevalence of each sex among adults (2017), spread over ages by the Open DAMIR 2019 spending profile;
 *    oxygen: the remaining 55 % of patients (2017), spread by the age profile of ALD 14.
 *  - `device_parameters.csv`: reimbursement rate, home-care providers per inhabitant and their IR_ACT_V activity.
 *  - `validation/device_figures.csv`: figures the report compares with (never read by `simulate`).
 */
import { type BuildContext, type Cell, type DataBuilder, figureTable, readOut, readRawCsv, round, sasDate, writeTable } from './lib';
import { bandsOf, damirProfile, natureOf } from './liberal-care';
import { readDeptBandsYears, type DeptBands } from './population';
import { activityOf } from './transport';

const FIGURES = 'published/devices.csv';
const NT_LPP = 'snds_nomenclatures/ORAREF/NT_LPP.csv.gz';
const IR_LPP_V = 'snds_nomenclatures/ORAVAL/IR_LPP_V.csv';
const SPE_FILE = 'snds_nomenclatures/ORAVAL/IR_SPE_V.csv';
/** The tariffs in force on this day (the simulated years; the nomenclature holds no later value for these codes). */
const TARIFF_DAY = '2019-12-31';
/** Population years: CPAP and oxygen counts of 2017, self-monitoring patients of 2016, providers of 2024 (latest INSEE: 2021). */
const YEARS = { cpap: 2017, oxygen: 2017, glucose: 2016, providers: 2021, spending: 2019 } as const;
/** First 5-year band of adults (20 years): the CPAP prevalence is published for adults aged 20 or more. */
const ADULT_BAND = 4;
/**
 * Weeks of forfait billed at once for a rented device (CPAP, oxygen). Modelling choice: the forfaits are weekly, the
 * provider's billing period is not published; four weeks is one prescription month.
 */
const RENTAL_WEEKS = 4;
/** Strips (and lancets) per box delivered to a self-monitoring patient (LPP 1186722, 1101826). */
const STRIPS_PER_BOX = 100;

/** The LPP code's label (NT_LPP) and its tariff in force on TARIFF_DAY (IR_LPP_V). */
function lppItem(ctx: BuildContext, code: number): { label: string; tariff: number; since: string } {
  const ref = readRawCsv(ctx, NT_LPP, { delimiter: ';' }).filter((r) => Number(r.LPP_PRS_IDE) === code);
  if (ref.length !== 1) throw new Error(`${NT_LPP}: expected one code ${code}, found ${ref.length}`);
  const values = readRawCsv(ctx, IR_LPP_V, { delimiter: ';' })
    .filter((r) => Number(r.LPP_COD) === code)
    .map((r) => ({ since: sasDate(r.VAL_DTD ?? ''), tariff: Number(r.LPP_TAR) }))
    .filter((v) => v.since <= TARIFF_DAY && Number.isFinite(v.tariff) && v.tariff > 0)
    .sort((a, b) => (a.since < b.since ? -1 : 1));
  const last = values[values.length - 1];
  if (!last) throw new Error(`${IR_LPP_V}: no tariff of code ${code} in force on ${TARIFF_DAY}`);
  return { label: (ref[0] as Record<string, string>).LPP_RED_LIB ?? '', tariff: last.tariff, since: last.since };
}

/** IR_SPE_V code of a specialty label. */
function specialtyOf(ctx: BuildContext, label: string): number {
  const m = readRawCsv(ctx, SPE_FILE, { delimiter: ';' }).filter((r) => r.PFS_SPE_LIB === label);
  if (m.length !== 1) throw new Error(`${SPE_FILE}: expected one specialty ${label}, found ${m.length}`);
  return Number((m[0] as Record<string, string>).PFS_SPE_COD);
}

/** National prevalence of an ALD by sex (0 men, 1 women) and 5-year band: the built prevalence weighted by the départements' population. */
function aldBands(ctx: BuildContext, ald: number, depts: readonly DeptBands[]): { prevalence: [number[], number[]]; holders: number } {
  const pop = new Map<string, number>();
  for (const d of depts) for (const s of [0, 1] as const) d.bands[s].forEach((n, b) => pop.set(`${s + 1}/${5 * b}/${d.dept}`, n));
  const held: [number[], number[]] = [new Array<number>(20).fill(0), new Array<number>(20).fill(0)];
  for (const r of readOut(ctx, 'ald_prevalence.csv.gz')) {
    if (Number(r.ald) !== ald) continue;
    const s = Number(r.sex) - 1;
    const b = Number(r.age_min) / 5;
    (held[s as 0 | 1] as number[])[b] = ((held[s as 0 | 1] as number[])[b] as number) + Number(r.prevalence) * (pop.get(`${r.sex}/${r.age_min}/${r.dept}`) ?? 0);
  }
  const national = bandsOf(depts);
  const prevalence: [number[], number[]] = [0, 1].map((s) => held[s as 0 | 1].map((h, b) => h / ((national[s as 0 | 1][b] as number) || 1))) as [number[], number[]];
  return { prevalence, holders: [...held[0], ...held[1]].reduce((a, b) => a + b, 0) };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

const VALIDATION_HEADER = ['indicator', 'value', 'unit', 'year', 'source', 'note', 'quote'];

export const devicesBuilder: DataBuilder = {
  name: 'devices',
  outputs: ['devices.csv', 'device_items.csv', 'device_prevalence.csv', 'device_parameters.csv', 'validation/device_figures.csv'],
  build(ctx) {
    const fig = figureTable(ctx, FIGURES);
    const years = readDeptBandsYears(ctx, [...new Set(Object.values(YEARS))]);
    const deptsOf = (y: number): DeptBands[] => years.get(y) ?? [];
    const popTotal = (y: number): number => sum(bandsOf(deptsOf(y)).flat());

    // CPAP: adults' prevalence of each sex (2017), spread over the adult bands by the Open DAMIR spending profile.
    const pop17 = bandsOf(deptsOf(YEARS.cpap));
    const damir = damirProfile(ctx, bandsOf(deptsOf(YEARS.spending)));
    const cpapTarget = [fig.value('mandereau_bruno_2021', 'cpap_prevalence_men') / 100, fig.value('mandereau_bruno_2021', 'cpap_prevalence_women') / 100];
    const cpap: [number[], number[]] = [0, 1].map((s) => {
      const shape = (damir[s as 0 | 1] as number[]).map((x, b) => (b >= ADULT_BAND ? x : 0));
      const adults = sum((pop17[s as 0 | 1] as number[]).slice(ADULT_BAND));
      const k = ((cpapTarget[s] as number) * adults) / sum(shape.map((x, b) => x * ((pop17[s as 0 | 1] as number[])[b] as number)));
      return shape.map((x) => Math.min(1, k * x));
    }) as [number[], number[]];

    // Oxygen: 45 % of patients among ALD 14 holders, the others by the age profile of ALD 14 among the rest.
    const oldPatients = fig.value('revue_praticien_old_2017', 'old_patients');
    const oldAldShare = fig.value('fuhrman_2014', 'old_ald_share') / 100;
    const ald14 = aldBands(ctx, 14, deptsOf(YEARS.oxygen));
    const oxygenAldProb = (oldAldShare * oldPatients) / ald14.holders;
    const rest = sum([0, 1].flatMap((s) => (ald14.prevalence[s as 0 | 1] as number[]).map((p, b) => p * ((pop17[s as 0 | 1] as number[])[b] as number) * (1 - p))));
    const kOxygen = ((1 - oldAldShare) * oldPatients) / rest;
    const oxygen: [number[], number[]] = [0, 1].map((s) => (ald14.prevalence[s as 0 | 1] as number[]).map((p) => Math.min(1, kOxygen * p))) as [number[], number[]];

    // Glucose self-monitoring: the insulin-treated daily self-monitors among the holders of ALD 8 (2016).
    const selfMonitoring = fig.value('viva_2016', 'insulin_self_monitoring_patients');
    const ald8 = aldBands(ctx, 8, deptsOf(YEARS.glucose));
    const glucoseAldProb = selfMonitoring / ald8.holders;
    if (glucoseAldProb > 1 || oxygenAldProb > 1) throw new Error('devices: more patients than holders of the ALD');
    const testsPerDay = fig.value('ameli_asg', 'capillary_tests_per_day');

    const aar = natureOf(ctx, 'AAR');
    const aad = natureOf(ctx, 'AAD');
    const provider = activityOf(ctx, 'FOURNISSEUR (SOCIETE)');
    const pharmacy = activityOf(ctx, 'PHARMACIE D OFFICINE');
    const pneumology = specialtyOf(ctx, 'PNEUMOLOGIE');
    const rentalDays = 7 * RENTAL_WEEKS;
    const stripDays = Math.round(STRIPS_PER_BOX / testsPerDay);
    writeTable(
      ctx,
      'devices.csv',
      ['device', 'prs_nat', 'executant_activity', 'prescriber_specialty', 'interval_days', 'rental', 'ald', 'ald_prob', 'note'],
      [
        ['cpap', aar, provider, pneumology, rentalDays, 1, 0, 0, `weekly forfaits billed ${RENTAL_WEEKS} at a time by a home-care provider; prescribed by a pneumologist`],
        ['oxygen', aar, provider, pneumology, rentalDays, 1, 14, round(oxygenAldProb, 6), `${100 * oldAldShare} % of the ${oldPatients} long-term oxygen patients (2017) among the ${Math.round(ald14.holders)} holders of ALD 14`],
        ['glucose', aad, pharmacy, 0, stripDays, 0, 8, round(glucoseAldProb, 6), `${selfMonitoring} insulin-treated daily self-monitors among the ${Math.round(ald8.holders)} holders of ALD 8 (2016); ${STRIPS_PER_BOX} strips at ${testsPerDay} tests a day; prescribed by the GP`],
      ],
    );

    const items: [string, number, number][] = [
      ['cpap', 1100040, RENTAL_WEEKS],
      ['oxygen', 1136581, RENTAL_WEEKS],
      ['glucose', 1186722, 1],
      ['glucose', 1101826, 1],
    ];
    const itemRows = items.map(([device, code, quantity], i) => {
      const it = lppItem(ctx, code);
      return [device, i + 1, code, quantity, it.tariff, it.since, it.label] as Cell[];
    });
    writeTable(ctx, 'device_items.csv', ['device', 'order', 'lpp', 'quantity', 'unit_price_eur', 'tariff_since', 'label'], itemRows);

    const prevalenceRows: Cell[][] = [];
    for (const [device, table] of [
      ['cpap', cpap],
      ['oxygen', oxygen],
    ] as const)
      for (const s of [0, 1] as const) for (let b = 0; b < 20; b++) prevalenceRows.push([device, s + 1, 5 * b, round(table[s][b] as number, 7)]);
    writeTable(ctx, 'device_prevalence.csv', ['device', 'sex', 'age_min', 'prevalence'], prevalenceRows);

    const popProviders = popTotal(YEARS.providers);
    writeTable(
      ctx,
      'device_parameters.csv',
      ['name', 'value', 'note'],
      [
        ['reimbursement_rate_pct', fig.value('ash_2703', 'reimbursement_rate'), 'patients pay 40 % of LPP devices; 100 % for ALD-related devices'],
        ['providers_per_inhabitant', round(fig.value('upsadi_2025', 'home_care_providers') / popProviders, 9), `2 300 home-care providers (2024) ÷ population ${popProviders} (INSEE ${YEARS.providers})`],
        ['provider_activity', provider, 'IR_ACT_V « FOURNISSEUR (SOCIETE) »'],
      ],
    );

    const validation: Cell[][] = [
      ['cpap_prevalence_70_74', fig.value('mandereau_bruno_2021', 'cpap_prevalence_70_74'), '% of persons aged 70–74', 2017, 'mandereau_bruno_2021', 'not fed: the simulator takes the prevalence of each sex among adults and spreads it by the Open DAMIR spending profile', fig.quote('mandereau_bruno_2021', 'cpap_prevalence_70_74')],
      ['glucose_reimbursed_per_ald8_holder', round(fig.value('ameli_asg', 'reimbursed_jun2016_may2017') / ald8.holders, 2), '€ per holder of ALD 8 and year', 2017, 'ameli_asg', `515 M€ reimbursed from June 2016 to May 2017 (strips, lancets and readers, all regimes; the twelve months before FreeStyle Libre, capillary self-monitoring as simulated) ÷ the ${Math.round(ald8.holders)} holders of ALD 8 of France (CNAM prevalence 2016 × INSEE population 2016), so that the département's diabetes prevalence does not enter the comparison; not fed: the simulator takes the insulin-treated self-monitors and four tests a day`, fig.quote('ameli_asg', 'reimbursed_jun2016_may2017')],
      ['capillary_cost_per_year', fig.value('ameli_asg', 'capillary_cost_per_year'), '€ per patient-year', 2017, 'ameli_asg', 'mean yearly cost of capillary self-monitoring at four tests a day (with a reader, over four years)', fig.quote('ameli_asg', 'capillary_cost_per_year')],
      ['lpp_ville_per_inhabitant', round(fig.value('upsadi_ceps_2019', 'lpp_ville_spending') / popTotal(YEARS.spending), 2), '€ per inhabitant-year', 2019, 'upsadi_ceps_2019', `7.46 bn € of LPP « ville » spending (2019) ÷ population ${popTotal(YEARS.spending)} (INSEE 2019): every device of the LPP, of which the simulated programmes are a part`, fig.quote('upsadi_ceps_2019', 'lpp_ville_spending')],
    ];
    writeTable(ctx, 'validation/device_figures.csv', VALIDATION_HEADER, validation);
  },
};
