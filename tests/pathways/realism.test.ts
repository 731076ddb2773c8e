import { useCareDatabase } from '../helpers/simulate';

/** Nine DCIR keys, to join detail lines to their ER_PRS_F line. */
const KEYS = 'FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF';

/** Persons of the shared 2019 database followed by a module since before 2019, alive all year. */
const FOLLOWED = (module: string): string => `
  SELECT DISTINCT o.BEN_NIR_PSA AS id FROM SIM_TRUTH_ONSET o JOIN IR_BEN_R b USING (BEN_NIR_PSA)
  WHERE o.MODULE = '${module}' AND o.PREVALENT = 1 AND b.BEN_DCD_DTE = '1600-01-01'`;

describe('pathway modules in the output', () => {
  const care = useCareDatabase();
  const one = care.one;

  it('follows each shipped module for some persons, with the truth of their states', () => {
    const rows = care.db.prepare('SELECT MODULE AS m, COUNT(DISTINCT BEN_NIR_PSA) AS n FROM SIM_TRUTH_ONSET WHERE MODULE <> \'\' GROUP BY MODULE').all() as { m: string; n: number }[];
    expect(rows.map((r) => r.m).sort()).toEqual(['breast-cancer', 'coronary-heart-disease', 'heart-failure', 'stroke', 'type2-diabetes']);
    for (const r of rows) expect(r.n).toBeGreaterThan(20);
    // Every person with a state is a person with the module's onset; states end after they start.
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM SIM_TRUTH_STATE s WHERE NOT EXISTS (SELECT 1 FROM SIM_TRUTH_ONSET o WHERE o.BEN_NIR_PSA = s.BEN_NIR_PSA AND o.MODULE = s.MODULE)").n).toBe(0);
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM SIM_TRUTH_STATE WHERE STATE_DTF < STATE_DTD').n).toBe(0);
    // Module onsets are the IR_IMB_R exonerations of the module's ALD.
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM SIM_TRUTH_ONSET o WHERE o.MODULE = 'type2-diabetes' AND NOT EXISTS (SELECT 1 FROM IR_IMB_R i WHERE i.BEN_NIR_PSA = o.BEN_NIR_PSA AND i.IMB_ALD_NUM = 8 AND i.MED_MTF_COD = o.CIM_COD)").n).toBe(0);
  });

  it('gives type 2 diabetics about monthly antidiabetic dispensings', () => {
    const r = one<{ persons: number; days: number }>(`
      WITH d AS (${FOLLOWED('type2-diabetes')})
      SELECT (SELECT COUNT(*) FROM d) AS persons, COUNT(DISTINCT p.BEN_NIR_PSA || p.EXE_SOI_DTD) AS days
      FROM ER_PRS_F p JOIN ER_PHA_F f USING (${KEYS}) JOIN IR_PHA_R r ON r.PHA_CIP_C13 = f.PHA_PRS_C13
      WHERE r.PHA_ATC_C07 LIKE 'A10%' AND p.BEN_NIR_PSA IN (SELECT id FROM d)`);
    expect(r.persons).toBeGreaterThan(100);
    const perYear = r.days / r.persons;
    expect(perYear).toBeGreaterThan(9);
    expect(perYear).toBeLessThan(15);
  });

  it('gives them HbA1c tests a few times a year, billed in ER_BIO_F by a laboratory on a GP prescription', () => {
    const r = one<{ persons: number; tests: number; none: number }>(`
      WITH d AS (${FOLLOWED('type2-diabetes')}),
      t AS (SELECT p.BEN_NIR_PSA AS id FROM ER_PRS_F p JOIN ER_BIO_F b USING (${KEYS}) WHERE b.BIO_PRS_IDE = 1577 AND p.PRS_NAT_REF = 3211 AND p.PSE_SPE_COD = 38 AND p.PSP_SPE_COD = 1)
      SELECT (SELECT COUNT(*) FROM d) AS persons, (SELECT COUNT(*) FROM t WHERE id IN (SELECT id FROM d)) AS tests,
             (SELECT COUNT(*) FROM d WHERE id NOT IN (SELECT id FROM t)) AS none`);
    const perYear = r.tests / r.persons;
    expect(perYear).toBeGreaterThan(1.8);
    expect(perYear).toBeLessThan(3.5);
    expect(r.none / r.persons).toBeLessThan(0.25);
    // Laboratories are in DA_PRA_R; lab lines are reimbursed at 100 % when related to the ALD.
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM ER_PRS_F p WHERE p.PRS_NAT_REF = 3211 AND p.PFS_EXE_NUM NOT IN (SELECT PFS_PFS_NUM FROM DA_PRA_R WHERE PFS_PRA_SPE = '38')").n).toBe(0);
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM ER_PRS_F WHERE PRS_NAT_REF = 3211 AND EXO_MTF = 42 AND RGO_REM_TAU <> 100').n).toBe(0);
  });

  it('gives them more hospital stays than persons of the same age band without the disease', () => {
    const rows = care.db.prepare(`
      WITH stays AS (SELECT c.NIR_ANO_17 AS id FROM T_MCO19B b JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM) WHERE b.GRG_GHM NOT LIKE '28%'),
      d AS (${FOLLOWED('type2-diabetes')}),
      ben AS (SELECT BEN_NIR_PSA AS id, (2019 - CAST(BEN_NAI_ANN AS INTEGER)) / 20 AS band FROM IR_BEN_R WHERE BEN_DCD_DTE = '1600-01-01' AND BEN_DTE_INS = '2019-01-01')
      SELECT band, id IN (SELECT id FROM d) AS diabetic, COUNT(*) AS n, AVG((SELECT COUNT(*) FROM stays s WHERE s.id = ben.id)) AS rate
      FROM ben WHERE band BETWEEN 2 AND 4 GROUP BY band, diabetic`).all() as { band: number; diabetic: number; n: number; rate: number }[];
    // Age-standardised to the diabetics: expected stays of the diabetics at the others' rates.
    let observed = 0;
    let expected = 0;
    for (const r of rows.filter((x) => x.diabetic === 1)) {
      const other = rows.find((x) => x.band === r.band && x.diabetic === 0);
      observed += r.rate * r.n;
      expected += (other?.rate ?? 0) * r.n;
    }
    expect(observed / expected).toBeGreaterThan(1.25);
  });

  it('replaces the generic ALD treatment of followed patients by the pathway', () => {
    // Heart-failure patients get a loop diuretic with a beta blocker, dispensed the same day.
    const r = one<{ persons: number; both: number }>(`
      WITH d AS (${FOLLOWED('heart-failure')}),
      x AS (SELECT p.BEN_NIR_PSA AS id, p.EXE_SOI_DTD AS day, r.PHA_ATC_C07 AS atc FROM ER_PRS_F p JOIN ER_PHA_F f USING (${KEYS}) JOIN IR_PHA_R r ON r.PHA_CIP_C13 = f.PHA_PRS_C13 WHERE p.BEN_NIR_PSA IN (SELECT id FROM d))
      SELECT (SELECT COUNT(*) FROM d) AS persons,
             (SELECT COUNT(DISTINCT a.id) FROM x a JOIN x b ON a.id = b.id AND a.day = b.day WHERE a.atc LIKE 'C03CA%' AND b.atc LIKE 'C07AB%') AS both`);
    expect(r.both / r.persons).toBeGreaterThan(0.9);
  });
});
