/**
 * `data/care_parameters.csv` and `data/consultation_tariffs.csv`: the published figures the simulator
 * uses where no open-data table exists (tariffs, reimbursement rules, processing delays…), selected
 * from the transcriptions of `data/raw/published/` by (source, indicator) so that no value is typed here.
 */
import type { BuildContext, DataBuilder } from './lib';
import { readRawCsv, writeTable } from './lib';
import { specialistTariffRows } from './specialists';

interface Pick {
  /** Name of the parameter in the output. */
  readonly name: string;
  readonly file: string;
  readonly source: string;
  readonly indicator: string;
  /** Which row when several match: the value of its `year` column. */
  readonly year?: string;
  /** Which part of the value when it holds several separated by ';'. */
  readonly part?: number;
  /** Unit to write instead of the source's (when `part` splits a combined value). */
  readonly unit?: string;
}

const PARAMETERS: readonly Pick[] = [
  { name: 'gp_consultations_per_person_year', file: 'gp_consultations.csv', source: 'sgmap_densite_medecins_damir2013', indicator: 'gp_c_v_acts_per_affiliate' },
  { name: 'reimbursement_rate_consultation_pct', file: 'ngap_tariffs.csv', source: 'hdh_fiche_montants_sdv', indicator: 'reimbursement_rate_consultation' },
  { name: 'reimbursement_rate_ald_pct', file: 'ngap_tariffs.csv', source: 'hdh_fiche_montants_sdv', indicator: 'reimbursement_rate_ald' },
  { name: 'participation_forfaitaire_eur', file: 'ngap_tariffs.csv', source: 'ameli_pf_2016', indicator: 'participation_forfaitaire' },
  { name: 'participation_forfaitaire_cap_day_eur', file: 'ngap_tariffs.csv', source: 'quechoisir_pf', indicator: 'participation_forfaitaire_caps', part: 0, unit: 'EUR per day per professional' },
  { name: 'participation_forfaitaire_cap_year_eur', file: 'ngap_tariffs.csv', source: 'quechoisir_pf', indicator: 'participation_forfaitaire_caps', part: 1, unit: 'EUR per year' },
  { name: 'flux_share_within_6_months_pct', file: 'dcir_flux_delay.csv', source: 'hdh_guide_schema_relationnel', indicator: 'share_of_care_in_dcir_within_6_months' },
  { name: 'flux_max_delay_months', file: 'dcir_flux_delay.csv', source: 'hdh_guide_schema_relationnel', indicator: 'max_claim_delay_months' },
  { name: 'sex_ratio_at_birth_boys_per_100_girls', file: 'sex_ratio_birth.csv', source: 'ined_faq_2022', indicator: 'sex_ratio_at_birth' },
  { name: 'share_gp_consultations_with_drug_pct', file: 'gp_prescriptions.csv', source: 'drees_er440_2005', indicator: 'share_gp_consultations_with_drug' },
  { name: 'drugs_per_gp_consultation', file: 'gp_prescriptions.csv', source: 'drees_er440_2005', indicator: 'drugs_per_gp_consultation' },
  { name: 'biology_letter_b_eur', file: 'pathways.csv', source: 'apm_2016_via_biologiste365', indicator: 'nabm_B_value_eur' },
  { name: 'reimbursement_rate_biology_pct', file: 'pathways.csv', source: 'april_guide_analyses', indicator: 'reimbursement_rate_biology' },
  { name: 'share_deaths_in_health_establishment_pct', file: 'deaths_place_cause.csv', source: 'insee_focus_2017_lieux_deces', indicator: 'share_deaths_health_establishment' },
];

