/**
 * Hospital outpatient care (ACE, PMSI T_MCOyyCSTC/FASTC/FCSTC/FMSTC/FLSTC) and the public hospitals billing it
 * directly (ER_PRS_F + ER_ETE_F with ETE_IND_TAA = 1), queried the way analysts write SNDS SQL, on the shared
 * 20 000-person database of Ille-et-Vilaine (2019, texture realistic) and, for the clean texture, on a 700-person run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { config, openDb, sharedDatabase, useCareDatabase } from '../helpers/simulate';
import { DataRegistry, World } from '../../src/world';
import { repoRoot } from '../../src/util/paths';
import { dayFromYmd } from '../../src/events';

jest.setTimeout(240_000);

const NINE = ['FLX_DIS_DTD', 'FLX_TRT_DTD', 'FLX_EMT_TYP', 'FLX_EMT_NUM', 'FLX_EMT_ORD', 'ORG_CLE_NUM', 'DCT_ORD_NUM', 'PRS_ORD_NUM', 'REM_TYP_AFF'];
const ON_NINE = NINE.map((k) => `ete.${k} = prs.${k}`).join(' AND ');

/** The passages of 2019 as sndsTools' extract_consultations_mcofcstc selects them (return codes 0, care dates). */
const PASSAGES = `
  SELECT DISTINCT c.ETA_NUM, c.SEQ_NUM, c.NIR_ANO_17, c.EXE_SOI_DTD
  FROM T_MCO19CSTC c
  WHERE c.NIR_RET = '0' AND c.NAI_RET = '0' AND c.SEX_RET = '0' AND c.ENT_DAT_RET = '0' AND c.IAS_RET = '0'
    AND c.EXE_SOI_DTD BETWEEN '2019-01-01' AND '2019-12-31'`;

function csv(path: string): Record<string, string>[] {
  const buf = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8').trim().split('\n');
  const head = (text[0] as string).split(',');
  return text.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [head[i] as string, v])));
}

