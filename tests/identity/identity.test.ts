import { openDb, sharedDatabase } from '../helpers/simulate';
import type Database from 'better-sqlite3';

/**
 * Beneficiary identifiers as the SNDS has them (texture realistic): several couples {BEN_NIR_PSA;
 * BEN_RNG_GEM} per person, linked by BEN_IDT_ANO through IR_BEN_R; IR_BEN_R_ARC; twins; ER_UCD_F.
 * Queries are written the way analysts write them.
 */

const NINE = 'FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF';

/** Persons with a GP consultation in 2019 (standard filters), counted on `who`. */
function gpPatients(db: Database.Database, who: 'b.BEN_IDT_ANO' | 'p.BEN_NIR_PSA'): number {
  const row = db
    .prepare(
      `SELECT COUNT(DISTINCT ${who}) AS n
         FROM ER_PRS_F p
         JOIN IR_BEN_R b ON b.BEN_NIR_PSA = p.BEN_NIR_PSA AND b.BEN_RNG_GEM = p.BEN_RNG_GEM
         LEFT JOIN ER_ETE_F e USING (${NINE})
        WHERE p.PRS_NAT_REF IN (1110, 1111) AND p.PSE_SPE_COD IN (1, 22, 23) AND p.EXE_SOI_DTD BETWEEN '2019-01-01' AND '2019-12-31'
          AND p.DPN_QLF <> 71 AND p.CPL_MAJ_TOP < 2 AND (e.ETE_IND_TAA <> 1 OR e.ETE_IND_TAA IS NULL)`,
    )
    .get() as { n: number };
  return row.n;
}

function scalar(db: Database.Database, sql: string): number {
  return Number((db.prepare(sql).get() as { n: number }).n);
}

describe('beneficiary identifiers, realistic against clean (the shared small databases: 700 persons, 2019, seed 5)', () => {
  let real: Database.Database;
  let clean: Database.Database;

  beforeAll(() => {
    real = openDb(sharedDatabase('small'));
    clean = openDb(sharedDatabase('smallClean'));
  });

  afterAll(() => {
    real.close();
    clean.close();
  });

  it('counts exactly the true persons on BEN_IDT_ANO; distinct BEN_NIR_PSA over-counts', () => {
    // The care is the same in both textures, so the clean output's pseudonyms count the true persons.
    const truth = gpPatients(clean, 'p.BEN_NIR_PSA');
    expect(gpPatients(clean, 'b.BEN_IDT_ANO')).toBe(truth);
    expect(gpPatients(real, 'b.BEN_IDT_ANO')).toBe(truth);
    expect(gpPatients(real, 'p.BEN_NIR_PSA')).toBeGreaterThan(truth);
  });

  it('has one BEN_IDT_ANO per simulated person in IR_BEN_R, and more rows than persons with realistic', () => {
    const persons = Number((real.prepare("SELECT value AS n FROM SIM_RUN_MANIFEST WHERE key = 'persons_simulated'").get() as { n: string }).n);
    expect(scalar(real, 'SELECT COUNT(DISTINCT BEN_IDT_ANO) AS n FROM IR_BEN_R')).toBe(persons);
    expect(scalar(real, 'SELECT COUNT(*) AS n FROM IR_BEN_R')).toBeGreaterThan(persons);
    const cleanPersons = Number((clean.prepare("SELECT value AS n FROM SIM_RUN_MANIFEST WHERE key = 'persons_simulated'").get() as { n: string }).n);
    expect(scalar(clean, 'SELECT COUNT(*) AS n FROM IR_BEN_R')).toBe(cleanPersons);
    expect(scalar(clean, 'SELECT COUNT(*) AS n FROM IR_BEN_R WHERE BEN_IDT_ANO = BEN_NIR_PSA AND BEN_NIR_ANO = BEN_NIR_PSA')).toBe(cleanPersons);
  });

  it('writes no identifier artefact, archive or retrocession with texture clean', () => {
    expect(scalar(clean, 'SELECT COUNT(*) AS n FROM IR_BEN_R_ARC')).toBe(0);
    expect(scalar(clean, 'SELECT COUNT(*) AS n FROM ER_UCD_F')).toBe(0);
    expect(scalar(clean, 'SELECT COUNT(*) AS n FROM IR_BEN_R WHERE BEN_RNG_GEM <> 1 OR BEN_NIR_ANO IS NULL')).toBe(0);
  });
  // That the care is the same in both textures is tested in tests/care/artefacts.
});

