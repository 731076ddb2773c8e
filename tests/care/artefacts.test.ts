/**
 * The DCIR's administrative artefacts (texture realistic): the standard filters of analysts' SQL recover the
 * true counts, and each forgotten filter over-counts. The care database (20 000 persons, seed 7) is realistic
 * and names its artefact lines in SIM_TRUTH_ARTEFACT; the small database (700 persons, seed 5) is compared
 * with the clean run of the same options.
 */
import Database from 'better-sqlite3';
import { World } from '../../src/world';
import { config, openDb, sharedDatabase, tempDir, useCareDatabase } from '../helpers/simulate';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

const KEYS = 'FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF';
const YEAR = "EXE_SOI_DTD BETWEEN '2019-01-01' AND '2019-12-31'";
const GP = `PRS_NAT_REF IN (1110, 1111) AND PSE_SPE_COD IN (1, 22, 23) AND ${YEAR}`;

/** GP consultations written by the book: information and supplement lines out, quantities summed. */
const gpByTheBook = `SELECT SUM(PRS_ACT_QTE) AS n FROM ER_PRS_F WHERE ${GP} AND DPN_QLF <> 71 AND PRS_DPN_QLP <> 71 AND CPL_MAJ_TOP < 2`;
/** Boxes dispensed, by the book: quantities summed over the detail lines joined on the nine keys. */
const boxesByTheBook = `SELECT SUM(h.PHA_ACT_QSN) AS n FROM ER_PHA_F h JOIN ER_PRS_F p USING (${KEYS}) WHERE p.DPN_QLF <> 71 AND p.CPL_MAJ_TOP < 2`;
/** CCAM acts of liberal care, by the book. */
const actsByTheBook = `SELECT SUM(p.PRS_ACT_QTE) AS n FROM ER_CAM_F c JOIN ER_PRS_F p USING (${KEYS}) WHERE p.DPN_QLF <> 71 AND p.PRS_DPN_QLP <> 71 AND p.CPL_MAJ_TOP < 2`;

/** Lines that are no artefact (the care itself), as the truth table names them. */
const NOT_ARTEFACT = `NOT EXISTS (SELECT 1 FROM SIM_TRUTH_ARTEFACT a WHERE ${KEYS.split(', ').map((k) => `a.${k} = p.${k}`).join(' AND ')})`;

