/** Deaths: IR_IMB_R-coherent causes in KI_CCI_R / KI_ECD_R on a 20 000-person run of Ille-et-Vilaine (2019). */
import { useCareDatabase } from '../helpers/simulate';

jest.setTimeout(120_000);

describe('deaths (KI_CCI_R, KI_ECD_R)', () => {
  const care = useCareDatabase();
  const one = care.one;

  test('one KI_CCI_R row per death of IR_BEN_R, with the same date', () => {
    const deaths = one<{ n: number }>("SELECT COUNT(DISTINCT BEN_IDT_ANO) AS n FROM IR_BEN_R WHERE BEN_DCD_DTE <> '1600-01-01'").n;
    expect(deaths).toBeGreaterThan(50);
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM KI_CCI_R').n).toBe(deaths);
    const matched = one<{ n: number }>(
      'SELECT COUNT(DISTINCT k.BEN_IDT_ANO) AS n FROM KI_CCI_R k JOIN IR_BEN_R b ON b.BEN_IDT_ANO = k.BEN_IDT_ANO AND b.BEN_DCD_DTE = k.BEN_DCD_DTE AND b.BEN_SEX_COD = k.BEN_SEX_COD',
    ).n;
    expect(matched).toBe(deaths);
  });

  test('every death has its underlying cause in KI_ECD_R (rank 1) and ICD-10 shaped codes', () => {
    const bad = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM KI_CCI_R k WHERE NOT EXISTS (SELECT 1 FROM KI_ECD_R e WHERE e.BEN_IDT_ANO = k.BEN_IDT_ANO
         AND e.ECD_CAU_RNG = 1 AND e.ECD_CIM_COD = k.DCD_CIM_COD)`,
    ).n;
    expect(bad).toBe(0);
    const codes = care.db.prepare('SELECT ECD_CIM_COD AS c FROM KI_ECD_R').all() as { c: string }[];
    for (const { c } of codes) expect(c).toMatch(/^[A-Z]\d{2}[0-9A-Z]?$/);
  });

  test('causes follow the national chapters: neoplasms and circulatory diseases lead', () => {
    const total = one<{ n: number }>('SELECT COUNT(*) AS n FROM KI_CCI_R').n;
    const cancer = one<{ n: number }>("SELECT COUNT(*) AS n FROM KI_CCI_R WHERE substr(DCD_CIM_COD, 1, 1) = 'C'").n;
    const circ = one<{ n: number }>("SELECT COUNT(*) AS n FROM KI_CCI_R WHERE substr(DCD_CIM_COD, 1, 1) = 'I'").n;
    expect((cancer + circ) / total).toBeGreaterThan(0.3);
    expect((cancer + circ) / total).toBeLessThan(0.8);
  });

  test('places are DS_LIE_V codes; in-hospital deaths are in a stay', () => {
    const places = care.db.prepare('SELECT DISTINCT DCD_LIE_COD AS p FROM KI_CCI_R').all() as { p: number }[];
    for (const { p } of places) expect([1, 2, 4]).toContain(p);
  });
});
