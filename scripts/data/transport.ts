/**
 * Patient transport by ambulance, VSL and taxi (data/sources/64-transport.md).
 *
 *  - `transport_modes.csv`: per mode, the DCIR nature (IR_NAT_V ABA, VSL, TXI), the transporter's activity
 *    (IR_ACT_V 55 « ambulancier », 56 « taxi »), the mean amount of a trip (2012 spending ÷ trips, Cour des
 *    comptes) and its split into a forfait and a price per km (ambulances: the conventional tariff of 2013;
 *    VSL and taxis: in proportion to the distance, their forfaits of 2012 not being published).
 *  - `transport_parameters.csv`: who is transported — every hospital episode (full stay: both legs; same-day stay:
 *    a round trip; a person's series of sessions: a round trip per session) with the probability of a
 *    transported patient among hospitalised patients; dialysis sessions with the probability that gives the
 *    published transport cost of a haemodialysis patient; round trips for the outpatient care of a long-term
 *    disease (ALD) of patients who need transport, at the rate that brings the national trips per person-year to the
 *    published count.
 *  - `validation/transport_figures.csv`: figures the report compares with (never read by `simulate`).
 */
import { type BuildContext, type Cell, type DataBuilder, figureTable, readOut, readRawCsv, round, writeTable } from './lib';
import { natureOf } from './liberal-care';
import { readDeptBandsYears } from './population';

const FIGURES = 'published/transport.csv';
const ACT_FILE = 'snds_nomenclatures/ORAVAL/IR_ACT_V.csv';
/** Population years: trips and patients of 2012, firms of 2023 (latest INSEE estimate: 2021), ALD prevalence of 2019. */
const TRIPS_YEAR = 2012;
const FIRMS_POPULATION_YEAR = 2021;
const ALD_YEAR = 2019;
/**
 * Share of the ALDs held per year that are held by patients who need transport (transported for a hospital episode
 * other than dialysis, from then on), who alone are driven to their outpatient ALD care. No published figure: fitted
 * so that the trips of `simulate --region 35 --population 20000 --seed 1` (2019) come to the published trips per
 * person-year (0.963); with dialysis and chemotherapy tied to their ALD, 19 618 trips for about 20 100 person-years
 * (0.98) on the shared test database (seed 7).
 */
const DEPENDENT_ALD_SHARE = 0.06;
/** Shape of the gamma distribution of a trip's distance (a modelling choice: mode below the mean, long right tail). */
const KM_SHAPE = 2;

/** The IR_ACT_V activity code of a label (« AMBULANCIER », « TAXI »). */
export function activityOf(ctx: BuildContext, label: string): number {
  const m = readRawCsv(ctx, ACT_FILE, { delimiter: ';' }).filter((r) => r.ACT_NAT_LIB === label);
  if (m.length !== 1) throw new Error(`${ACT_FILE}: expected one activity ${label}, found ${m.length}`);
  return Number((m[0] as Record<string, string>).PFS_ACT_NAT);
}

/** Hospital events per person-year in France from the built MCO tables: full stays, same-day stays, sessions by kind. */
function hospitalEvents(ctx: BuildContext): { full: number; sameDay: number; dialysis: number; otherSessions: number; dialysisSessionsPerYear: number } {
  const stays = [0, 0, 0];
  const population = new Map<string, number>();
  for (const r of readOut(ctx, 'mco_stay_rates.csv')) {
    const t = Number(r.type);
    stays[t] = (stays[t] ?? 0) + Number(r.stays);
    population.set(`${r.region}/${r.sex}/${r.age_min}`, Number(r.population));
  }
  const pop = [...population.values()].reduce((a, b) => a + b, 0);
  const kinds = [...readOut(ctx, 'session_kinds.csv')].sort((a, b) => Number(a.order) - Number(b.order));
  const dialysisKind = kinds.find((k) => k.name === 'dialysis');
  if (!dialysisKind) throw new Error('session_kinds.csv has no dialysis kind');
  const prefixes = (dialysisKind.prefixes ?? '').split(' ');
  let dialysisWeight = 0;
  let all = 0;
  for (const r of readOut(ctx, 'mco_diagnoses.csv.gz')) {
    if (r.type !== '2') continue;
    const w = Number(r.weight);
    all += w;
    const first = kinds.find((k) => (k.prefixes ?? '').split(' ').some((p) => (r.cim ?? '').startsWith(p)));
    if (first === dialysisKind && prefixes.some((p) => p !== '' && (r.cim ?? '').startsWith(p))) dialysisWeight += w;
  }
  const intervals = (dialysisKind.intervals ?? '').split(' ').map(Number);
  const meanInterval = intervals.reduce((a, b) => a + b, 0) / intervals.length;
  const sessions = (stays[2] as number) / pop;
  return {
    full: (stays[0] as number) / pop,
    sameDay: (stays[1] as number) / pop,
    dialysis: (sessions * dialysisWeight) / all,
    otherSessions: (sessions * (all - dialysisWeight)) / all,
    dialysisSessionsPerYear: 365.25 / meanInterval,
  };
}

