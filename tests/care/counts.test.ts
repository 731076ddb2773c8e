/**
 * No double counts, queried the way an analyst would on the shared 20 000-person run of Ille-et-Vilaine (2019, every
 * shipped module): stroke patients per 100 000, underlying causes of death by chapter, no eye-disease deaths.
 */
import { useCareDatabase } from '../helpers/simulate';

jest.setTimeout(120_000);

describe('no double counts (PMSI MCO, KI_CCI_R)', () => {
  const care = useCareDatabase();
  const one = care.one;

  test('stroke patients (DP I60–I64, sessions excluded) are in the published range per 100 000', () => {
    const persons = one<{ n: number }>('SELECT COUNT(DISTINCT BEN_NIR_PSA) AS n FROM IR_BEN_R').n;
    const patients = one<{ n: number }>(
      `SELECT COUNT(DISTINCT c.NIR_ANO_17) AS n FROM T_MCO19B b JOIN T_MCO19C c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM
       WHERE substr(b.DGN_PAL, 1, 3) BETWEEN 'I60' AND 'I64' AND COALESCE(b.NBR_SEA, 0) = 0`,
    ).n;
    const per100k = (1e5 * patients) / persons;
    // Published: 110 438 patients in 2014 (≈ 167 per 100 000); 20 000 persons give about ±30 by chance.
    expect(per100k).toBeGreaterThan(80);
    expect(per100k).toBeLessThan(300);
  });

  test('no death has an eye disease (H00–H59) or a scoliosis as underlying cause; ill-defined causes exist', () => {
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM KI_CCI_R WHERE substr(DCD_CIM_COD, 1, 3) BETWEEN 'H00' AND 'H59'").n).toBe(0);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM KI_CCI_R WHERE substr(DCD_CIM_COD, 1, 3) BETWEEN 'M40' AND 'M41'").n).toBe(0);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM KI_CCI_R WHERE substr(DCD_CIM_COD, 1, 1) = 'R'").n).toBeGreaterThan(0);
  });

  test('neoplasms and circulatory diseases keep their published shares of deaths', () => {
    const r = one<{ total: number; neo: number; circ: number }>(
      `SELECT COUNT(*) AS total,
              SUM(CASE WHEN substr(DCD_CIM_COD, 1, 1) = 'C' OR substr(DCD_CIM_COD, 1, 3) BETWEEN 'D00' AND 'D48' THEN 1 ELSE 0 END) AS neo,
              SUM(CASE WHEN substr(DCD_CIM_COD, 1, 1) = 'I' THEN 1 ELSE 0 END) AS circ
       FROM KI_CCI_R`,
    );
    expect(r.total).toBeGreaterThan(100);
    // Published (both sexes): neoplasms 29 %, circulatory 24 %; about 170 deaths give ±3.5 points by chance.
    expect(r.neo / r.total).toBeGreaterThan(0.18);
    expect(r.neo / r.total).toBeLessThan(0.4);
    expect(r.circ / r.total).toBeGreaterThan(0.13);
    expect(r.circ / r.total).toBeLessThan(0.35);
  });

  test('a person dying of an ALD’s code holds that ALD (IR_IMB_R) or drew it from the national distribution', () => {
    // Causes that are an ALD code of the person: all are causes of death (neither cataract nor scoliosis).
    const bad = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM KI_CCI_R k JOIN IR_IMB_R i ON i.BEN_NIR_PSA = k.BEN_NIR_ANO AND substr(i.MED_MTF_COD, 1, 4) = k.DCD_CIM_COD
       WHERE substr(k.DCD_CIM_COD, 1, 1) = 'H' OR i.IMB_ALD_NUM = 26`,
    ).n;
    expect(bad).toBe(0);
  });
});
