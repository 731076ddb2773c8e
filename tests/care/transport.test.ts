import { readDataTable, num, str } from '../../src/data';
import { World } from '../../src/world';
import { CARE_LINES, DCIR_NINE_KEYS, config, useCareDatabase } from '../helpers/simulate';
import { expectEvery, failed } from '../helpers/rows';

/** Patient transport on the shared care database (20 000 persons of 35, 2019), queried as analysts query it. */
describe('patient transport by ambulance, VSL and taxi', () => {
  const care = useCareDatabase();
  const TRIPS = care.extract('trips', `SELECT * FROM ${CARE_LINES} WHERE PRS_NAT_REF IN (4212, 4213, 4214) AND PRS_ACT_QTE > 0`);
  const persons = (): number => care.one<{ n: number }>('SELECT COUNT(DISTINCT BEN_IDT_ANO) AS n FROM IR_BEN_R').n;

  it('details every transport line in exactly one ER_TRS_F line on the nine keys, with its day and postcodes', () => {
    const lines = care.one<{ n: number }>(`SELECT COUNT(*) AS n FROM ER_PRS_F WHERE PRS_NAT_REF IN (4212, 4213, 4214)`).n;
    expect(lines).toBeGreaterThan(5000);
    const joined = care.db
      .prepare(`SELECT p.EXE_SOI_DTD AS day, t.TRS_DTD_DTE AS dtd, t.TRS_DTF_DTE AS dtf, t.TRS_DTD_AME AS ame, t.TRS_DEP_CDP AS dep, t.TRS_ARR_CDP AS arr FROM ER_PRS_F p JOIN ER_TRS_F t USING (${DCIR_NINE_KEYS}) WHERE p.PRS_NAT_REF IN (4212, 4213, 4214)`)
      .all() as { day: string; dtd: string; dtf: string; ame: string; dep: string | null; arr: string | null }[];
    expect(joined.length).toBe(lines);
    expect(care.one<{ n: number }>('SELECT COUNT(*) AS n FROM ER_TRS_F').n).toBe(lines);
    // Both ends known (every commune of France has its postcode), one of them the patient's home of Ille-et-Vilaine.
    expectEvery(joined, (r) =>
      failed({
        'TRS_DTD_DTE = EXE_SOI_DTD': r.dtd === r.day,
        'TRS_DTF_DTE = EXE_SOI_DTD': r.dtf === r.day,
        'TRS_DTD_AME = its month': r.ame === r.day.slice(0, 4) + r.day.slice(5, 7),
        'both postcodes': r.dep !== null && r.arr !== null,
        'one end in 35': [r.dep, r.arr].some((c) => c !== null && c.startsWith('35')),
      }),
    );
  });

  it('bills each mode by its firm (ambulancier or taxi in DA_PRA_R) at 65 %, or 100 % when related to an ALD', () => {
    const rows = care.db.prepare(`SELECT PRS_NAT_REF AS nat, PSE_ACT_NAT AS act, RGO_REM_TAU AS rate, EXO_MTF AS exo, COUNT(*) AS n FROM ${TRIPS} GROUP BY 1, 2, 3, 4`).all() as {
      nat: number;
      act: number;
      rate: number;
      exo: number;
      n: number;
    }[];
    for (const r of rows) {
      expect(r.act).toBe(r.nat === 4214 ? 56 : 55);
      expect(r.rate === 100).toBe(r.exo === 42);
      expect([65, 100]).toContain(r.rate);
    }
    expect(new Set(rows.map((r) => r.nat))).toEqual(new Set([4212, 4213, 4214]));
    const missing = care.one<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT DISTINCT PFS_EXE_NUM, PSE_SPE_COD FROM ER_PRS_F WHERE PRS_NAT_REF IN (4212, 4213, 4214)) p LEFT JOIN DA_PRA_R d ON d.PFS_PFS_NUM = p.PFS_EXE_NUM WHERE d.PFS_PFS_NUM IS NULL OR CAST(d.PFS_PRA_SPE AS INTEGER) <> p.PSE_SPE_COD`,
    ).n;
    expect(missing).toBe(0);
  });

  it('charges each mode about its published mean amount, ambulances at least their forfait', () => {
    const modes = readDataTable('transport_modes.csv');
    const mean = new Map(modes.rows.map((r) => [num(modes, r, 'prs_nat'), num(modes, r, 'mean_eur')]));
    const forfait = num(modes, modes.rows.find((r) => str(modes, r, 'mode') === 'ambulance') as Record<string, string>, 'forfait_eur');
    const rows = care.db.prepare(`SELECT PRS_NAT_REF AS nat, AVG(PRS_PAI_MNT) AS mean, MIN(PRS_PAI_MNT) AS low, COUNT(*) AS n FROM ${TRIPS} GROUP BY 1`).all() as { nat: number; mean: number; low: number; n: number }[];
    for (const r of rows) {
      expect(r.n).toBeGreaterThan(500);
      expect(r.mean / (mean.get(r.nat) as number)).toBeGreaterThan(0.9);
      expect(r.mean / (mean.get(r.nat) as number)).toBeLessThan(1.1);
    }
    expect((rows.find((r) => r.nat === 4212) as { low: number }).low).toBeGreaterThanOrEqual(forfait);
  });

  it('takes patients to hospital and back on the days of their stays (the trips the GP did not prescribe)', () => {
    // Person of a DCIR couple and of a PMSI stay, through BEN_IDT_ANO (IR_BEN_R and IR_BEN_R_ARC).
    const r = care.one<{ trips: number; onStayDays: number }>(
      `WITH b AS (SELECT BEN_NIR_PSA, BEN_RNG_GEM, BEN_IDT_ANO FROM IR_BEN_R UNION SELECT BEN_NIR_PSA, BEN_RNG_GEM, BEN_IDT_ANO FROM IR_BEN_R_ARC),
            days AS (SELECT b.BEN_IDT_ANO AS who, c.ENT_DAT AS day FROM T_MCO19C c JOIN b ON b.BEN_NIR_PSA = c.NIR_ANO_17
                     UNION SELECT b.BEN_IDT_ANO, c.SOR_DAT FROM T_MCO19C c JOIN b ON b.BEN_NIR_PSA = c.NIR_ANO_17)
       SELECT COUNT(*) AS trips, SUM(EXISTS (SELECT 1 FROM days WHERE days.who = b.BEN_IDT_ANO AND days.day = t.EXE_SOI_DTD)) AS onStayDays
       FROM ${TRIPS} t JOIN b USING (BEN_NIR_PSA, BEN_RNG_GEM) WHERE t.PFS_PRE_NUM IS NULL`,
    );
    expect(r.trips).toBeGreaterThan(3000);
    expect(r.onStayDays).toBe(r.trips);
  });

  it('drives ALD patients to their outpatient care on open days only (no Sunday, no public holiday)', () => {
    const days = care.db.prepare(`SELECT strftime('%w', EXE_SOI_DTD) AS wd, COUNT(*) AS n FROM ${TRIPS} WHERE PFS_PRE_NUM IS NOT NULL GROUP BY 1`).all() as { wd: string; n: number }[];
    expect(days.reduce((s, d) => s + d.n, 0)).toBeGreaterThan(2000);
    expect(days.find((d) => d.wd === '0')?.n ?? 0).toBe(0);
    // Stays begin and end on any day: Sunday trips exist among the others.
    expect(care.one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${TRIPS} WHERE PFS_PRE_NUM IS NULL AND strftime('%w', EXE_SOI_DTD) = '0'`).n).toBeGreaterThan(0);
  });

  it('transports about the published share of persons, about twelve trips each', () => {
    const r = care.one<{ patients: number; trips: number }>(`SELECT COUNT(DISTINCT BEN_NIR_PSA || '/' || BEN_RNG_GEM) AS patients, SUM(PRS_ACT_QTE) AS trips FROM ${TRIPS}`);
    const n = persons();
    // Published: 5.1 M patients (7.8 % of the population), 62.8 M trips in 2012.
    expect(r.patients / n).toBeGreaterThan(0.05);
    expect(r.patients / n).toBeLessThan(0.12);
    // Published: 12.3 trips per patient. Fewer patients than published are transported (no transport to the emergency
    // department without admission; chemotherapy and dialysis fall on ALD holders, who are hospitalised anyway), so
    // each has more trips: about 16 on this database.
    expect(r.trips / r.patients).toBeGreaterThan(8);
    expect(r.trips / r.patients).toBeLessThan(18);
    expect(r.trips / n).toBeGreaterThan(0.6);
    expect(r.trips / n).toBeLessThan(1.3);
  });
});

describe('transport firms', () => {
  it('number the firms of an overseas and a metropolitan département in 8 characters, distinct from the pharmacies', () => {
    const world = new World(config({ region: '971,35', population: 10 }));
    const firms = world.transport.all;
    const pharmacies = new Set(world.pharmacies.all.map((p) => p.pfsNum));
    expect(firms.some((f) => f.pfsNum.startsWith('97'))).toBe(true);
    expect(firms.some((f) => f.pfsNum.startsWith('35'))).toBe(true);
    for (const f of firms) {
      expect(f.pfsNum).toMatch(/^\d{8}$/);
      expect(pharmacies.has(f.pfsNum)).toBe(false);
    }
    expect(new Set(firms.map((f) => f.pfsNum)).size).toBe(firms.length);
  });
});
