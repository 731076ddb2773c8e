import type { DataRegistry } from '../../data';
import { str } from '../../data';
import type { Drug } from './DrugReferential';

/**
 * ATC classes of the drugs the SNDS documentation names among retroceded drugs (antiretrovirals and
 * hepatitis B/C antivirals, antineoplastics: data/sources/58-identifiers-retrocession.md).
 */
export const RETROCEDED_ATC = ['J05AE', 'J05AF', 'J05AG', 'J05AJ', 'J05AP', 'J05AR', 'J05AX', 'L01'] as const;
/**
 * Probability that a dispensing of such a drug for an ALD goes through a hospital pharmacy (retrocession)
 * rather than a community pharmacy: no published share in the project's sources; a stated modelling parameter.
 */
export const RETROCESSION_SHARE = 0.25;

/** First word of a drug or UCD name, upper case (the brand, or the INN of a generic). */
export function firstWord(label: string): string {
  return (label.trim().toUpperCase().split(/[\s,/]+/)[0] ?? '').trim();
}

/** A UCD code of the SNDS referential and the price it is billed at. */
export interface Ucd {
  /** UCD_UCD_COD: 13 characters, the 7-digit UCD code behind six zeros. */
  readonly code: string;
  /** Price incl. VAT of one UCD (IR_UCD_V), undefined when the referential has none. */
  readonly price: number | undefined;
}

/** The UCD a retroceded dispensing is billed with (data/retrocession_ucd.csv). */
export class Retrocession {
  private readonly byWord = new Map<string, Ucd>();
  private readonly cache = new Map<string, Ucd | undefined>();

  constructor(data: DataRegistry) {
    const t = data.get('retrocession_ucd.csv');
    // Rows are sorted by code: the first UCD of each word is kept (preferring one with a price).
    for (const r of t.rows) {
      const word = str(t, r, 'word');
      const p = str(t, r, 'price_ttc');
      const ucd: Ucd = { code: str(t, r, 'ucd'), price: p === '' ? undefined : Number(p) };
      const seen = this.byWord.get(word);
      if (seen === undefined || (seen.price === undefined && ucd.price !== undefined)) this.byWord.set(word, ucd);
    }
  }

  /** The UCD of a drug that may be retroceded, or undefined (not a retroceded class, or no UCD of that name). */
  ucdOf(drug: Drug): Ucd | undefined {
    if (this.cache.has(drug.cip13)) return this.cache.get(drug.cip13);
    const ucd = RETROCEDED_ATC.some((a) => drug.atc.startsWith(a)) ? this.byWord.get(firstWord(drug.label)) : undefined;
    this.cache.set(drug.cip13, ucd);
    return ucd;
  }
}
