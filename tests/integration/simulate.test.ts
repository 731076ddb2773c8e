import type Database from 'better-sqlite3';
import { TABLES } from '../../src/exporters';
import { CARE_LINES, careDatabase, openDb } from '../helpers/simulate';

// The shared care database (tests/helpers/sharedDatabases.js): 20 000 persons, seed 7.
describe('a one-year simulation of 20 000 persons in Ille-et-Vilaine', () => {
  let db: Database.Database;
  const one = <T>(sql: string): T => db.prepare(sql).pluck().get() as T;

  beforeAll(() => {
    db = openDb(careDatabase());
  });
  afterAll(() => db.close());

  it('has the requested persons alive at the start, with the INSEE sex and age structure', () => {
    // Persons on BEN_IDT_ANO (a person may have several couples {BEN_NIR_PSA; BEN_RNG_GEM} in IR_BEN_R).
    expect(one<number>("SELECT COUNT(DISTINCT BEN_IDT_ANO) FROM IR_BEN_R WHERE BEN_DTE_INS = '2019-01-01'")).toBe(20000);
    const women = one<number>("SELECT AVG(BEN_SEX_COD = 2) FROM (SELECT DISTINCT BEN_IDT_ANO, BEN_SEX_COD FROM IR_BEN_R WHERE BEN_DTE_INS = '2019-01-01')");
    expect(women).toBeGreaterThan(0.49);
    expect(women).toBeLessThan(0.54);
    const old = one<number>("SELECT AVG(2018 - CAST(BEN_NAI_ANN AS INTEGER) >= 65) FROM (SELECT DISTINCT BEN_IDT_ANO, BEN_NAI_ANN FROM IR_BEN_R WHERE BEN_DTE_INS = '2019-01-01')");
    expect(old).toBeGreaterThan(0.15);
    expect(old).toBeLessThan(0.25);
    expect(one<number>("SELECT COUNT(DISTINCT BEN_RES_COM) FROM IR_BEN_R")).toBeGreaterThan(100);
    expect(one<string>('SELECT MIN(BEN_RES_DPT) FROM IR_BEN_R')).toBe('035');
  });

  it('has births and deaths at realistic rates', () => {
    const deaths = one<number>("SELECT COUNT(DISTINCT BEN_IDT_ANO) FROM IR_BEN_R WHERE BEN_DCD_DTE <> '1600-01-01'");
    const births = one<number>("SELECT COUNT(*) FROM (SELECT BEN_IDT_ANO FROM IR_BEN_R GROUP BY BEN_IDT_ANO HAVING MIN(BEN_DTE_INS) > '2019-01-01')");
    expect(deaths / 20).toBeGreaterThan(4);
    expect(deaths / 20).toBeLessThan(15);
    expect(births / 20).toBeGreaterThan(6);
    expect(births / 20).toBeLessThan(18);
    expect(one<number>("SELECT COUNT(*) FROM IR_BEN_R WHERE BEN_DCD_DTE <> '1600-01-01' AND (BEN_DCD_DTE < '2019-01-01' OR BEN_DCD_DTE > '2019-12-31')")).toBe(0);
    expect(one<number>("SELECT COUNT(*) FROM IR_BEN_R WHERE BEN_DCD_DTE <> '1600-01-01' AND BEN_DCD_AME <> substr(BEN_DCD_DTE,1,4) || substr(BEN_DCD_DTE,6,2)")).toBe(0);
  });

  it('has 2.5–5 GP consultations per person-year, by the physicians of DA_PRA_R', () => {
    const personYears = one<number>(
      "SELECT SUM(julianday(CASE WHEN BEN_DCD_DTE <> '1600-01-01' THEN BEN_DCD_DTE ELSE '2019-12-31' END) - julianday(BEN_DTE_INS) + 1) / 365.25 FROM (SELECT BEN_IDT_ANO, MIN(BEN_DTE_INS) AS BEN_DTE_INS, MAX(BEN_DCD_DTE) AS BEN_DCD_DTE FROM IR_BEN_R GROUP BY BEN_IDT_ANO)",
    );
    const gp = one<number>(`SELECT SUM(PRS_ACT_QTE) FROM ${CARE_LINES} WHERE PSE_SPE_COD = 1 AND PRS_NAT_REF IN (1110, 1111)`);
    expect(gp / personYears).toBeGreaterThan(2.5);
    expect(gp / personYears).toBeLessThan(5);
    expect(one<number>('SELECT COUNT(*) FROM ER_PRS_F WHERE PFS_EXE_NUM NOT IN (SELECT PFS_PFS_NUM FROM DA_PRA_R)')).toBe(0);
    expect(one<number>('SELECT COUNT(*) FROM ER_PRS_F WHERE PRS_MTT_NUM NOT IN (SELECT PFS_PFS_NUM FROM DA_PRA_R)')).toBe(0);
  });

  it('creates every official column of each emitted table, with its SQL type', () => {
    for (const t of ['IR_BEN_R', 'ER_PRS_F', 'DA_PRA_R']) {
      const cols = db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string; type: string }[];
      const def = TABLES[t];
      expect(cols.map((c) => [c.name, c.type])).toEqual(def?.columns.map((c) => [c.name, c.sqlType]));
    }
  });

  it('has unique, indexed DCIR keys and flux dates on the 1st of the month after processing', () => {
    const keys = 'FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF';
    expect(one<number>(`SELECT COUNT(*) FROM (SELECT DISTINCT ${keys} FROM ER_PRS_F)`)).toBe(one<number>('SELECT COUNT(*) FROM ER_PRS_F'));
    const idx = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ER_PRS_F' AND sql LIKE 'CREATE UNIQUE%'").pluck().all() as string[];
    expect(idx.some((s) => s.includes('DCT_ORD_NUM') && s.includes('FLX_DIS_DTD'))).toBe(true);
    // The analysts' join of a detail table to its ER_PRS_F line, keys named in the documentation's order, goes through
    // the indexes (whose columns start with the person's DCT_ORD_NUM).
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT COUNT(*) FROM ER_PRS_F p LEFT JOIN ER_ETE_F e USING (${keys})`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/SEARCH e USING (COVERING )?INDEX ER_ETE_F_IX1 \(DCT_ORD_NUM=\?/);
    expect(one<number>("SELECT COUNT(*) FROM ER_PRS_F WHERE FLX_DIS_DTD <> date(FLX_TRT_DTD, 'start of month', '+1 month')")).toBe(0);
    expect(one<number>('SELECT COUNT(*) FROM ER_PRS_F WHERE FLX_TRT_DTD < EXE_SOI_DTD')).toBe(0);
    expect(one<number>("SELECT COUNT(*) FROM ER_PRS_F WHERE FLX_TRT_DTD > date(EXE_SOI_DTD, '+7 months')")).toBeLessThan(one<number>('SELECT COUNT(*) FROM ER_PRS_F') * 0.02);
  });

  it('links every prestation to a person, never before birth or after death', () => {
    expect(one<number>('SELECT COUNT(*) FROM ER_PRS_F p LEFT JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM) WHERE b.BEN_NIR_PSA IS NULL')).toBe(0);
    expect(
      one<number>(
        "SELECT COUNT(*) FROM ER_PRS_F p JOIN IR_BEN_R b USING (BEN_NIR_PSA) WHERE (b.BEN_DCD_DTE <> '1600-01-01' AND p.EXE_SOI_DTD > b.BEN_DCD_DTE) OR p.EXE_SOI_DTD < b.BEN_DTE_INS",
      ),
    ).toBe(0);
  });

  it('has real amounts and no NULL in the columns analysts filter on', () => {
    // Lines of the care (the artefacts' supplement, information and negative lines have other amounts).
    expect(one<number>(`SELECT MIN(PRS_PAI_MNT) FROM ${CARE_LINES} WHERE PRS_ACT_QTE > 0`)).toBeGreaterThan(0);
    expect(one<number>(`SELECT COUNT(*) FROM ${CARE_LINES} WHERE PRS_ACT_QTE > 0 AND (BSE_REM_MNT > BSE_REM_BSE OR BSE_REM_MNT <= 0)`)).toBe(0);
    for (const c of ['DPN_QLF', 'PRS_DPN_QLP', 'CPL_MAJ_TOP', 'CPL_AFF_COD', 'PSE_STJ_COD']) {
      expect(one<number>(`SELECT COUNT(*) FROM ER_PRS_F WHERE ${c} IS NULL`)).toBe(0);
    }
  });

  it('carries the run manifest and the synthetic-data disclaimer', () => {
    expect(one<string>("SELECT VALUE FROM SIM_RUN_MANIFEST WHERE KEY = 'seed'")).toBe('7');
    expect(JSON.parse(one<string>("SELECT VALUE FROM SIM_RUN_MANIFEST WHERE KEY = 'data_sha256'"))).toHaveProperty(['population.csv.gz']);
    expect(one<string>("SELECT TEXT FROM SIM_DISCLAIMER WHERE LANG = 'en'")).toMatch(/SYNTHETIC/);
  });
});