describe('hospital outpatient care (ACE)', () => {
  const care = useCareDatabase();
  const n = (sql: string): number => care.one<{ n: number }>(sql).n;

  test('passages per 1 000 persons within 30 % of the published national rate (77 M passages / French population 2017)', () => {
    const pop2017 = csv(join(repoRoot(), 'data', 'population.csv.gz'))
      .filter((r) => r.year === '2017')
      .reduce((a, r) => a + Number(r.count), 0);
    const published = (77_000_000 / pop2017) * 1000;
    const persons = n('SELECT COUNT(DISTINCT BEN_NIR_PSA) AS n FROM IR_BEN_R');
    const passages = n(`SELECT COUNT(*) AS n FROM (${PASSAGES})`);
    const perThousand = (passages * 1000) / persons;
    expect(perThousand).toBeGreaterThan(published * 0.7);
    expect(perThousand).toBeLessThan(published * 1.3);
  });

  test('every passage joins its patient (IR_BEN_R) and bill, in a public or non-profit establishment', () => {
    expect(n('SELECT COUNT(*) AS n FROM T_MCO19CSTC c LEFT JOIN IR_BEN_R b ON b.BEN_NIR_PSA = c.NIR_ANO_17 WHERE b.BEN_NIR_PSA IS NULL')).toBe(0);
    expect(n('SELECT COUNT(*) AS n FROM T_MCO19CSTC c LEFT JOIN T_MCO19FASTC a USING (ETA_NUM, SEQ_NUM) WHERE a.ETA_NUM IS NULL')).toBe(0);
    const forProfit = csv(join(repoRoot(), 'data', 'establishments.csv'))
      .filter((r) => r.status === 'private for-profit')
      .map((r) => `'${r.finess}'`);
    expect(n(`SELECT COUNT(*) AS n FROM T_MCO19CSTC WHERE ETA_NUM IN (${forProfit.join(', ')})`)).toBe(0);
  });

  test('consultations (NGAP), imaging (CCAM in FMSTC) and biology (NABM in FLSTC) in the published proportions', () => {
    const fees = (codes: string): number =>
      n(`SELECT COUNT(DISTINCT f.ETA_NUM || f.SEQ_NUM) AS n FROM (${PASSAGES}) p JOIN T_MCO19FCSTC f ON f.ETA_NUM = p.ETA_NUM AND f.SEQ_NUM = p.SEQ_NUM WHERE f.ACT_COD IN (${codes})`);
    const gp = fees("'C', 'G'");
    const specialist = fees("'CS', 'CSC', 'CNPSY'");
    const imaging = fees("'ADI', 'ADE'");
    const total = gp + specialist + imaging;
    // Published: 24 M GP, 39 M specialist consultations, 15 M imaging acts.
    expect(gp / total).toBeCloseTo(24 / 78, 1);
    expect(specialist / total).toBeCloseTo(39 / 78, 1);
    expect(imaging / total).toBeCloseTo(15 / 78, 1);
    // Every CCAM act (FMSTC) is the imaging act billed in its passage's fees (FCSTC).
    expect(n("SELECT COUNT(*) AS n FROM T_MCO19FMSTC m WHERE NOT EXISTS (SELECT 1 FROM T_MCO19FCSTC f WHERE f.ETA_NUM = m.ETA_NUM AND f.SEQ_NUM = m.SEQ_NUM AND f.ACT_COD IN ('ADI', 'ADE'))")).toBe(0);
    // 77 M NABM acts for 77 M passages: one per passage on average.
    const bio = n('SELECT COUNT(*) AS n FROM T_MCO19FLSTC');
    expect(bio / n('SELECT COUNT(*) AS n FROM T_MCO19CSTC')).toBeGreaterThan(0.8);
    expect(bio / n('SELECT COUNT(*) AS n FROM T_MCO19CSTC')).toBeLessThan(1.2);
    expect(n("SELECT COUNT(*) AS n FROM T_MCO19FLSTC l LEFT JOIN IR_BIO_R r ON r.BIO_PRS_IDE = CAST(l.NABM_COD AS INTEGER) WHERE r.BIO_PRS_IDE IS NULL")).toBe(0);
  });

  test('full stays in public and non-profit hospitals are followed by a consultation in the same establishment', () => {
    const forProfit = csv(join(repoRoot(), 'data', 'establishments.csv'))
      .filter((r) => r.status === 'private for-profit')
      .map((r) => `'${r.finess}'`);
    const stays = `SELECT c.ETA_NUM, c.NIR_ANO_17, c.SOR_DAT FROM T_MCO19C c JOIN T_MCO19B b USING (ETA_NUM, RSA_NUM)
      WHERE b.SEJ_NBJ > 0 AND b.SOR_MOD <> '9' AND c.SOR_DAT <= '2019-09-30' AND c.ETA_NUM NOT IN (${forProfit.join(', ')})`;
    const all = n(`SELECT COUNT(*) AS n FROM (${stays})`);
    const followed = n(`SELECT COUNT(*) AS n FROM (${stays}) s WHERE EXISTS (SELECT 1 FROM T_MCO19CSTC a WHERE a.NIR_ANO_17 = s.NIR_ANO_17 AND a.ETA_NUM = s.ETA_NUM
      AND a.EXE_SOI_DTD > s.SOR_DAT AND a.EXE_SOI_DTD <= date(s.SOR_DAT, '+90 day'))`);
    // 30 % followed-up (modelling choice, mean delay 30 days), plus the passages drawn at random there.
    expect(followed / all).toBeGreaterThan(0.25);
    expect(followed / all).toBeLessThan(0.5);
  });

  test('cancer patients (ALD 30) see medical oncology, and obstetric passages are women of child-bearing age', () => {
    expect(
      n(`SELECT COUNT(*) AS n FROM T_MCO19FCSTC f JOIN T_MCO19CSTC c USING (ETA_NUM, SEQ_NUM)
         WHERE f.EXE_SPE = '73' AND c.NIR_ANO_17 IN (SELECT BEN_NIR_PSA FROM IR_IMB_R WHERE IMB_ALD_NUM = 30)`),
    ).toBeGreaterThan(0);
    expect(n(`SELECT COUNT(*) AS n FROM T_MCO19FCSTC f JOIN T_MCO19FASTC a USING (ETA_NUM, SEQ_NUM) WHERE f.EXE_SPE = '73' AND a.NIR_ANO_17 NOT IN (SELECT BEN_NIR_PSA FROM IR_IMB_R)`)).toBe(0);
    const obstetric = (where: string): number => n(`SELECT COUNT(*) AS n FROM T_MCO19FCSTC f JOIN T_MCO19FASTC a USING (ETA_NUM, SEQ_NUM) WHERE f.EXE_SPE = '07' AND ${where}`);
    expect(obstetric("a.COD_SEX = '1'")).toBe(0);
    expect(obstetric("a.COD_SEX = '2' AND a.AGE_ANN BETWEEN 15 AND 49")).toBeGreaterThan(obstetric("a.COD_SEX = '2' AND (a.AGE_ANN < 15 OR a.AGE_ANN > 49)"));
  });

  test('ER_PRS_F without ETE_IND_TAA <> 1 over-counts consultations by exactly the lines of hospitals billing directly', () => {
    // By the book otherwise: information and supplement lines out, quantities summed (regularisations net out).
    const count = (natures: string, filtered: boolean): number =>
      n(`SELECT SUM(prs.PRS_ACT_QTE) AS n FROM ER_PRS_F prs LEFT JOIN ER_ETE_F ete ON ${ON_NINE}
         WHERE prs.PRS_NAT_REF IN (${natures}) AND prs.EXE_SOI_DTD BETWEEN '2019-01-01' AND '2019-12-31'
           AND prs.DPN_QLF <> 71 AND prs.PRS_DPN_QLP <> 71 AND prs.CPL_MAJ_TOP < 2
         ${filtered ? 'AND (ete.ETE_IND_TAA <> 1 OR ete.ETE_IND_TAA IS NULL)' : ''}`);
    // The same passages in the PMSI, from hospitals billing directly (FASTC.FIDES_TOP = '1').
    const fides = (codes: string): number =>
      n(`SELECT COUNT(*) AS n FROM T_MCO19FCSTC f JOIN T_MCO19FASTC a USING (ETA_NUM, SEQ_NUM) JOIN T_MCO19CSTC c USING (ETA_NUM, SEQ_NUM)
         WHERE a.FIDES_TOP = '1' AND f.ACT_COD IN (${codes}) AND c.EXE_SOI_DTD BETWEEN '2019-01-01' AND '2019-12-31'`);
    const gpFides = fides("'C', 'G'");
    const speFides = fides("'CS', 'CSC', 'CNPSY'");
    expect(gpFides).toBeGreaterThan(100);
    expect(speFides).toBeGreaterThan(100);
    expect(count('1110, 1111', false) - count('1110, 1111', true)).toBe(gpFides);
    expect(count('1112, 1113, 1114', false) - count('1112, 1113, 1114', true)).toBe(speFides);
    // The truth: liberal GP consultations are those of the GP process, executed by a practitioner of DA_PRA_R.
    expect(count('1110, 1111', true)).toBe(n("SELECT SUM(PRS_ACT_QTE) AS n FROM ER_PRS_F WHERE PRS_NAT_REF IN (1110, 1111) AND EXE_SOI_DTD BETWEEN '2019-01-01' AND '2019-12-31' AND PFS_EXE_NUM IS NOT NULL AND CPL_MAJ_TOP < 2"));
  });

  test('every ER_ETE_F row is a public hospital billing directly, a retroceding hospital pharmacy, the hospital of an information line or a clinic billing a stay, joined to one ER_PRS_F line', () => {
    expect(n('SELECT COUNT(*) AS n FROM ER_ETE_F WHERE ETE_IND_TAA = 1')).toBeGreaterThan(0);
    expect(n('SELECT COUNT(*) AS n FROM ER_ETE_F WHERE ETE_IND_TAA = 1 AND (ETE_TYP_COD <> 1 OR MDT_COD <> 7 OR PRS_PPU_SEC <> 1)')).toBe(0);
    expect(
      n(`SELECT COUNT(*) AS n FROM ER_ETE_F ete WHERE ETE_IND_TAA = 0 AND NOT EXISTS (SELECT 1 FROM ER_UCD_F prs WHERE ${ON_NINE})
           AND NOT EXISTS (SELECT 1 FROM ER_PRS_F prs WHERE ${ON_NINE} AND prs.DPN_QLF = 71 AND ete.MDT_COD IN (3, 4))
           AND NOT EXISTS (SELECT 1 FROM ER_PRS_F prs WHERE ${ON_NINE} AND prs.PRS_NAT_REF IN (2111, 2112) AND ete.MFT_COD = 7 AND ete.ETE_GHS_NUM IS NOT NULL AND ete.PRS_PPU_SEC = 2)`),
    ).toBe(0);
    // The clinics' stays: a GHS line (2111) or an EXH line (2112) on each row of MFT_COD 7, private sector.
    expect(n('SELECT COUNT(*) AS n FROM ER_ETE_F WHERE MFT_COD = 7')).toBeGreaterThan(0);
    expect(n(`SELECT COUNT(*) AS n FROM ER_ETE_F ete WHERE MFT_COD = 7 AND (ETE_TYP_COD <> 4 OR PRS_PPU_SEC <> 2 OR NOT EXISTS (SELECT 1 FROM ER_PRS_F prs WHERE ${ON_NINE} AND prs.PRS_NAT_REF IN (2111, 2112)))`)).toBe(0);
    expect(n('SELECT COUNT(*) AS n FROM ER_ETE_F WHERE ETE_IND_TAA NOT IN (0, 1)')).toBe(0);
    expect(n(`SELECT COUNT(*) AS n FROM ER_ETE_F ete WHERE (SELECT COUNT(*) FROM ER_PRS_F prs WHERE ${ON_NINE}) <> 1`)).toBe(0);
    expect(n('SELECT COUNT(*) AS n FROM ER_ETE_F ete LEFT JOIN BE_IDE_R i ON i.IDE_ETA_NU8 = ete.ETB_EXE_FIN WHERE i.IDE_ETA_NU8 IS NULL')).toBe(0);
  });

  test('the published share of public hospitals (legal entities) bills directly: 35 % in 2019, 3 % in 2013', () => {
    const world = new World(config({ region: '35', population: 100, seed: 1 }), new DataRegistry());
    const publics = world.hospital.establishments.all.filter((e) => e.status === 'public');
    const share = (year: number): number => {
      const day = dayFromYmd(year, 6, 1);
      const entities = new Set(publics.filter((e) => world.ace.billsDirectly(e, day)).map((e) => e.finessEj));
      return entities.size / world.ace.publicHospitals;
    };
    expect(Math.abs(share(2019) - 0.35)).toBeLessThanOrEqual(0.5 / world.ace.publicHospitals);
    expect(Math.abs(share(2013) - 0.03)).toBeLessThanOrEqual(0.5 / world.ace.publicHospitals);
    expect(share(2012)).toBe(0);
    // Every site of a legal entity bills alike.
    for (const e of publics) expect(world.ace.billsDirectly(e, dayFromYmd(2019, 6, 1))).toBe(publics.some((x) => x.finessEj === e.finessEj && world.ace.billsDirectly(x, dayFromYmd(2019, 6, 1))));
  });
});

