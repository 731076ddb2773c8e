import { readDataTable, World } from '../../src/world';
import { config, useCareDatabase } from '../helpers/simulate';

const PHARMACY_NATURES = '(3311, 3312, 3313, 3341)';

describe('drug dispensings (ER_PRS_F + ER_PHA_F, IR_PHA_R)', () => {
  const care = useCareDatabase();
  const one = care.one;

  test('30-55 reimbursed boxes per inhabitant per year', () => {
    const { boxes } = one<{ boxes: number }>(`SELECT SUM(PHA_ACT_QSN) * 1.0 / (SELECT COUNT(DISTINCT BEN_IDT_ANO) FROM IR_BEN_R) AS boxes FROM ER_PHA_F`);
    expect(boxes).toBeGreaterThanOrEqual(30);
    expect(boxes).toBeLessThanOrEqual(55);
  });

  test('every ER_PHA_F line joins exactly one ER_PRS_F line on the nine keys, of a pharmacy nature', () => {
    const { bad } = one<{ bad: number }>(`
      SELECT COUNT(*) AS bad FROM ER_PHA_F f
      WHERE (SELECT COUNT(*) FROM ER_PRS_F p WHERE p.FLX_DIS_DTD = f.FLX_DIS_DTD AND p.FLX_TRT_DTD = f.FLX_TRT_DTD
        AND p.FLX_EMT_TYP = f.FLX_EMT_TYP AND p.FLX_EMT_NUM = f.FLX_EMT_NUM AND p.FLX_EMT_ORD = f.FLX_EMT_ORD
        AND p.ORG_CLE_NUM = f.ORG_CLE_NUM AND p.DCT_ORD_NUM = f.DCT_ORD_NUM AND p.PRS_ORD_NUM = f.PRS_ORD_NUM
        AND p.REM_TYP_AFF = f.REM_TYP_AFF AND p.PRS_NAT_REF IN ${PHARMACY_NATURES}) <> 1`);
    expect(bad).toBe(0);
    const { n, pha } = one<{ n: number; pha: number }>(
      `SELECT (SELECT COUNT(*) FROM ER_PRS_F WHERE PRS_NAT_REF IN ${PHARMACY_NATURES}) AS n, (SELECT COUNT(*) FROM ER_PHA_F) AS pha`,
    );
    expect(pha).toBeGreaterThan(0);
    expect(pha).toBe(n);
  });

  test('every dispensed CIP13 is in IR_PHA_R, with the CIP7 of the referential', () => {
    const { missing } = one<{ missing: number }>(
      `SELECT COUNT(*) AS missing FROM ER_PHA_F f LEFT JOIN IR_PHA_R r ON r.PHA_CIP_C13 = f.PHA_PRS_C13 WHERE r.PHA_CIP_C13 IS NULL OR r.PHA_PRS_IDE <> f.PHA_PRS_IDE`,
    );
    expect(missing).toBe(0);
  });

  test('every dispensed box has an ATC class in IR_PHA_R, and the ATC1 shares follow Open Medic', () => {
    const rows = care.db
      .prepare(`
        SELECT substr(COALESCE(NULLIF(r.PHA_ATC_C07, ''), NULLIF(r.PHA_ATC_C03, ''), ''), 1, 1) AS atc1, SUM(f.PHA_ACT_QSN) AS boxes
        FROM ER_PHA_F f JOIN IR_PHA_R r ON r.PHA_CIP_C13 = f.PHA_PRS_C13 GROUP BY 1`)
      .all() as { atc1: string; boxes: number }[];
    const total = rows.reduce((s, r) => s + r.boxes, 0);
    expect(rows.find((r) => r.atc1 === '')?.boxes ?? 0).toBe(0);
    const t = readDataTable('drug_boxes_atc1.csv');
    const target = new Map(t.rows.map((r) => [r['atc1'] ?? '', Number(r['boxes'])]));
    const targetTotal = [...target.values()].reduce((a, b) => a + b, 0);
    for (const [atc1, boxes] of target) {
      const share = boxes / targetTotal;
      if (share < 0.02) continue;
      const observed = (rows.find((r) => r.atc1 === atc1)?.boxes ?? 0) / total;
      // Within ±15 % of the Open Medic share (20 000 persons: a few % of noise for these groups).
      expect({ atc1, near: Math.abs(observed / share - 1) < 0.15 }).toEqual({ atc1, near: true });
    }
  });

  test('executant is a pharmacy of DA_PRA_R, prescriber a physician of DA_PRA_R, prescription before dispensing', () => {
    const { bad } = one<{ bad: number }>(`
      SELECT COUNT(*) AS bad FROM ER_PRS_F p
      WHERE p.PRS_NAT_REF IN ${PHARMACY_NATURES} AND (
        p.PFS_EXE_NUM NOT IN (SELECT PFS_PFS_NUM FROM DA_PRA_R WHERE PFS_PRA_SPE = '50')
        OR p.PFS_PRE_NUM NOT IN (SELECT PFS_PFS_NUM FROM DA_PRA_R WHERE PFS_PRA_SPE <> '50')
        OR p.PRE_PRE_DTD IS NULL OR p.PRE_PRE_DTD > p.EXE_SOI_DTD)`);
    expect(bad).toBe(0);
  });

  test('no dispensing on or after the day of death', () => {
    const { bad } = one<{ bad: number }>(`
      SELECT COUNT(*) AS bad FROM ER_PRS_F p JOIN IR_BEN_R b USING (BEN_NIR_PSA)
      WHERE p.PRS_NAT_REF IN ${PHARMACY_NATURES} AND b.BEN_DCD_DTE <> '1600-01-01' AND p.EXE_SOI_DTD >= b.BEN_DCD_DTE`);
    expect(bad).toBe(0);
  });

  test('ALD-related lines are reimbursed at 100 %, the others at the drug rate; amounts are consistent', () => {
    const r = one<{ ald: number; ald100: number; bad: number }>(`
      SELECT SUM(EXO_MTF = 42) AS ald, SUM(EXO_MTF = 42 AND RGO_REM_TAU = 100 AND ABS(BSE_REM_MNT - BSE_REM_BSE) < 0.011) AS ald100,
             SUM(EXO_MTF <> 42 AND (RGO_REM_TAU <> RGO_THE_TAU OR ABS(BSE_REM_MNT - BSE_REM_BSE * RGO_REM_TAU / 100.0) > 0.011)) AS bad
      FROM ER_PRS_F WHERE PRS_NAT_REF IN ${PHARMACY_NATURES}`);
    expect(r.ald).toBeGreaterThan(0);
    expect(r.ald100).toBe(r.ald);
    expect(r.bad).toBe(0);
    // Regularisation lines (negative quantity) carry negated amounts.
    const { zero } = one<{ zero: number }>(`SELECT COUNT(*) AS zero FROM ER_PRS_F WHERE PRS_NAT_REF IN ${PHARMACY_NATURES} AND PRS_ACT_QTE > 0 AND (BSE_REM_BSE <= 0 OR BSE_REM_MNT <= 0)`);
    expect(zero).toBe(0);
  });

  test('chronic refills of a drug come at about the box duration', () => {
    // Consecutive dispensings of one CIP13 of 28-30 units (oral forms: one box a month) to the same person.
    const rows = care.db
      .prepare(`
        SELECT gap, COUNT(*) AS n FROM (
          SELECT julianday(d.day) - julianday(LAG(d.day) OVER (PARTITION BY d.person, d.cip ORDER BY d.day)) AS gap FROM (
            -- One dispensing per person, drug and day: quantities netted (regularisations), persons on BEN_IDT_ANO.
            SELECT b.BEN_IDT_ANO AS person, f.PHA_PRS_C13 AS cip, p.EXE_SOI_DTD AS day
            FROM ER_PHA_F f JOIN ER_PRS_F p USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)
            JOIN IR_BEN_R b ON b.BEN_NIR_PSA = p.BEN_NIR_PSA AND b.BEN_RNG_GEM = p.BEN_RNG_GEM
            JOIN IR_PHA_R r ON r.PHA_CIP_C13 = f.PHA_PRS_C13
            WHERE r.PHA_UPC_NBR = '30' AND r.PHA_FRM_LIB LIKE 'comprim%' AND p.DPN_QLF <> 71
            GROUP BY 1, 2, 3 HAVING SUM(f.PHA_ACT_QSN) = 1) d)
        WHERE gap IS NOT NULL GROUP BY gap`)
      .all() as { gap: number; n: number }[];
    const total = rows.reduce((s, r) => s + r.n, 0);
    // 30 days ± 4: the ±2-day jitter, and the pharmacies' weekday profile moving refills forward (a Sunday's
    // to Monday, Monday's overflow to Tuesday …).
    const near = rows.filter((r) => r.gap >= 26 && r.gap <= 34).reduce((s, r) => s + r.n, 0);
    expect(total).toBeGreaterThan(100);
    // Acute prescriptions of the same drug and postponed refills (hospital stays) make the rest.
    expect(near / total).toBeGreaterThan(0.9);
  });

  test('pharmacies have 8-character PS numbers and are placed in the simulated département', () => {
    const r = one<{ n: number; bad: number }>(
      `SELECT COUNT(*) AS n, SUM(LENGTH(PFS_PFS_NUM) <> 8 OR PFS_COD_POS NOT LIKE '35%') AS bad FROM DA_PRA_R WHERE PFS_PRA_SPE = '50'`,
    );
    expect(r.n).toBeGreaterThanOrEqual(1);
    expect(r.bad).toBe(0);
  });
});

