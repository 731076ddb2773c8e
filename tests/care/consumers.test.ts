import { CARE_LINES, useCareDatabase } from '../helpers/simulate';

/**
 * Who consumes and how much, which GP and which pharmacy: queried as analysts do, on the shared care database
 * (realistic texture): the care lines of ER_PRS_F (CARE_LINES), persons on BEN_IDT_ANO through IR_BEN_R.
 */

const GP = 'p.PRS_NAT_REF IN (1110, 1111) AND p.PSE_SPE_COD IN (1, 22, 23)';
const PHARMACY = 'p.PRS_NAT_REF IN (3311, 3312, 3313, 3341)';
/** Persons of IR_BEN_R. */
const PERSONS = '(SELECT COUNT(DISTINCT BEN_IDT_ANO) FROM IR_BEN_R)';

describe('heterogeneity of care and choice of providers (ER_PRS_F, T_MCOyyB/C)', () => {
  const care = useCareDatabase();
  const one = <T>(sql: string): T => care.one<T>(sql);
  /** The care lines with their person (BEN_IDT_ANO), and the columns these figures read. */
  const LINES = care.extract(
    'lines',
    `SELECT b.BEN_IDT_ANO AS person, p.PRS_NAT_REF, p.PSE_SPE_COD, p.PRS_ACT_QTE, p.BSE_REM_MNT, p.PFS_EXE_NUM, p.PRS_MTT_NUM, p.EXE_SOI_DTD
     FROM ${CARE_LINES} p JOIN IR_BEN_R b ON b.BEN_NIR_PSA = p.BEN_NIR_PSA AND b.BEN_RNG_GEM = p.BEN_RNG_GEM`,
  );

  test('non-consumers exist: 78–92 % of persons have a GP consultation, fewer than 95 % a dispensing', () => {
    const r = one<{ gp: number; pha: number }>(`
      SELECT 100.0 * (SELECT COUNT(*) FROM (SELECT person FROM ${LINES} p WHERE ${GP} GROUP BY 1 HAVING SUM(p.PRS_ACT_QTE) > 0)) / ${PERSONS} AS gp,
             100.0 * (SELECT COUNT(*) FROM (SELECT person FROM ${LINES} p WHERE ${PHARMACY} GROUP BY 1 HAVING SUM(p.PRS_ACT_QTE) > 0)) / ${PERSONS} AS pha`);
    expect(r.gp).toBeGreaterThanOrEqual(78);
    expect(r.gp).toBeLessThanOrEqual(92);
    expect(r.pha).toBeLessThan(95);
    expect(r.pha).toBeGreaterThan(70);
  });

  test('GP consultations per person are over-dispersed: variance ≥ 2 × mean', () => {
    const r = one<{ m: number; m2: number }>(`
      SELECT AVG(COALESCE(n, 0)) AS m, AVG(COALESCE(n, 0) * COALESCE(n, 0)) AS m2
      FROM (SELECT DISTINCT BEN_IDT_ANO AS person FROM IR_BEN_R) b LEFT JOIN (SELECT person, SUM(p.PRS_ACT_QTE) AS n FROM ${LINES} p WHERE ${GP} GROUP BY 1) g USING (person)`);
    expect(r.m).toBeGreaterThan(3);
    expect((r.m2 - r.m * r.m) / r.m).toBeGreaterThanOrEqual(2);
  });

  test('reimbursed spending concentrates: the top 10 % of consumers hold more than half of it', () => {
    const r = one<{ share: number }>(`
      WITH s AS (SELECT person, SUM(p.BSE_REM_MNT) AS s FROM ${LINES} p GROUP BY 1 HAVING SUM(p.BSE_REM_MNT) > 0),
           r AS (SELECT s, ROW_NUMBER() OVER (ORDER BY s DESC) AS k, COUNT(*) OVER () AS n FROM s)
      SELECT 100.0 * SUM(CASE WHEN k <= 0.1 * n THEN s ELSE 0 END) / SUM(s) AS share FROM r`);
    expect(r.share).toBeGreaterThan(50);
    expect(r.share).toBeLessThan(75);
  });

  test('with the public stays valued (T_MCO19VALO.MNT_TOT_AM), hospital is about 40 % of the amount and the top 1 % of consumers hold 19.6–32.7 % of it', () => {
    const r = one<{ top1: number; top10: number; hospital: number }>(`
      WITH d AS (SELECT person, SUM(p.BSE_REM_MNT) AS s FROM ${LINES} p GROUP BY 1),
           h AS (SELECT b.BEN_IDT_ANO AS person, SUM(v.MNT_TOT_AM) AS s FROM T_MCO19VALO v
                   JOIN T_MCO19C c ON c.ETA_NUM = v.ETA_NUM AND c.RSA_NUM = v.RSA_NUM
                   JOIN (SELECT DISTINCT BEN_NIR_PSA, BEN_IDT_ANO FROM IR_BEN_R) b ON b.BEN_NIR_PSA = c.NIR_ANO_17
                 WHERE v.VALO = '1' AND c.ENT_DAT BETWEEN '2019-01-01' AND '2019-12-31' GROUP BY 1),
           s AS (SELECT person, SUM(s) AS s FROM (SELECT * FROM d UNION ALL SELECT * FROM h) GROUP BY 1 HAVING SUM(s) > 0),
           r AS (SELECT s, ROW_NUMBER() OVER (ORDER BY s DESC) AS k, COUNT(*) OVER () AS n FROM s)
      SELECT 100.0 * SUM(CASE WHEN k <= 0.01 * n THEN s ELSE 0 END) / SUM(s) AS top1, 100.0 * SUM(CASE WHEN k <= 0.1 * n THEN s ELSE 0 END) / SUM(s) AS top10,
             100.0 * (SELECT SUM(s) FROM h) / SUM(s) AS hospital FROM r`);
    // DREES 2021: 2 900 € a patient, « dont 1 160 € à l’hôpital » (40 %); top 1 % 75 890 € (26.2 %), top 10 % 18 600 € (64.1 %).
    expect(r.hospital).toBeGreaterThan(30);
    expect(r.hospital).toBeLessThan(50);
    expect(r.top1).toBeGreaterThan(19.6);
    expect(r.top1).toBeLessThan(32.7);
    expect(r.top10).toBeGreaterThan(55);
    expect(r.top10).toBeLessThan(70);
  });

  test('MCO stays (sessions excluded) cluster: 12–20 % of persons hospitalised, 1.3–1.8 stays each', () => {
    const r = one<{ persons: number; stays: number; pop: number }>(`
      SELECT COUNT(DISTINCT c.NIR_ANO_17) AS persons, COUNT(*) AS stays, ${PERSONS} AS pop
      FROM T_MCO19B b JOIN T_MCO19C c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM WHERE COALESCE(b.NBR_SEA, 0) = 0`);
    expect((100 * r.persons) / r.pop).toBeGreaterThanOrEqual(12);
    expect((100 * r.persons) / r.pop).toBeLessThanOrEqual(20);
    expect(r.stays / r.persons).toBeGreaterThanOrEqual(1.3);
    expect(r.stays / r.persons).toBeLessThanOrEqual(1.8);
  });

  test('25–50 % of GP patients see ≥ 2 GPs; the médecin traitant (PRS_MTT_NUM) stays one per person and sees most consultations', () => {
    const r = one<{ several: number; patients: number }>(`
      SELECT SUM(k >= 2) AS several, COUNT(*) AS patients FROM (
        SELECT person, COUNT(DISTINCT p.PFS_EXE_NUM) AS k FROM ${LINES} p WHERE ${GP} AND p.PRS_ACT_QTE > 0 GROUP BY 1)`);
    expect((100 * r.several) / r.patients).toBeGreaterThanOrEqual(25);
    expect((100 * r.several) / r.patients).toBeLessThanOrEqual(50);
    expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT person FROM ${LINES} p GROUP BY 1 HAVING COUNT(DISTINCT p.PRS_MTT_NUM) > 1)`).n).toBe(0);
    const m = one<{ mt: number; all: number }>(`SELECT SUM(p.PFS_EXE_NUM = p.PRS_MTT_NUM) AS mt, COUNT(*) AS "all" FROM ${LINES} p WHERE ${GP} AND p.PRS_ACT_QTE > 0`);
    expect(m.mt / m.all).toBeGreaterThan(0.75);
    expect(m.mt / m.all).toBeLessThan(0.97);
    // Every GP seen is a GP of DA_PRA_R (specialty 01, 22 or 23).
    expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${LINES} p WHERE ${GP} AND p.PFS_EXE_NUM NOT IN (SELECT PFS_PFS_NUM FROM DA_PRA_R WHERE PFS_PRA_SPE IN ('01', '22', '23'))`).n).toBe(0);
  });

  test('Sunday GP consultations are with an on-call GP, not the médecin traitant', () => {
    const r = one<{ n: number; other: number }>(`
      SELECT COUNT(*) AS n, SUM(p.PFS_EXE_NUM <> p.PRS_MTT_NUM) AS other FROM ${LINES} p WHERE ${GP} AND p.PRS_ACT_QTE > 0 AND strftime('%w', p.EXE_SOI_DTD) = '0'`);
    expect(r.n).toBeGreaterThan(0);
    expect(r.other / r.n).toBeGreaterThan(0.9);
  });

  test('> 10 % of dispensed persons use ≥ 2 pharmacies, yet most dispensings are at the usual one', () => {
    const r = one<{ several: number; persons: number }>(`
      SELECT SUM(k >= 2) AS several, COUNT(*) AS persons FROM (
        SELECT person, COUNT(DISTINCT p.PFS_EXE_NUM) AS k FROM ${LINES} p WHERE ${PHARMACY} AND p.PRS_ACT_QTE > 0 GROUP BY 1)`);
    expect(r.several / r.persons).toBeGreaterThan(0.1);
    // The usual pharmacy: the one of most of the person's dispensings.
    const u = one<{ usual: number; all: number }>(`
      WITH n AS (SELECT person, p.PFS_EXE_NUM, SUM(p.PRS_ACT_QTE) AS k FROM ${LINES} p WHERE ${PHARMACY} GROUP BY 1, 2)
      SELECT SUM(m) AS usual, (SELECT SUM(k) FROM n) AS "all" FROM (SELECT person, MAX(k) AS m FROM n GROUP BY 1)`);
    expect(u.usual / u.all).toBeGreaterThan(0.85);
    expect(u.usual / u.all).toBeLessThan(0.995);
  });
});
