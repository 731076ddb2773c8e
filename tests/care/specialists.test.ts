import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readNomenclature } from '../../src/snds';
import { CARE_LINES, DCIR_NINE_KEYS, careDatabase, openDb } from '../helpers/simulate';

/** One simulated year of Ille-et-Vilaine, shared by the checks below. */
let path: string;
beforeAll(async () => {
  path = careDatabase();
}, 240_000);

describe('specialist consultations and CCAM acts', () => {
  it('produces specialist consultations and acts at plausible per-person-year rates', () => {
    const db = openDb(path);
    try {
      const persons = db.prepare('SELECT COUNT(DISTINCT BEN_IDT_ANO) FROM IR_BEN_R').pluck().get() as number;
      // CS 1112, CNP 1113, CSC 1114 (IR_NAT_V).
      // Counted as analysts do (texture realistic): the lines of the care, quantities summed.
      const consultations = db.prepare(`SELECT SUM(PRS_ACT_QTE) FROM ${CARE_LINES} WHERE PRS_NAT_REF IN (1112, 1113, 1114)`).pluck().get() as number;
      // Dentists' CCAM acts (PSE_SPE_COD 19) are liberal care of their own (tests/care/liberal).
      const acts = db.prepare(`SELECT SUM(p.PRS_ACT_QTE) FROM ER_CAM_F c JOIN ${CARE_LINES} p USING (${DCIR_NINE_KEYS}) WHERE p.PSE_SPE_COD <> 19`).pluck().get() as number;
      // National volumes give ≈ 1.3 consultations and ≈ 2.3 acts per person-year; small runs lack some
      // specialties (care skipped), hence the wide bounds.
      expect(consultations / persons).toBeGreaterThan(0.4);
      expect(consultations / persons).toBeLessThan(2);
      expect(acts / persons).toBeGreaterThan(1.5);
      expect(acts / persons).toBeLessThan(3.5);
      // Specialist consultations are by specialists, never GPs.
      expect(db.prepare('SELECT COUNT(*) FROM ER_PRS_F WHERE PRS_NAT_REF IN (1112, 1113, 1114) AND PSE_SPE_COD IN (1, 22, 23)').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('joins every ER_CAM_F line to exactly one ER_PRS_F line with a CCAM nature and the CCAM amounts', () => {
    const db = openDb(path);
    try {
      const keys = 'FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF';
      const on = keys.split(', ').map((k) => `c.${k} = p.${k}`).join(' AND ');
      const bad = db.prepare(`SELECT COUNT(*) FROM ER_CAM_F c WHERE (SELECT COUNT(*) FROM ER_PRS_F p WHERE ${on}) <> 1`).pluck().get();
      expect(bad).toBe(0);
      const natures = db.prepare(`SELECT DISTINCT p.PRS_NAT_REF FROM ER_CAM_F c JOIN ER_PRS_F p ON ${on} WHERE p.PSE_SPE_COD <> 19`).pluck().all() as number[];
      const nat = readNomenclature('IR_NAT_V');
      const [iNat, iLib] = [nat.columns.indexOf('PRS_NAT'), nat.columns.indexOf('PRS_NAT_LIB')];
      const ccamNatures = new Set(nat.rows.filter((r) => String(r[iLib]).includes('CCAM')).map((r) => Number(r[iNat])));
      for (const n of natures) expect(ccamNatures.has(n)).toBe(true);
      // The amounts of the acts paid (information lines reimburse nothing; regularisations negate the amounts).
      const paid = `p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0`;
      const amounts = db.prepare(`SELECT COUNT(*) FROM ER_CAM_F c JOIN ER_PRS_F p ON ${on} WHERE ${paid} AND (p.BSE_REM_BSE <> c.CAM_REM_BSE OR p.BSE_REM_BSE <= 0 OR p.BSE_REM_MNT < 0)`).pluck().get();
      expect(amounts).toBe(0);
      // ALD-related acts at 100 %, the others at 70 %.
      const rates = db.prepare(`SELECT DISTINCT p.RGO_REM_TAU FROM ER_CAM_F c JOIN ER_PRS_F p ON ${on} WHERE ${paid} ORDER BY 1`).pluck().all();
      expect(rates).toEqual([70, 100]);
    } finally {
      db.close();
    }
  });

  it('uses CCAM codes of IR_CCAM_V54 and executants of DA_PRA_R', () => {
    const db = openDb(path);
    try {
      const codes = db.prepare('SELECT DISTINCT CAM_PRS_IDE FROM ER_CAM_F').pluck().all() as string[];
      expect(codes.length).toBeGreaterThan(50);
      const ccam = readNomenclature('IR_CCAM_V54');
      const col = ccam.columns.indexOf('CAM_PRS_IDE_COD');
      expect(col).toBeGreaterThanOrEqual(0);
      const known = new Set(ccam.rows.map((r) => String(r[col])));
      // Codes created after CCAM version 54 are checked against the CNAM 2019 file the acts come from.
      const liberal = new Set(gunzipSync(readFileSync('data/ccam_liberal.csv.gz')).toString('utf8').split('\n').slice(1).map((l) => l.split(',')[0]));
      const missing = codes.filter((c) => !known.has(c) && !liberal.has(c));
      expect(missing).toEqual([]);
      const orphans = db
        .prepare(
          `SELECT COUNT(*) FROM ER_PRS_F p WHERE p.PRS_NAT_REF IN (1112, 1113, 1114, 1324, 1351, 1352)
           AND p.PFS_EXE_NUM NOT IN (SELECT PFS_PFS_NUM FROM DA_PRA_R)`,
        )
        .pluck()
        .get();
      expect(orphans).toBe(0);
    } finally {
      db.close();
    }
  });
});
