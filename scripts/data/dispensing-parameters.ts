/**
 * Parameters of the pharmacy and dispensing model (provenance: `data/sources/31-dispensing.md`):
 * - `pharmacy_parameters.csv`: the licence quota (inhabitants for the first pharmacy of a commune and
 *   per additional one, former art. L5125-11 CSP) and the SNDS activity code of a community pharmacy
 *   (IR_ACT_V « PHARMACIE D OFFICINE »), used as PSE_SPE_COD / PSE_ACT_NAT of the executant;
 * - `drug_prestations.csv`: the IR_NAT_V prestation code of a pharmacy line by reimbursement rate
 *   (PH1 100 %, PH4 30 %, PH7 65 %, PH2 15 %), parsed from the Health Data Hub documentation of
 *   ER_PHA_F and checked against the letter keys of IR_NAT_V.
 * No value is typed here: everything is read from `data/raw/`.
 */
import type { BuildContext, DataBuilder } from './lib';
import { readRawCsv, writeTable } from './lib';

function published(ctx: BuildContext, file: string, source: string, indicator: string): Record<string, string> {
  const rows = readRawCsv(ctx, `published/${file}`).filter((r) => r.source === source && r.indicator === indicator);
  if (rows.length !== 1) throw new Error(`published/${file}: expected one row ${source}/${indicator}, found ${rows.length}`);
  return rows[0] as Record<string, string>;
}

export const dispensingParametersBuilder: DataBuilder = {
  name: 'dispensing-parameters',
  outputs: ['pharmacy_parameters.csv', 'drug_prestations.csv'],
  build(ctx) {
    const first = published(ctx, 'pharmacies.csv', 'csp_L5125-11_pre2018', 'licence_threshold_first_pharmacy');
    const more = published(ctx, 'pharmacies.csv', 'csp_L5125-11_pre2018', 'licence_additional_per_inhabitants');
    const act = readRawCsv(ctx, 'snds_nomenclatures/ORAVAL/IR_ACT_V.csv', { delimiter: ';' }).filter((r) => r.ACT_NAT_LIB === 'PHARMACIE D OFFICINE');
    if (act.length !== 1) throw new Error(`IR_ACT_V: expected one row « PHARMACIE D OFFICINE », found ${act.length}`);
    writeTable(ctx, 'pharmacy_parameters.csv', ['name', 'value', 'unit', 'source'], [
      ['licence_first_pharmacy_inhabitants', Number(first.value), first.unit ?? '', 'pharmacies.csv#csp_L5125-11_pre2018'],
      ['licence_additional_pharmacy_inhabitants', Number(more.value), more.unit ?? '', 'pharmacies.csv#csp_L5125-11_pre2018'],
      ['pharmacy_activity_code', Number((act[0] as Record<string, string>).PFS_ACT_NAT), 'IR_ACT_V code', 'snds_nomenclatures/ORAVAL/IR_ACT_V.csv'],
    ]);

    // "3311 (PH1) PHARMACIE 100%" … in the documentation's quote; each code must carry that letter key in IR_NAT_V.
    const quote = published(ctx, 'dispensing.csv', 'hdh_doc_er_pha_f', 'pharmacy_prestation_rate').quote ?? '';
    const nat = readRawCsv(ctx, 'snds_nomenclatures/ORAVAL/IR_NAT_V.csv', { delimiter: ';' });
    const out: (string | number)[][] = [];
    for (const m of quote.matchAll(/(\d{4}) \((PH\d)\) PHARMACIE (\d+)%/g)) {
      const [, code, letters, rate] = m as unknown as [string, string, string, string];
      const row = nat.find((r) => r.PRS_NAT === code);
      const keys = (row?.PRS_NAT_CB2 ?? '').split('/').map((s) => s.trim());
      if (!row || keys[0] !== letters) throw new Error(`IR_NAT_V: code ${code} does not carry the letter key ${letters}`);
      out.push([Number(rate), Number(code), letters, row.PRS_NAT_LIB ?? '']);
    }
    if (out.length !== 4) throw new Error(`dispensing.csv: expected 4 pharmacy prestation codes in the quote, found ${out.length}`);
    out.sort((a, b) => (a[0] as number) - (b[0] as number));
    writeTable(ctx, 'drug_prestations.csv', ['rate_pct', 'prs_nat', 'letters', 'label'], out);
  },
};