/** ALDs held per inhabitant in France (one person may hold several), from the built prevalence by sex, age band and département. */
function aldsPerInhabitant(ctx: BuildContext): number {
  const bands = readDeptBandsYears(ctx, [ALD_YEAR]).get(ALD_YEAR) ?? [];
  const pop = new Map<string, number>();
  let total = 0;
  for (const d of bands)
    for (const s of [0, 1] as const)
      d.bands[s].forEach((n, b) => {
        pop.set(`${s + 1}/${5 * b}/${d.dept}`, n);
        total += n;
      });
  let alds = 0;
  for (const r of readOut(ctx, 'ald_prevalence.csv.gz')) alds += Number(r.prevalence) * (pop.get(`${r.sex}/${r.age_min}/${r.dept}`) ?? 0);
  return alds / total;
}

function populationOf(ctx: BuildContext, year: number): number {
  let total = 0;
  for (const d of readDeptBandsYears(ctx, [year]).get(year) ?? []) for (const s of [0, 1] as const) for (const n of d.bands[s]) total += n;
  return total;
}

const VALIDATION_HEADER = ['indicator', 'value', 'unit', 'year', 'source', 'note', 'quote'];

export const transportBuilder: DataBuilder = {
  name: 'transport',
  outputs: ['transport_modes.csv', 'transport_parameters.csv', 'validation/transport_figures.csv'],
  build(ctx) {
    const fig = figureTable(ctx, FIGURES);
    const S = 'ccomptes_via_mecss_2014';
    const pop2012 = populationOf(ctx, TRIPS_YEAR);
    const trips = fig.value('an_2012_transports_267847', 'trips');
    const patients = fig.value('an_2012_transports_267847', 'patients');
    const tripsPerPy = trips / pop2012;
    const mean = {
      ambulance: fig.value(S, 'spending_ambulance') / fig.value(S, 'trips_ambulance'),
      vsl: fig.value(S, 'spending_vsl') / fig.value(S, 'trips_vsl'),
      taxi: fig.value(S, 'spending_taxi') / fig.value(S, 'trips_taxi'),
    };
    const ambulanceTripsPerPy = fig.value(S, 'trips_ambulance') / pop2012;
    const vslShare = fig.value('thevenoud_2014', 'seated_share_vsl') / 100;
    const seatedMean = vslShare * mean.vsl + (1 - vslShare) * mean.taxi;
    const forfait = fig.value('ameli_ambulance_2013', 'forfait_departemental');
    const kmRate = fig.value('ameli_ambulance_2013', 'km_rate');
    // The mean distance that gives the ambulances' mean amount at their tariff; the same distances for every mode.
    const meanKm = (mean.ambulance - forfait) / kmRate;
    if (!(meanKm > 0)) throw new Error('transport: the ambulance forfait exceeds the mean amount of a trip');

    const ev = hospitalEvents(ctx);
    // Dialysis: seated round trips at each session, with the probability that gives the published yearly cost.
    const dialysisProb = Math.min(1, fig.value('cpam_champagne_via_mecss_2014', 'transport_per_haemodialysis_patient') / (2 * ev.dialysisSessionsPerYear * seatedMean));
    const dialysisTrips = 2 * ev.dialysis * dialysisProb;
    // Other hospital episodes: transported patients ÷ hospitalised patients.
    const episodeProb = patients / fig.value('atih_2016', 'hospitalised_patients');
    const hospitalTrips = episodeProb * 2 * (ev.full + ev.sameDay + ev.otherSessions);
    // The rest of the published trips: round trips for outpatient care of an ALD, per ALD held.
    const alds = aldsPerInhabitant(ctx);
    const aldRoundTrips = (tripsPerPy - dialysisTrips - hospitalTrips) / (2 * alds);
    if (!(aldRoundTrips > 0)) throw new Error(`transport: hospital trips (${hospitalTrips}) and dialysis (${dialysisTrips}) exceed the published trips (${tripsPerPy}) per person-year`);
    // Ambulances take their published share of all trips, from the trips other than dialysis (seated).
    const ambulanceShare = ambulanceTripsPerPy / (tripsPerPy - dialysisTrips);
    if (!(ambulanceShare < 1)) throw new Error('transport: ambulance trips exceed the trips other than dialysis');

    const popFirms = populationOf(ctx, FIRMS_POPULATION_YEAR);
    const params: Cell[][] = [
      ['trips_per_person_year', round(tripsPerPy, 6), `${trips} trips (2012) ÷ population ${pop2012} (INSEE 2012)`],
      ['hospital_episode_prob', round(episodeProb, 6), `${patients} transported patients (2012) ÷ 12.6 M hospitalised patients (ATIH 2016)`],
      ['dialysis_session_prob', round(dialysisProb, 6), `13 000 € a year per haemodialysis patient ÷ (2 × ${round(ev.dialysisSessionsPerYear, 2)} sessions × ${round(seatedMean, 2)} € a seated trip)`],
      ['ald_round_trips_per_dependent_ald_year', round(aldRoundTrips / DEPENDENT_ALD_SHARE, 6), `(trips per person-year − dialysis ${round(dialysisTrips, 4)} − hospital episodes ${round(hospitalTrips, 4)}) ÷ (2 × ${round(alds, 4)} ALDs per inhabitant, 2019) ÷ ${DEPENDENT_ALD_SHARE} of them held by patients who need transport (fitted)`],
      ['ald_series_round_trips', fig.value('an_2012_transports_267847', 'series_round_trips'), 'round trips of a series of outpatient treatments, one an open day (26 radiotherapy sessions in six weeks, an example quoted in 2012)'],
      ['ambulance_share', round(ambulanceShare, 6), 'ambulance trips ÷ trips other than dialysis (dialysis is seated)'],
      ['vsl_share_seated', round(vslShare, 4), 'Thévenoud 2014: seated trips 45 % VSL, 55 % taxis'],
      ['mean_km', round(meanKm, 3), `(ambulance mean ${round(mean.ambulance, 2)} € − forfait ${forfait} €) ÷ ${kmRate} € per km`],
      ['km_shape', KM_SHAPE, 'gamma shape of the distance (modelling choice)'],
      ['reimbursement_rate_pct', fig.value('dossierfamilial_transport', 'reimbursement_rate'), '100 % for ALD-related transport'],
      ['firms_sanitary_per_inhabitant', round(fig.value('ifrap_cnam_2023', 'firms_sanitary') / popFirms, 9), `5 212 firms (2023) ÷ population ${popFirms} (INSEE ${FIRMS_POPULATION_YEAR})`],
      ['firms_taxi_per_inhabitant', round(fig.value('ifrap_cnam_2023', 'firms_taxi') / popFirms, 9), `28 916 firms (2023) ÷ population ${popFirms} (INSEE ${FIRMS_POPULATION_YEAR})`],
    ];
    const ambulanceActivity = activityOf(ctx, 'AMBULANCIER');
    const modes: Cell[][] = [
      ['ambulance', natureOf(ctx, 'ABA'), ambulanceActivity, forfait, kmRate, round(mean.ambulance, 2)],
      ['vsl', natureOf(ctx, 'VSL'), ambulanceActivity, 0, round(mean.vsl / meanKm, 4), round(mean.vsl, 2)],
      ['taxi', natureOf(ctx, 'TXI'), activityOf(ctx, 'TAXI'), 0, round(mean.taxi / meanKm, 4), round(mean.taxi, 2)],
    ];
    const validation: Cell[][] = [
      ['spending_per_inhabitant_metropole_seats', 'igf_igas_2016', 'EUR per inhabitant', 2014, 'régime général + SLM; the 13 départements seats of a métropole (Ille-et-Vilaine: Rennes Métropole, 2015)'],
      ['spending_per_inhabitant_other', 'igf_igas_2016', 'EUR per inhabitant', 2014, 'départements outside Île-de-France and the métropole seats'],
      ['dialysis_share_spending', 'cnamts_via_mecss_2014', '% of transport spending', 2013, 'patients on dialysis'],
      ['amo_share', 'drees_cns_2015', '% of transport spending', 2015, 'share paid by the compulsory health insurance'],
    ].map(([indicator, source, unit, year, note]) => [indicator, fig.value(source as string, indicator as string), unit, year, source, note, fig.quote(source as string, indicator as string)] as Cell[]);
    const q2012 = fig.quote('an_2012_transports_267847', 'trips');
    validation.push(
      ['patients_share', round((100 * patients) / pop2012, 3), '% of the population', 2012, 'an_2012_transports_267847', 'transported patients ÷ population (INSEE 2012); the share of transported hospital episodes is set from the same count', q2012],
      ['trips_per_patient', round(trips / patients, 3), 'trips per transported patient', 2012, 'an_2012_transports_267847', 'trips ÷ patients (the trips per person-year are fed)', q2012],
    );
    writeTable(ctx, 'transport_modes.csv', ['mode', 'prs_nat', 'activity', 'forfait_eur', 'km_eur', 'mean_eur'], modes);
    writeTable(ctx, 'transport_parameters.csv', ['name', 'value', 'basis'], params);
    writeTable(ctx, 'validation/transport_figures.csv', VALIDATION_HEADER, validation);
  },
};
