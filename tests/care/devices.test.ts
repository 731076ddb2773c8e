import { readDataTable, num, str } from '../../src/data';
import { CARE_LINES, DCIR_NINE_KEYS, useCareDatabase } from '../helpers/simulate';

/** Medical devices at home on the shared care database (20 000 persons of 35, 2019), queried as analysts query it. */
describe('medical devices at home (LPP lines in ER_TIP_F)', () => {
  const care = useCareDatabase();
  const DEVICES = care.extract('devices', `SELECT * FROM ${CARE_LINES} WHERE PRS_NAT_REF IN (3511, 3512) AND PRS_ACT_QTE > 0`);
  /** Lines of a device whose LPP label (NT_LPP) starts with `label`, with their person (the label's codes listed once). */
  const linesOf = (label: string): string =>
    `(SELECT p.* FROM ${DEVICES} p WHERE EXISTS (SELECT 1 FROM ER_TIP_F t WHERE t.TIP_PRS_IDE IN (SELECT LPP_PRS_IDE FROM NT_LPP WHERE LPP_RED_LIB LIKE '${label}%') AND ${DCIR_NINE_KEYS.split(', ')
      .map((k) => `t.${k} = p.${k}`)
      .join(' AND ')}))`;
  /** « No date » of the SNDS (BEN_DCD_DTE of the living). */
  const NO_DATE = "'1600-01-01'";
  /** Persons alive on 1 January 2019 born in 1998 or before (adults of 20 or more in 2019), with their sex. */
  const ADULTS = `(SELECT BEN_NIR_PSA, BEN_RNG_GEM, BEN_SEX_COD FROM IR_BEN_R WHERE BEN_NAI_ANN <= '1998' AND (BEN_DCD_DTE = ${NO_DATE} OR BEN_DCD_DTE >= '2019-01-01'))`;

  it('details every device line by its LPP codes in ER_TIP_F: amount = Σ quantity × unit price, codes of NT_LPP', () => {
    const lines = care.one<{ n: number }>('SELECT COUNT(*) AS n FROM ER_PRS_F WHERE PRS_NAT_REF IN (3511, 3512)').n;
    expect(lines).toBeGreaterThan(2000);
    const rows = care.db
      .prepare(
        `SELECT p.PRS_PAI_MNT AS paid, p.PRS_ACT_QTE AS qte, SUM(t.TIP_ACT_QSN * t.TIP_ACT_PRU) AS detail, SUM(t.TIP_ACT_QSN) AS units, COUNT(*) AS n,
                SUM(t.TIP_PRS_IDE IN (SELECT LPP_PRS_IDE FROM NT_LPP)) AS known
         FROM ER_PRS_F p JOIN ER_TIP_F t USING (${DCIR_NINE_KEYS}) WHERE p.PRS_NAT_REF IN (3511, 3512) GROUP BY ${DCIR_NINE_KEYS}`,
      )
      .all() as { paid: number; qte: number; detail: number; units: number; n: number; known: number }[];
    expect(rows.length).toBe(lines);
    expect(care.one<{ n: number }>('SELECT COUNT(*) AS n FROM ER_TIP_F').n).toBe(rows.reduce((s, r) => s + r.n, 0));
    for (const r of rows) {
      expect(r.paid).toBeCloseTo(r.detail, 2);
      expect(r.qte).toBe(r.units);
      expect(r.known).toBe(r.n);
    }
  });

  it('bills rented devices four weekly forfaits at a time, the period in TIP_ACL_DTD … TIP_ACL_DTF, by a home-care provider of DA_PRA_R', () => {
    const rentals = care.db
      .prepare(`SELECT julianday(t.TIP_ACL_DTF) - julianday(t.TIP_ACL_DTD) AS span, t.TIP_ACL_DTD AS dtd, p.EXE_SOI_DTD AS day, t.TIP_ACT_QSN AS weeks, p.PSE_ACT_NAT AS act FROM ${DEVICES} p JOIN ER_TIP_F t USING (${DCIR_NINE_KEYS}) WHERE p.PRS_NAT_REF = 3511`)
      .all() as { span: number; dtd: string; day: string; weeks: number; act: number }[];
    expect(rentals.length).toBeGreaterThan(1000);
    for (const r of rentals) {
      expect(r.span).toBe(7 * r.weeks - 1);
      expect(r.dtd).toBe(r.day);
      expect(r.act).toBe(60);
    }
    const missing = care.one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT DISTINCT PFS_EXE_NUM FROM ER_PRS_F WHERE PRS_NAT_REF = 3511) p LEFT JOIN DA_PRA_R d ON d.PFS_PFS_NUM = p.PFS_EXE_NUM WHERE d.PFS_PFS_NUM IS NULL OR CAST(d.PFS_PRA_SPE AS INTEGER) <> 60`,
    ).n;
    expect(missing).toBe(0);
  });

  it('treats by CPAP about the published share of adults of each sex (3.3 % of men, 1.3 % of women in 2017)', () => {
    const rows = care.db
      .prepare(`SELECT a.BEN_SEX_COD AS sex, COUNT(*) AS adults, SUM((a.BEN_NIR_PSA, a.BEN_RNG_GEM) IN (SELECT c.BEN_NIR_PSA, c.BEN_RNG_GEM FROM ${linesOf('PPC, APNEE SOMMEIL')} c)) AS treated FROM ${ADULTS} a GROUP BY 1`)
      .all() as { sex: number; adults: number; treated: number }[];
    const share = new Map(rows.map((r) => [r.sex, r.treated / r.adults]));
    expect(share.get(1)).toBeGreaterThan(0.033 * 0.75);
    expect(share.get(1)).toBeLessThan(0.033 * 1.25);
    expect(share.get(2)).toBeGreaterThan(0.013 * 0.7);
    expect(share.get(2)).toBeLessThan(0.013 * 1.3);
  });

  it('gives long-term oxygen to about 45 % of its patients through ALD 14, those lines at 100 % and related to it', () => {
    const r = care.one<{ patients: number; inAld: number; related: number; lines: number; full: number }>(
      `WITH o AS ${linesOf('OXYGENOTHERAPIE')}
       SELECT COUNT(DISTINCT BEN_NIR_PSA || '/' || BEN_RNG_GEM) AS patients,
              COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM IR_IMB_R i WHERE i.BEN_NIR_PSA = o.BEN_NIR_PSA AND i.IMB_ALD_NUM = 14 AND i.IMB_ALD_DTD <= o.EXE_SOI_DTD) THEN BEN_NIR_PSA || '/' || BEN_RNG_GEM END) AS inAld,
              SUM(EXO_MTF = 42) AS related, COUNT(*) AS lines, SUM(RGO_REM_TAU = 100) AS full FROM o`,
    );
    // 175 029 patients in 2017 for 66.8 M inhabitants: about 52 of 20 000 persons.
    expect(r.patients).toBeGreaterThan(25);
    expect(r.patients).toBeLessThan(110);
    expect(r.inAld / r.patients).toBeGreaterThan(0.25);
    expect(r.inAld / r.patients).toBeLessThan(0.7);
    expect(r.related).toBe(r.full);
    expect(r.related).toBeGreaterThan(0);
  });

  it('delivers glucose strips only to holders of ALD 8, at the pharmacy, a box of 100 every 25 days or so, at 100 %', () => {
    const lines = `(${linesOf('AUTOCONTROLE')})`;
    const r = care.one<{ lines: number; patients: number; holders: number; related: number; pharmacy: number; sundays: number }>(
      `SELECT COUNT(*) AS lines, COUNT(DISTINCT BEN_NIR_PSA) AS patients,
              COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM IR_IMB_R i WHERE i.BEN_NIR_PSA = g.BEN_NIR_PSA AND i.IMB_ALD_NUM = 8) THEN BEN_NIR_PSA END) AS holders,
              SUM(EXO_MTF = 42 AND RGO_REM_TAU = 100) AS related, SUM(PSE_ACT_NAT = 50) AS pharmacy, SUM(strftime('%w', EXE_SOI_DTD) = '0') AS sundays FROM ${lines} g`,
    );
    expect(r.patients).toBeGreaterThan(50);
    expect(r.holders).toBe(r.patients);
    expect(r.related).toBe(r.lines);
    expect(r.pharmacy).toBe(r.lines);
    // Pharmacies open on Sundays only on duty: few deliveries then.
    expect(r.sundays / r.lines).toBeLessThan(0.03);
    // A patient equipped the whole year gets 365 / 25 ≈ 14.6 boxes.
    const items = readDataTable('devices.csv');
    const interval = num(items, items.rows.find((x) => str(items, x, 'device') === 'glucose') as Record<string, string>, 'interval_days');
    const perPatient = care.one<{ boxes: number }>(
      `SELECT AVG(n) AS boxes FROM (SELECT COUNT(*) AS n FROM ${lines} g JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM) WHERE b.BEN_DCD_DTE = ${NO_DATE} AND b.BEN_NAI_ANN < '2019' GROUP BY g.BEN_NIR_PSA HAVING MIN(g.EXE_SOI_DTD) < '2019-02-01')`,
    ).boxes;
    expect(perPatient).toBeGreaterThan((365 / interval) * 0.9);
    expect(perPatient).toBeLessThan((365 / interval) * 1.1);
  });

  it('delivers nothing after the death of the patient', () => {
    const late = care.one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${DEVICES} p JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM) WHERE b.BEN_DCD_DTE <> ${NO_DATE} AND p.EXE_SOI_DTD >= b.BEN_DCD_DTE`).n;
    expect(late).toBe(0);
    const deadUsers = care.one<{ n: number }>(`SELECT COUNT(DISTINCT p.BEN_NIR_PSA) AS n FROM ${DEVICES} p JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM) WHERE b.BEN_DCD_DTE <> ${NO_DATE}`).n;
    expect(deadUsers).toBeGreaterThan(0);
  });
});
