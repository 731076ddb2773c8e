/** ALD process and IR_IMB_R on a 20 000-person run of Ille-et-Vilaine (2019). */
import { useCareDatabase } from '../helpers/simulate';

jest.setTimeout(120_000);

describe('ALDs (IR_IMB_R) and care at 100 %', () => {
  const care = useCareDatabase();
  const one = care.one;

  test('15-23 % of persons have an ALD at some time in the year (prevalent + incident)', () => {
    const { share } = one<{ share: number }>(
      // Persons on BEN_IDT_ANO: a person's exoneration is written under each of their couples.
      'SELECT COUNT(DISTINCT b.BEN_IDT_ANO) * 1.0 / (SELECT COUNT(DISTINCT BEN_IDT_ANO) FROM IR_BEN_R) AS share FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)',
    );
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.23);
  });

  test('onsets happen during the run; every row has the official ALD fields', () => {
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM IR_IMB_R WHERE IMB_ALD_DTD >= '2019-01-01'").n).toBeGreaterThan(100);
    const bad = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM IR_IMB_R WHERE IMB_ALD_NUM NOT BETWEEN 1 AND 30 OR IMB_ETM_NAT <> 41 OR MED_MTF_COD IS NULL
         OR IMB_ALD_DTD > IMB_ALD_DTF OR BEN_NIR_PSA NOT IN (SELECT BEN_NIR_PSA FROM IR_BEN_R)`,
    );
    expect(bad.n).toBe(0);
  });

  test('ICD-10 codes are coherent with sex', () => {
    const bad = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
       WHERE (b.BEN_SEX_COD = 2 AND (substr(MED_MTF_COD, 1, 3) BETWEEN 'C60' AND 'C63' OR substr(MED_MTF_COD, 1, 3) BETWEEN 'N40' AND 'N51'))
          OR (b.BEN_SEX_COD = 1 AND (substr(MED_MTF_COD, 1, 3) BETWEEN 'C51' AND 'C58' OR substr(MED_MTF_COD, 1, 3) BETWEEN 'N70' AND 'N98'))`,
    );
    expect(bad.n).toBe(0);
  });

  test('ALD-related care (EXO_MTF 42) starts after an exoneration of the person', () => {
    const { n } = one<{ n: number }>("SELECT COUNT(*) AS n FROM ER_PRS_F WHERE EXO_MTF = 42");
    expect(n).toBeGreaterThan(0);
    const bad = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ER_PRS_F p WHERE p.EXO_MTF = 42 AND NOT EXISTS
         (SELECT 1 FROM IR_IMB_R i WHERE i.BEN_NIR_PSA = p.BEN_NIR_PSA AND i.IMB_ALD_DTD <= p.EXE_SOI_DTD)`,
    );
    expect(bad.n).toBe(0);
  });

  test('GP consultations related to an ALD are reimbursed at 100 %, only for persons in ALD', () => {
    const rows = care.db
      .prepare(
        `SELECT EXO_MTF AS exo, RGO_REM_TAU AS rate, COUNT(*) AS n FROM ER_PRS_F WHERE PRS_NAT_REF IN (1110, 1111) AND PSE_SPE_COD IN (1, 22, 23) GROUP BY 1, 2`,
      )
      .all() as { exo: number; rate: number; n: number }[];
    const ald = rows.filter((r) => r.exo === 42);
    expect(ald.length).toBe(1);
    expect(ald[0]!.rate).toBe(100);
    const outside = one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ER_PRS_F WHERE PRS_NAT_REF IN (1110, 1111) AND PSE_SPE_COD IN (1, 22, 23) AND EXO_MTF = 42
         AND BEN_NIR_PSA NOT IN (SELECT BEN_NIR_PSA FROM IR_IMB_R)`,
    );
    expect(outside.n).toBe(0);
    // Persons in ALD: about two thirds of their GP consultations are ALD-related (published share).
    const share = one<{ s: number }>(
      `SELECT AVG(EXO_MTF = 42) AS s FROM ER_PRS_F p WHERE PRS_NAT_REF IN (1110, 1111) AND PSE_SPE_COD IN (1, 22, 23)
         AND EXISTS (SELECT 1 FROM IR_IMB_R i WHERE i.BEN_NIR_PSA = p.BEN_NIR_PSA AND i.IMB_ALD_DTD <= p.EXE_SOI_DTD)`,
    ).s;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.73);
  });
});
