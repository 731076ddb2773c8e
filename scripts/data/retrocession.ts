/**
 * `data/retrocession_ucd.csv`: the UCD codes (unités communes de dispensation) of the official SNDS
 * referential NU_UCD_R with their name and the first word of the name (the brand, or the INN of a
 * generic), and their latest price incl. VAT from IR_UCD_V when it lists one. The simulator bills a
 * retroceded dispensing with the UCD whose first word is that of the dispensed drug's label
 * (provenance: data/sources/retrocession.md).
 */
import type { DataBuilder } from './lib';
import { readRawCsv, sasDate, writeTable } from './lib';
import { firstWord } from '../../src/world/drugs/Retrocession';

export const retrocessionBuilder: DataBuilder = {
  name: 'retrocession',
  outputs: ['retrocession_ucd.csv'],
  build(ctx) {
    const prices = new Map<string, { date: string; price: string }>();
    for (const r of readRawCsv(ctx, 'snds_nomenclatures/ORAVAL/IR_UCD_V.csv', { delimiter: ';' })) {
      const code = (r.UCD_COD ?? '').trim().padStart(7, '0');
      const date = sasDate(r.APP_DTE ?? '');
      const price = (r.UCD_TTC_MNT ?? '').trim();
      const seen = prices.get(code);
      if (price !== '' && (seen === undefined || date > seen.date)) prices.set(code, { date, price });
    }
    const out: (string | number)[][] = [];
    for (const r of readRawCsv(ctx, 'snds_nomenclatures/ORAREF/NU_UCD_R.csv', { delimiter: ';' })) {
      const ucd = (r.UCD_UCD_COD ?? '').trim();
      const label = (r.UCD_DSN_LIB ?? '').trim();
      if (!/^\d{13}$/.test(ucd) || label === '') continue;
      const p = prices.get(ucd.slice(-7));
      out.push([ucd, firstWord(label), label, p === undefined ? '' : p.price, p === undefined ? '' : p.date]);
    }
    out.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
    writeTable(ctx, 'retrocession_ucd.csv', ['ucd', 'word', 'label', 'price_ttc', 'price_date'], out);
  },
};