/** Rows of the outpatient PMSI tables, every column but NIR_ANO_17, in rowid order. */
function contentsWithoutPseudonym(path: string): Record<string, string[]> {
  const db = openDb(path);
  try {
    const out: Record<string, string[]> = {};
    for (const t of ['T_MCO19CSTC', 'T_MCO19FASTC', 'T_MCO19FCSTC', 'T_MCO19FMSTC', 'T_MCO19FLSTC']) {
      const cols = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'NIR_ANO_17');
      out[t] = (db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t}" ORDER BY rowid`).raw().all() as unknown[][]).map((r) => JSON.stringify(r));
    }
    return out;
  } finally {
    db.close();
  }
}

describe('texture clean', () => {
  test('writes no directly billed line, and the same outpatient PMSI tables as realistic', () => {
    // The shared small database: 700 persons of 35, 2019, seed 5 (texture realistic), one thread.
    const realistic = sharedDatabase('small');
    const path = sharedDatabase('smallClean');
    const db = openDb(path);
    try {
      expect((db.prepare('SELECT COUNT(*) AS n FROM ER_ETE_F WHERE ETE_IND_TAA = 1').get() as { n: number }).n).toBe(0);
      // Only the clinics' stays, numbered from 6000 (CLINIC_FLUX_ORDER): no directly billed line (from 5000).
      expect((db.prepare('SELECT COUNT(*) AS n FROM ER_PRS_F WHERE FLX_EMT_ORD >= 5000 AND PRS_NAT_REF NOT IN (2111, 2112)').get() as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
    // The same passages; only the patient's pseudonym may differ (a child's other parent's couple, realistic only).
    const a = contentsWithoutPseudonym(realistic);
    const b = contentsWithoutPseudonym(path);
    for (const t of ['T_MCO19CSTC', 'T_MCO19FASTC', 'T_MCO19FCSTC', 'T_MCO19FMSTC', 'T_MCO19FLSTC']) {
      expect((a[t] ?? []).length).toBeGreaterThan(0);
      expect(b[t]).toEqual(a[t]);
    }
    const r = openDb(realistic);
    try {
      expect((r.prepare('SELECT COUNT(*) AS n FROM ER_ETE_F WHERE ETE_IND_TAA = 1').get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      r.close();
    }
  });
});