describe('beneficiary identifiers in the shared care database (20 000 persons, 2019, realistic)', () => {
  let db: Database.Database;
  beforeAll(() => {
    db = openDb(sharedDatabase('care'));
  });
  afterAll(() => db.close());

  it('fills BEN_NIR_ANO in about 97 % of IR_BEN_R records, and then BEN_IDT_ANO = BEN_NIR_ANO, else BEN_NIR_PSA || BEN_RNG_GEM', () => {
    const share = scalar(db, 'SELECT 100.0 * SUM(BEN_NIR_ANO IS NOT NULL) / COUNT(*) AS n FROM IR_BEN_R');
    expect(share).toBeGreaterThan(96);
    expect(share).toBeLessThan(98);
    expect(scalar(db, 'SELECT COUNT(*) AS n FROM IR_BEN_R WHERE BEN_NIR_ANO IS NOT NULL AND BEN_IDT_ANO <> BEN_NIR_ANO')).toBe(0);
    expect(scalar(db, "SELECT COUNT(*) AS n FROM IR_BEN_R WHERE BEN_NIR_ANO IS NULL AND (BEN_IDT_ANO <> BEN_NIR_PSA || BEN_RNG_GEM OR BEN_IDT_TOP <> 0)")).toBe(0);
  });

  it('gives children attached to both parents two BEN_NIR_PSA with lines under each, and 18-year-olds a new one from their birthday', () => {
    const split = db
      .prepare(
        `SELECT b.BEN_IDT_ANO, MIN(b.BEN_NAI_ANN) AS born, COUNT(DISTINCT p.BEN_NIR_PSA) AS psa
           FROM ER_PRS_F p JOIN IR_BEN_R b ON b.BEN_NIR_PSA = p.BEN_NIR_PSA AND b.BEN_RNG_GEM = p.BEN_RNG_GEM
          GROUP BY b.BEN_IDT_ANO HAVING COUNT(DISTINCT p.BEN_NIR_PSA) > 1`,
      )
      .all() as { born: string }[];
    expect(split.length).toBeGreaterThan(0);
    // Only minors (born 2001 or later in 2019) carry several pseudonyms on their lines.
    for (const s of split) expect(Number(s.born)).toBeGreaterThanOrEqual(2000);
    // Persons turning 18 in 2019: every line after the birthday is under the couple in force at the end.
    const wrong = scalar(
      db,
      `SELECT COUNT(*) AS n FROM ER_PRS_F p JOIN IR_BEN_R b ON b.BEN_NIR_PSA = p.BEN_NIR_PSA AND b.BEN_RNG_GEM = p.BEN_RNG_GEM
        WHERE b.BEN_NAI_ANN = '2001' AND b.BEN_DTE_INS > '2019-01-01' AND p.EXE_SOI_DTD < b.BEN_DTE_INS`,
    );
    expect(wrong).toBe(0);
  });

  it('archives in IR_BEN_R_ARC couples unused since 2013, none of them on a line, each of a person of IR_BEN_R', () => {
    expect(scalar(db, 'SELECT COUNT(*) AS n FROM IR_BEN_R_ARC')).toBeGreaterThan(0);
    expect(scalar(db, 'SELECT COUNT(*) AS n FROM ER_PRS_F p JOIN IR_BEN_R_ARC a ON a.BEN_NIR_PSA = p.BEN_NIR_PSA')).toBe(0);
    expect(scalar(db, 'SELECT COUNT(*) AS n FROM IR_BEN_R_ARC a WHERE a.BEN_IDT_ANO NOT IN (SELECT BEN_IDT_ANO FROM IR_BEN_R)')).toBe(0);
    expect(scalar(db, "SELECT COUNT(*) AS n FROM IR_BEN_R_ARC WHERE MAX_TRT_DTD >= '2013-01-01'")).toBe(0);
  });

  it('chains every stay to IR_BEN_R (T_MCO19C.NIR_ANO_17 = BEN_NIR_PSA)', () => {
    expect(scalar(db, 'SELECT COUNT(*) AS n FROM T_MCO19C c WHERE c.NIR_ANO_17 NOT IN (SELECT BEN_NIR_PSA FROM IR_BEN_R)')).toBe(0);
  });

  it('bills retroceded drugs in ER_UCD_F, each line on one ER_PRS_F line of nature 3317 and one ER_ETE_F line (ETE_IND_TAA 0)', () => {
    const ucd = scalar(db, 'SELECT COUNT(*) AS n FROM ER_UCD_F');
    expect(ucd).toBeGreaterThan(0);
    // sndsTools' way: ER_PRS_F (standard filters) ⋈ ER_UCD_F ⋈ ER_ETE_F (ETE_IND_TAA <> 1 or NULL) on the nine keys.
    const joined = scalar(
      db,
      `SELECT COUNT(*) AS n FROM ER_PRS_F p JOIN ER_UCD_F u USING (${NINE}) JOIN ER_ETE_F e USING (${NINE})
        WHERE p.DPN_QLF NOT IN (71, 72) AND p.CPL_MAJ_TOP < 2 AND p.BEN_CDI_NIR IN ('00', '03', '04') AND (e.ETE_IND_TAA <> 1 OR e.ETE_IND_TAA IS NULL)
          AND p.PRS_NAT_REF = 3317 AND u.UCD_TOP_UCD = 0 AND length(u.UCD_UCD_COD) = 13`,
    );
    expect(joined).toBe(ucd);
    expect(scalar(db, 'SELECT COUNT(*) AS n FROM ER_UCD_F WHERE ABS(UCD_TTF_MNT - UCD_FAC_PRU * (UCD_FRC_COE + UCD_DLV_NBR) - UCD_RCT_COU - UCD_MAR_MNT) > 0.01')).toBe(0);
  });
});

describe('twins (the shared pharmacoepidemiology database: 1 500 persons, 2019–2021)', () => {
  it('gives the younger twin of the same sex the elder twin\'s BEN_NIR_PSA with BEN_RNG_GEM 2, and a BEN_IDT_ANO of its own', () => {
    const db = openDb(sharedDatabase('pharmacoepi'));
    try {
      const twins = db
        .prepare(
          `SELECT y.BEN_IDT_ANO AS younger, e.BEN_IDT_ANO AS elder FROM IR_BEN_R y
             JOIN IR_BEN_R e ON e.BEN_NIR_PSA = y.BEN_NIR_PSA AND e.BEN_RNG_GEM = 1
            WHERE y.BEN_RNG_GEM = 2 AND e.BEN_SEX_COD = y.BEN_SEX_COD AND e.BEN_NAI_ANN = y.BEN_NAI_ANN AND e.BEN_NAI_MOI = y.BEN_NAI_MOI`,
        )
        .all() as { younger: string; elder: string }[];
      expect(twins.length).toBe(scalar(db, 'SELECT COUNT(*) AS n FROM IR_BEN_R WHERE BEN_RNG_GEM = 2'));
      for (const t of twins) expect(t.younger).not.toBe(t.elder);
    } finally {
      db.close();
    }
  });
});