describe('standard filters on the realistic care database, against SIM_TRUTH_ARTEFACT', () => {
  const care = useCareDatabase();
  const n = (sql: string): number => Number(care.one<{ n: number | null }>(sql).n ?? 0);

  it('writes every kind of artefact', () => {
    const kinds = Object.fromEntries(care.db.prepare('SELECT ARTEFACT AS k, COUNT(*) AS n FROM SIM_TRUTH_ARTEFACT GROUP BY 1').all().map((r) => [(r as { k: string }).k, (r as { n: number }).n]));
    for (const k of ['information', 'supplement', 'cancellation', 'reissue', 'duplicate']) expect(kinds[k]).toBeGreaterThan(0);
    // A cancellation for each re-issue and each duplicate.
    expect(kinds.cancellation).toBe((kinds.reissue as number) + (kinds.duplicate as number));
  });

  it('GP consultations by the book = the true count; without CPL_MAJ_TOP < 2 or counting lines over-counts', () => {
    const truth = n(`SELECT COUNT(*) AS n FROM ER_PRS_F p WHERE ${GP} AND ${NOT_ARTEFACT}`);
    expect(truth).toBeGreaterThan(50_000);
    expect(n(gpByTheBook)).toBe(truth);
    const supplements = n(`SELECT SUM(PRS_ACT_QTE) AS n FROM ER_PRS_F WHERE ${GP} AND CPL_MAJ_TOP = 2`);
    expect(supplements).toBeGreaterThan(0.5 * truth);
    expect(n(`SELECT SUM(PRS_ACT_QTE) AS n FROM ER_PRS_F WHERE ${GP} AND DPN_QLF <> 71`)).toBe(truth + supplements);
    const lines = n(`SELECT COUNT(*) AS n FROM ER_PRS_F WHERE ${GP} AND DPN_QLF <> 71 AND CPL_MAJ_TOP < 2`);
    const regularisation = n(`SELECT COUNT(*) AS n FROM ER_PRS_F p JOIN SIM_TRUTH_ARTEFACT a USING (BEN_NIR_PSA, ${KEYS}) WHERE ${GP.replace(/PRS_NAT_REF|EXE_SOI_DTD/g, (c) => `p.${c}`)} AND a.ARTEFACT IN ('cancellation', 'reissue', 'duplicate')`);
    expect(regularisation).toBeGreaterThan(0);
    expect(lines).toBe(truth + regularisation);
  });

  it('boxes by the book = the true count; dropping the negative lines (counting only what was paid) over-counts', () => {
    const truth = n(`SELECT SUM(h.PHA_ACT_QSN) AS n FROM ER_PHA_F h JOIN ER_PRS_F p USING (${KEYS}) WHERE ${NOT_ARTEFACT}`);
    expect(n(boxesByTheBook)).toBe(truth);
    const positive = n(`SELECT SUM(h.PHA_ACT_QSN) AS n FROM ER_PHA_F h JOIN ER_PRS_F p USING (${KEYS}) WHERE h.PHA_ACT_QSN > 0`);
    expect(positive).toBeGreaterThan(truth);
    // Dispensings counted as lines instead of prestations netted per key.
    const dispensings = n(`SELECT COUNT(*) AS n FROM ER_PHA_F h JOIN ER_PRS_F p USING (${KEYS}) WHERE ${NOT_ARTEFACT}`);
    expect(n(`SELECT COUNT(*) AS n FROM ER_PHA_F`)).toBeGreaterThan(dispensings);
    expect(n(`SELECT SUM(CASE WHEN PHA_ACT_QSN < 0 THEN -1 ELSE 1 END) AS n FROM ER_PHA_F`)).toBe(dispensings);
  });

  it('CCAM acts by the book = the true liberal acts; without DPN_QLF <> 71 the acts of public-hospital stays count twice', () => {
    const truth = n(`SELECT COUNT(*) AS n FROM ER_CAM_F c JOIN ER_PRS_F p USING (${KEYS}) WHERE ${NOT_ARTEFACT}`);
    expect(n(actsByTheBook)).toBe(truth);
    const information = n("SELECT COUNT(*) AS n FROM SIM_TRUTH_ARTEFACT WHERE ARTEFACT = 'information'");
    expect(information).toBeGreaterThan(0);
    expect(n(`SELECT SUM(p.PRS_ACT_QTE) AS n FROM ER_CAM_F c JOIN ER_PRS_F p USING (${KEYS}) WHERE p.CPL_MAJ_TOP < 2`)).toBe(truth + information);
    // Every information line repeats an act of a PMSI stay of the person.
    const unmatched = n(`SELECT COUNT(*) AS n FROM ER_PRS_F p JOIN ER_CAM_F c USING (${KEYS}) WHERE p.DPN_QLF = 71
      AND NOT EXISTS (SELECT 1 FROM T_MCO19C s JOIN T_MCO19A a USING (ETA_NUM, RSA_NUM) WHERE s.NIR_ANO_17 = p.BEN_NIR_PSA AND a.CDC_ACT = c.CAM_PRS_IDE
                      AND p.EXE_SOI_DTD BETWEEN s.EXE_SOI_DTD AND s.EXE_SOI_DTF)`);
    expect(unmatched).toBe(0);
  });

  it('regularisation lines: negative, signed 2, in a later flux than the line they cancel; sums per prestation ≥ 0', () => {
    const bad = n(`SELECT COUNT(*) AS n FROM ER_PRS_F p JOIN SIM_TRUTH_ARTEFACT a USING (BEN_NIR_PSA, ${KEYS})
      WHERE a.ARTEFACT = 'cancellation' AND NOT (p.PRS_ACT_QTE < 0 AND p.BSE_REM_SGN = 2 AND p.BSE_REM_MNT <= 0 AND p.FLX_DIS_DTD > substr(p.FLX_TRT_DTD, 1, 7) || '-01')`);
    expect(bad).toBe(0);
    const later = n(`SELECT COUNT(*) AS n FROM ER_PRS_F c JOIN SIM_TRUTH_ARTEFACT a USING (BEN_NIR_PSA, ${KEYS}) WHERE a.ARTEFACT = 'cancellation'
      AND NOT EXISTS (SELECT 1 FROM ER_PRS_F o WHERE o.BEN_NIR_PSA = c.BEN_NIR_PSA AND o.EXE_SOI_DTD = c.EXE_SOI_DTD AND o.PRS_NAT_REF = c.PRS_NAT_REF
                      AND o.PRS_ACT_QTE = -c.PRS_ACT_QTE AND o.FLX_DIS_DTD < c.FLX_DIS_DTD)`);
    expect(later).toBe(0);
  });
});

