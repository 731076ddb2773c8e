/**
 * Births in maternity wards: each birth has its mother's delivery stay and the child's own birth stay, in a maternity
 * ward, on the birth day; the generic stays no longer draw deliveries or newborn birth stays (the shared care database:
 * 20 000 persons of 35, 2019).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { isBirthStayCode, World } from '../../src/world';
import { repoRoot } from '../../src/util/paths';
import { careDatabase, config, openDb } from '../helpers/simulate';

jest.setTimeout(300_000);

/** Stays of 2019 with their dates: B joined to C. */
const STAYS = `SELECT b.ETA_NUM, b.RSA_NUM, b.DGN_PAL, b.GRG_GHM, b.AGE_ANN, b.AGE_JOU, b.COD_SEX, b.SEJ_NBJ, b.SOR_MOD,
                      c.NIR_ANO_17, c.ENT_DAT, c.SOR_DAT
               FROM T_MCO19B b JOIN T_MCO19C c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM`;
const DELIVERIES = `(SELECT * FROM (${STAYS}) WHERE substr(DGN_PAL, 1, 3) BETWEEN 'O80' AND 'O84')`;
const NEWBORNS = `(SELECT * FROM (${STAYS}) WHERE DGN_PAL LIKE 'Z38%')`;

describe('births in maternity wards', () => {
  let db: Database.Database;
  beforeAll(() => {
    db = openDb(careDatabase());
  });
  afterAll(() => db?.close());
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;

  test('every birth of January–November has its own birth stay in a maternity ward, from its month of birth, under its own BEN_NIR_PSA', () => {
    // Persons born in the window (IR_BEN_R: year and month of birth); one row per person (BEN_IDT_ANO).
    const born = count(`SELECT COUNT(DISTINCT BEN_IDT_ANO) AS n FROM IR_BEN_R WHERE BEN_NAI_ANN = '2019' AND BEN_NAI_MOI <= '11'`);
    expect(born).toBeGreaterThan(20);
    const wards = new Set((parse(readFileSync(join(repoRoot(), 'data', 'maternity_wards.csv'), 'utf8'), { columns: true }) as { finess: string }[]).map((r) => r.finess));
    const stays = db.prepare(`SELECT * FROM ${NEWBORNS} WHERE ENT_DAT < '2019-12-01'`).all() as Record<string, string | number>[];
    // Same-sex twins share a BEN_NIR_PSA (they differ by BEN_RNG_GEM, absent from the PMSI): count stays.
    expect(stays.length / born).toBeGreaterThan(0.97);
    expect(stays.length / born).toBeLessThanOrEqual(1);
    for (const s of stays) {
      expect(wards.has(String(s.ETA_NUM))).toBe(true);
      expect(s.GRG_GHM).toBe('15Z05A');
      expect(s.AGE_JOU).toBe(0);
      expect(s.AGE_ANN).toBe(0);
      // The child's own identity: born in the month of the stay.
      const person = db.prepare(`SELECT BEN_NAI_ANN || '-' || BEN_NAI_MOI AS ym FROM IR_BEN_R WHERE BEN_NIR_PSA = ?`).get(s.NIR_ANO_17) as { ym: string } | undefined;
      expect(person?.ym).toBe(String(s.ENT_DAT).slice(0, 7));
    }
  });

  test('each newborn stay has its mother’s delivery stay in the same ward, admitted the same day, discharged together', () => {
    const unmatched = count(
      `SELECT COUNT(*) AS n FROM ${NEWBORNS} n WHERE NOT EXISTS (SELECT 1 FROM ${DELIVERIES} d WHERE d.ETA_NUM = n.ETA_NUM AND d.ENT_DAT = n.ENT_DAT AND d.SOR_DAT >= n.SOR_DAT)`,
    );
    expect(unmatched).toBe(0);
    // The mother is a woman of childbearing age; the child is not its mother.
    expect(count(`SELECT COUNT(*) AS n FROM ${DELIVERIES} WHERE COD_SEX <> '2' OR AGE_ANN < 12 OR AGE_ANN > 55`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM ${NEWBORNS} n JOIN ${DELIVERIES} d ON d.ETA_NUM = n.ETA_NUM AND d.ENT_DAT = n.ENT_DAT AND d.NIR_ANO_17 = n.NIR_ANO_17`)).toBe(0);
  });

  test('deliveries come from births only (one per delivery, twins one), with a GHM of their mode and a plausible length', () => {
    // Every delivery stay has the birth stay of its child (or children) in the same ward on the same day.
    const orphan = count(`SELECT COUNT(*) AS n FROM ${DELIVERIES} d WHERE NOT EXISTS (SELECT 1 FROM ${NEWBORNS} n WHERE n.ETA_NUM = d.ETA_NUM AND n.ENT_DAT = d.ENT_DAT)`);
    expect(orphan).toBe(0);
    // Z38 stays are birth stays only: admitted on the day of birth.
    expect(count(`SELECT COUNT(*) AS n FROM ${NEWBORNS} WHERE AGE_JOU <> 0`)).toBe(0);
    const rows = db.prepare(`SELECT DGN_PAL AS dp, GRG_GHM AS ghm, COUNT(*) AS n, AVG(SEJ_NBJ) AS los FROM ${DELIVERIES} GROUP BY 1, 2`).all() as { dp: string; ghm: string; n: number; los: number }[];
    let all = 0;
    let caesareans = 0;
    for (const r of rows) {
      const caesarean = r.dp.startsWith('O82') || r.dp === 'O842';
      expect(r.ghm).toBe(caesarean ? '14C02A' : '14Z02A');
      all += r.n;
      if (caesarean) caesareans += r.n;
    }
    expect(all).toBeGreaterThan(20);
    // Ille-et-Vilaine's wards do 15–21 % caesareans (DREES SAE 2023): a wide band for a few dozen deliveries.
    expect(caesareans / all).toBeGreaterThan(0.03);
    expect(caesareans / all).toBeLessThan(0.45);
    const los = count(`SELECT AVG(SEJ_NBJ) AS n FROM ${DELIVERIES} WHERE ENT_DAT < '2019-12-01'`);
    expect(los).toBeGreaterThan(3.5);
    expect(los).toBeLessThan(5.5);
    // The delivery act of the stay, on the day of admission.
    const acts = count(`SELECT COUNT(*) AS n FROM ${DELIVERIES} d JOIN T_MCO19A a ON a.ETA_NUM = d.ETA_NUM AND a.RSA_NUM = d.RSA_NUM WHERE a.CDC_ACT LIKE 'JQG%' AND a.ENT_DAT_DEL = 0`);
    expect(acts).toBe(all);
  });

  test('pregnancies followed in private practice have their prenatal consultations, trimester ultrasounds and lab tests before the birth', () => {
    const KEYS = 'FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF';
    // Mothers delivering from October (their whole pregnancy within the run), by the NIR of their delivery stay.
    const mothers = db.prepare(`SELECT DISTINCT NIR_ANO_17 AS nir, ENT_DAT AS birth FROM ${DELIVERIES} WHERE ENT_DAT >= '2019-10-15'`).all() as { nir: string; birth: string }[];
    expect(mothers.length).toBeGreaterThan(3);
    let followed = 0;
    for (const m of mothers) {
      const ultrasounds = db
        .prepare(
          `SELECT c.CAM_PRS_IDE AS act, p.EXE_SOI_DTD AS day, p.PSE_SPE_COD AS spe FROM ER_PRS_F p JOIN ER_CAM_F c USING (${KEYS})
           WHERE p.BEN_NIR_PSA = ? AND c.CAM_PRS_IDE IN ('JQQM010', 'JQQM018', 'JQQM016') AND p.PRS_ACT_QTE > 0 AND p.DPN_QLF <> 71 AND p.EXE_SOI_DTD < ?`,
        )
        .all(m.nir, m.birth) as { act: string; day: string; spe: number }[];
      const codes = new Set(ultrasounds.map((u) => u.act));
      if (!codes.has('JQQM016') || !codes.has('JQQM018')) continue;
      followed += 1;
      // The third-trimester ultrasound 8 weeks before the term (moved to an open day), the second 18 weeks before.
      const third = ultrasounds.find((u) => u.act === 'JQQM016') as { day: string };
      const weeksBefore = (Date.parse(m.birth) - Date.parse(third.day)) / (7 * 86_400_000);
      expect(weeksBefore).toBeGreaterThan(5);
      expect(weeksBefore).toBeLessThan(9);
      const consultations = (db.prepare(`SELECT COUNT(*) AS n FROM ER_PRS_F WHERE BEN_NIR_PSA = ? AND PSE_SPE_COD = 7 AND PRS_NAT_REF = 1112 AND PRS_ACT_QTE > 0 AND DPN_QLF <> 71 AND EXE_SOI_DTD < ?`).get(m.nir, m.birth) as { n: number }).n;
      expect(consultations).toBeGreaterThanOrEqual(4);
      const labs = (db.prepare(`SELECT COUNT(*) AS n FROM ER_BIO_F b JOIN ER_PRS_F p USING (${KEYS}) WHERE p.BEN_NIR_PSA = ? AND b.BIO_PRS_IDE IN (1141, 322) AND p.PRS_ACT_QTE > 0 AND p.DPN_QLF <> 71 AND p.EXE_SOI_DTD < ?`).get(m.nir, m.birth) as { n: number }).n;
      expect(labs).toBeGreaterThanOrEqual(1);
    }
    // About half the pregnancies are followed at the hospital (ACE), the others in private practice.
    expect(followed).toBeGreaterThan(0);
    expect(followed).toBeLessThan(mothers.length);
  });

  test('the generic stays never draw a delivery or a newborn birth stay, and their full-stay rate loses the births’ stays', () => {
    const w = new World(config({ region: '35', population: 2000, seed: 1 }));
    for (const code of ['O800', 'O801', 'O809', 'Z380', 'Z383']) {
      expect(isBirthStayCode(code)).toBe(true);
      expect(w.moduleStays.keep(0, 2, 30, '35', code)).toBe(0);
      expect(w.moduleStays.keep(1, 2, 0, '35', code)).toBe(0);
    }
    expect(isBirthStayCode('O600')).toBe(false);
    expect(w.moduleStays.keep(0, 2, 30, '35', 'K359')).toBe(1);
    // Women 26–45: the band's deliveries per woman-year; age 0 (band 0–16): the newborns; men 30: none.
    const women = w.births.fullStayRate(2, 30, '35', 2019);
    expect(women).toBeGreaterThan(0.03);
    expect(women).toBeLessThan(w.hospital.stays.rate(0, 2, 30, '35'));
    expect(w.births.fullStayRate(2, 30, '35', 2019)).toBe(w.births.fullStayRate(2, 40, '35', 2019));
    expect(w.births.fullStayRate(1, 0, '35', 2019)).toBeGreaterThan(0.03);
    expect(w.births.fullStayRate(1, 30, '35', 2019)).toBe(0);
    // Women 17–25: the band keeps its published number of nights, (R − B) × m' + B × L = R × m.
    const r = w.hospital.stays.rate(0, 2, 20, '35');
    const b = w.births.fullStayRate(2, 20, '35', 2019);
    const m = w.hospital.stays.meanNights(2, 20, '35');
    const mPrime = w.births.genericMeanNights(2, 20, '35', 2019);
    expect(mPrime).toBeGreaterThan(1);
    // The generic obstetric ultrasounds and gynaecology consultations of women of 30 are those of the pregnancies.
    expect(w.births.prenatalRate('ultrasound', 'JQQM018', 30, '35', 2019, 0.5)).toBeGreaterThan(w.ccam.rateOfAct(w.pathways.act('JQQM018')!, 2));
    expect(w.births.prenatalRate('ultrasound', 'JQQM018', 60, '35', 2019, 0.5)).toBe(0);
    expect(w.births.prenatalRate('consultation', '7', 30, '35', 2019, 0.5)).toBeCloseTo(7 * w.births.prenatalRate('ultrasound', 'JQQM018', 30, '35', 2019, 0.5), 12);
    expect((r - b) * mPrime + b * w.births.deliveryMeanNights).toBeCloseTo(r * m, 9);
    // Women 26–45: deliveries are most of the band's published stays; the generic stays last at least a night.
    expect(w.births.genericMeanNights(2, 30, '35', 2019)).toBe(1);
  });
});