function pick(ctx: BuildContext, p: Pick): { value: string; unit: string } {
  const rows = readRawCsv(ctx, `published/${p.file}`).filter(
    (r) => r.source === p.source && r.indicator === p.indicator && (p.year === undefined || r.year === p.year),
  );
  if (rows.length !== 1) throw new Error(`${p.file}: expected one row for ${p.source}/${p.indicator}${p.year ? `/${p.year}` : ''}, found ${rows.length}`);
  const row = rows[0] as Record<string, string>;
  const raw = row.value ?? '';
  const value = p.part === undefined ? raw : (raw.split(';')[p.part] ?? '');
  if (!Number.isFinite(Number(value)) || value.trim() === '') throw new Error(`${p.file}: ${p.source}/${p.indicator} value ${JSON.stringify(raw)} is not a number`);
  return { value: String(Number(value)), unit: row.unit ?? '' };
}

/** IR_NAT_V prestation code of a letter key (PRS_NAT_CB2), e.g. 'G' → 1110. */
function prsNatOf(ctx: BuildContext, letters: string): number {
  const rows = readRawCsv(ctx, 'snds_nomenclatures/ORAVAL/IR_NAT_V.csv', { delimiter: ';' }).filter((r) => r.PRS_NAT_CB2 === letters);
  if (rows.length !== 1) throw new Error(`IR_NAT_V: expected one prestation with letter key ${letters}, found ${rows.length}`);
  return Number((rows[0] as Record<string, string>).PRS_NAT);
}

export const careParametersBuilder: DataBuilder = {
  name: 'care-parameters',
  outputs: ['care_parameters.csv', 'consultation_tariffs.csv', 'gp_consultation_rates.csv'],
  build(ctx) {
    const out = PARAMETERS.map((p) => {
      const { value, unit } = pick(ctx, p);
      return [p.name, value, p.unit ?? unit, `${p.file}#${p.source}`];
    });
    writeTable(ctx, 'care_parameters.csv', ['name', 'value', 'unit', 'source'], out);

    // General-practice consultation: letter key C (23 €) until 30 April 2017, G (25 €) from 1 May 2017,
    // and 30 € for children under 6 from that date.
    const tariff = (source: string, indicator: string, year: string): string =>
      pick(ctx, { name: '', file: 'ngap_tariffs.csv', source, indicator, year }).value;
    const rows: (string | number)[][] = [
      [1, prsNatOf(ctx, 'C'), 'C', '1900-01-01', '2017-04-30', 0, 999, tariff('radiofrance_2017', 'G_consultation_gp', '2011-2017-04-30'), 'ngap_tariffs.csv#radiofrance_2017'],
      [1, prsNatOf(ctx, 'G'), 'G', '2017-05-01', '2023-10-31', 6, 999, tariff('radiofrance_2017', 'G_consultation_gp', '2017-05-01'), 'ngap_tariffs.csv#radiofrance_2017'],
      [1, prsNatOf(ctx, 'G'), 'G', '2017-05-01', '2023-10-31', 0, 5, tariff('reagjir_2017', 'G_consultation_gp_child_under_6', '2017-05-01'), 'ngap_tariffs.csv#reagjir_2017'],
      [1, prsNatOf(ctx, 'G'), 'G', '2023-11-01', '2099-12-31', 0, 999, tariff('agipi_2023', 'G_consultation_gp', '2023-11-01'), 'ngap_tariffs.csv#agipi_2023'],
      // Specialists: CS / CSC / CNPSY letter keys (published/specialist_tariffs.csv; see 61-specialists.md).
      ...specialistTariffRows(ctx),
    ];
    // GP consultations per person-year by sex and age: the published national mean, the same at every
    // age and for both sexes (no open table by age and sex was found; see data/sources/80-published.md).
    const gpMean = pick(ctx, PARAMETERS[0] as Pick).value;
    writeTable(ctx, 'gp_consultation_rates.csv', ['sex', 'age_min', 'age_max', 'rate'], [
      [1, 0, 120, gpMean],
      [2, 0, 120, gpMean],
    ]);
    writeTable(ctx, 'consultation_tariffs.csv', ['specialty', 'prs_nat', 'letters', 'start', 'end', 'age_min', 'age_max', 'tariff', 'source'], rows);
  },
};