describe('texture clean against realistic, same options (the shared small databases: 700 persons, seed 5)', () => {
  let clean: Database.Database;
  let real: Database.Database;
  beforeAll(() => {
    clean = openDb(sharedDatabase('smallClean'));
    real = openDb(sharedDatabase('small'));
  });
  afterAll(() => {
    clean?.close();
    real?.close();
  });
  const n = (db: Database.Database, sql: string): number => Number((db.prepare(sql).get() as { n: number | null }).n ?? 0);
  /** Every filter of the book: information and supplement lines out, directly billed hospital care out. */
  const BOOK = `p.DPN_QLF <> 71 AND p.PRS_DPN_QLP <> 71 AND p.CPL_MAJ_TOP < 2 AND (e.ETE_IND_TAA <> 1 OR e.ETE_IND_TAA IS NULL)`;
  const FROM = `FROM ER_PRS_F p LEFT JOIN ER_ETE_F e USING (${KEYS})`;
  const GP_P = `p.PRS_NAT_REF IN (1110, 1111) AND p.PSE_SPE_COD IN (1, 22, 23) AND p.EXE_SOI_DTD BETWEEN '2019-01-01' AND '2019-12-31'`;

  it('the clean run has no artefact and no SIM_TRUTH_ARTEFACT table', () => {
    expect(n(clean, 'SELECT COUNT(*) AS n FROM ER_PRS_F WHERE DPN_QLF = 71 OR CPL_MAJ_TOP <> 0 OR PRS_ACT_QTE < 0')).toBe(0);
    // ER_ETE_F holds only the clinics' stays (MFT_COD 7), which are care, not an artefact.
    expect(n(clean, 'SELECT COUNT(*) AS n FROM ER_ETE_F WHERE MFT_COD IS NULL OR MFT_COD <> 7')).toBe(0);
    expect(clean.prepare("SELECT name FROM sqlite_master WHERE name = 'SIM_TRUTH_ARTEFACT'").get()).toBeUndefined();
  });

  it('GP consultations: the query by the book gives the clean count; each forgotten filter over-counts', () => {
    const truth = n(clean, `SELECT COUNT(*) AS n FROM ER_PRS_F WHERE ${GP}`);
    expect(truth).toBeGreaterThan(1000);
    expect(n(real, `SELECT SUM(p.PRS_ACT_QTE) AS n ${FROM} WHERE ${GP_P} AND ${BOOK}`)).toBe(truth);
    // Without CPL_MAJ_TOP < 2, without the ETE_IND_TAA filter, counting lines instead of summing quantities.
    expect(n(real, `SELECT SUM(p.PRS_ACT_QTE) AS n ${FROM} WHERE ${GP_P} AND ${BOOK.replace('p.CPL_MAJ_TOP < 2', '1 = 1')}`)).toBeGreaterThan(truth);
    expect(n(real, `SELECT SUM(p.PRS_ACT_QTE) AS n ${FROM} WHERE ${GP_P} AND p.DPN_QLF <> 71 AND p.CPL_MAJ_TOP < 2`)).toBeGreaterThan(truth);
    expect(n(real, `SELECT COUNT(*) AS n ${FROM} WHERE ${GP_P} AND ${BOOK}`)).toBeGreaterThan(truth);
  });

  it('boxes: ER_PHA_F by the book plus the retroceded boxes (ER_UCD_F) give the clean count', () => {
    const truth = n(clean, 'SELECT SUM(PHA_ACT_QSN) AS n FROM ER_PHA_F');
    const pharmacy = n(real, `SELECT SUM(h.PHA_ACT_QSN) AS n FROM ER_PHA_F h JOIN ER_PRS_F p USING (${KEYS}) LEFT JOIN ER_ETE_F e USING (${KEYS}) WHERE ${BOOK}`);
    const retroceded = n(real, `SELECT SUM(u.UCD_DLV_NBR) AS n FROM ER_UCD_F u JOIN ER_PRS_F p USING (${KEYS}) LEFT JOIN ER_ETE_F e USING (${KEYS}) WHERE ${BOOK}`);
    expect(pharmacy + retroceded).toBe(truth);
    expect(n(real, 'SELECT SUM(PHA_ACT_QSN) AS n FROM ER_PHA_F WHERE PHA_ACT_QSN > 0')).toBeGreaterThan(pharmacy);
  });

  it('persons: distinct BEN_IDT_ANO by the book gives the clean count of persons with a prestation; distinct BEN_NIR_PSA over-counts', () => {
    const truth = n(clean, 'SELECT COUNT(DISTINCT BEN_NIR_PSA) AS n FROM ER_PRS_F');
    const join = 'JOIN IR_BEN_R b ON b.BEN_NIR_PSA = p.BEN_NIR_PSA AND b.BEN_RNG_GEM = p.BEN_RNG_GEM';
    expect(n(real, `SELECT COUNT(DISTINCT b.BEN_IDT_ANO) AS n ${FROM} ${join} WHERE ${BOOK}`)).toBe(truth);
    expect(n(real, `SELECT COUNT(DISTINCT p.BEN_NIR_PSA) AS n ${FROM} WHERE ${BOOK}`)).toBeGreaterThan(truth);
  });

  it('the care is the same: every clean line is a realistic line with its keys, date, nature, quantity and executant', () => {
    const cols = `${KEYS}, EXE_SOI_DTD, PRS_NAT_REF, PRS_ACT_QTE, PFS_EXE_NUM, BSE_REM_BSE`;
    const dump = (db: Database.Database, where: string): string[] => db.prepare(`SELECT ${cols} FROM ER_PRS_F p ${where} ORDER BY ${cols}`).raw().all().map((r) => JSON.stringify(r));
    // Realistic lines that are neither artefacts (SIM_TRUTH_ARTEFACT), nor directly billed hospital care, nor retroceded
    // (ER_ETE_F rows other than the clinics' stays, MFT_COD 7, which are care in both textures).
    const realLines = dump(real, `WHERE NOT EXISTS (SELECT 1 FROM SIM_TRUTH_ARTEFACT a WHERE a.BEN_NIR_PSA = p.BEN_NIR_PSA AND a.FLX_DIS_DTD = p.FLX_DIS_DTD AND a.DCT_ORD_NUM = p.DCT_ORD_NUM AND a.PRS_ORD_NUM = p.PRS_ORD_NUM AND a.FLX_EMT_ORD = p.FLX_EMT_ORD)
        AND NOT EXISTS (SELECT 1 FROM ER_ETE_F e WHERE ${KEYS.split(', ').map((k) => `e.${k} = p.${k}`).join(' AND ')} AND (e.MFT_COD IS NULL OR e.MFT_COD <> 7))`);
    // The retroceded dispensings are pharmacy lines with the same keys in the clean run.
    const retroceded = new Set(real.prepare(`SELECT ${KEYS} FROM ER_UCD_F`).raw().all().map((r) => JSON.stringify(r)));
    const cleanLines = dump(clean, '').filter((l) => !retroceded.has(JSON.stringify((JSON.parse(l) as unknown[]).slice(0, 9))));
    expect(cleanLines.length).toBeGreaterThan(10_000);
    expect(realLines).toEqual(cleanLines);
  });
});

describe('artefact parameters', () => {
  it('a parameter file without a rate is refused with its name and the fix', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'artefact_parameters.csv'), 'name,value,unit,source\nregularisation_share,0.03,share,x\n');
    expect(() => new World(config({ region: '35', population: 10, tables: dir }))).toThrow(/artefact_parameters\.csv has no numeric parameter regularisation_reissue_share: rebuild it with npm run data:build/);
  });
});