describe('DrugModel', () => {
  const world = new World(config({ region: '35', population: 5000, seed: 1 }));
  const m = world.drugs;

  test('ALD treatment lines go to a share of the patients that the national boxes of their classes allow', () => {
    for (const ald of m.aldTreatments.keys()) {
      expect(m.aldLineShare(ald)).toBeGreaterThanOrEqual(0);
      expect(m.aldLineShare(ald)).toBeLessThanOrEqual(1);
    }
    // Cancer (ALD 30): far more patients than L01/L02 boxes; diabetes (ALD 8): A10 boxes for every patient.
    expect(m.aldLineShare(30)).toBeGreaterThan(0.1);
    expect(m.aldLineShare(30)).toBeLessThan(0.8);
    expect(m.aldLineShare(8)).toBe(1);
    expect(m.aldLineShare(10)).toBe(0);
  });

  test('general chronic lines and acute boxes leave room for the ALD and condition lines within each band target', () => {
    for (const sex of [1, 2] as const) {
      for (const [band, age] of [[0, 10], [1, 40], [2, 70]] as const) {
        const target = m.boxesPerPerson(sex, band);
        expect(m.chronicLines(sex, age)).toBeGreaterThan(0);
        expect(m.acuteBoxes(sex, age)).toBeGreaterThan(0);
        expect(m.acuteBoxes(sex, age)).toBeLessThanOrEqual(target);
      }
      // Older persons hold more general lines than the young of the same band.
      expect(m.chronicLines(sex, 57)).toBeGreaterThan(m.chronicLines(sex, 22));
    }
  });

  test('never draws a drug without an ATC code, nor a condition class, in the general pools', () => {
    const rng = world.streams.stream('test.drugs', 0);
    const condition = m.conditions.flatMap((c) => c.atc);
    for (let k = 0; k < 2000; k++) {
      const age = k % 100;
      const sex = (1 + (k % 2)) as 1 | 2;
      for (const d of [m.drawAcute(sex, age, rng), m.drawChronic(sex, age, rng)]) {
        expect(d.atc).not.toBe('');
        expect(condition.some((x) => d.atc.startsWith(x))).toBe(false);
      }
    }
  });
});
