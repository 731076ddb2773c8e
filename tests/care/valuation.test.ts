/** The valuation of MCO stays (T_MCOyyB.GHS_NUM, T_MCOyyVALO) on the shared care database, and StayValuation's rules. */
import { readDataTable } from '../../src/data';
import { parseIsoDate } from '../../src/events';
import { DataRegistry, StayValuation } from '../../src/world';
import { CARE_LINES, useCareDatabase } from '../helpers/simulate';
import { close, expectEvery, failed } from '../helpers/rows';

const day = (iso: string): number => parseIsoDate(iso) as number;

describe('StayValuation', () => {
  const v = new StayValuation(new DataRegistry());
  const base = { sector: 1 as const, admission: day('2019-06-03'), nights: 3, session: false, ald: 0, heavyAct: false, ageDays: 20_000 };

  it('takes the GHS tariff of the latest campaign begun by the admission day (IR_GHS_V, public sector)', () => {
    // Chemotherapy sessions: GHS 9606, 382,77 € from 1 March 2018, 403,53 € from 1 March 2017.
    const t2019 = v.tariff('28Z07Z', day('2019-06-03'));
    const t2017 = v.tariff('28Z07Z', day('2017-06-03'));
    expect(t2019?.ghs).toBe(9606);
    expect(t2019?.tariff).toBeCloseTo(382.77, 2);
    expect(t2017?.ghs).toBe(9606);
    expect(t2017?.tariff).not.toBeCloseTo(382.77, 2);
    expect(v.tariff('XXXXXX', day('2019-06-03'))).toBeUndefined();
    // The private clinics' tariff of the same GHS (sector 2): 301,36 € from 1 March 2018.
    expect(v.tariff('28Z07Z', day('2019-06-03'), 2)?.ghs).toBe(9606);
    expect(v.tariff('28Z07Z', day('2019-06-03'), 2)?.tariff).toBeCloseTo(301.36, 2);
    expect(v.value({ ...base, ghm: '28Z07Z', session: true, sector: 2, ald: 30 })?.totalAm).toBeCloseTo(301.36, 2);
  });

  it('pays 80 % of a medical stay, the tariff less the 24 € forfait (18 € before 2019) with a heavy act, 100 % when related to an ALD', () => {
    const ghm = '28Z07Z';
    const tariff = (v.tariff(ghm, base.admission) as { tariff: number }).tariff;
    const medical = v.value({ ...base, ghm, session: true });
    expect(medical?.rate).toBe(80);
    expect(medical?.totalAm).toBeCloseTo(0.8 * tariff, 2);
    const heavy = v.value({ ...base, ghm, session: true, heavyAct: true });
    expect(heavy?.forfait).toBe(24);
    expect(heavy?.totalAm).toBeCloseTo(tariff - 24, 2);
    expect(v.value({ ...base, ghm, session: true, heavyAct: true, admission: day('2018-06-04') })?.forfait).toBe(18);
    const ald = v.value({ ...base, ghm, session: true, ald: 30 });
    expect(ald?.rate).toBe(100);
    expect(ald?.totalAm).toBeCloseTo(tariff, 2);
  });

  it('adds an EXH supplement for each night beyond the high bound and exempts stays reaching the 31st day', () => {
    const ghm = '04M05W'; // Pneumonies et pleurésies banales, âge supérieur à 17 ans avec CMA
    const t = v.tariff(ghm, base.admission);
    expect(t && t.highBound > 0 && t.exhPerDay > 0).toBe(true);
    const high = (t as { highBound: number }).highBound;
    const long = v.value({ ...base, ghm, nights: high + 5 });
    expect(long?.exhDays).toBe(5);
    expect(long?.exhBase).toBeCloseTo(5 * (t as { exhPerDay: number }).exhPerDay, 2);
    expect(v.value({ ...base, ghm, nights: high })?.exhDays).toBe(0);
    expect(v.value({ ...base, ghm, nights: 29 })?.rate).toBe(80);
    expect(v.value({ ...base, ghm, nights: 30 })?.rate).toBe(100);
  });

  it('covers deliveries and newborns’ first stays in full (maternity insurance)', () => {
    expect(v.value({ ...base, ghm: '14Z02A', ageDays: 10_000 })?.rate).toBe(100);
    expect(v.value({ ...base, ghm: '15Z05A', ageDays: 0 })?.rate).toBe(100);
  });
});

describe('stays valued in the PMSI (T_MCOyyVALO) on the shared care database', () => {
  const care = useCareDatabase();
  const statusOf = new Map(readDataTable('establishments.csv').rows.map((r) => [r.finess as string, r.status as string]));

  it('gives every stay with a GHM its GHS (GHS_NUM) and a VALO row to each stay of a public or non-profit hospital, none to private clinics', () => {
    const stays = care.db.prepare('SELECT b.ETA_NUM AS eta, b.GHS_NUM AS ghs, v.GHS_NUM AS vghs, v.VALO AS valo FROM T_MCO19B b LEFT JOIN T_MCO19VALO v USING (ETA_NUM, RSA_NUM)').all() as {
      eta: string;
      ghs: number | null;
      vghs: string | null;
      valo: string | null;
    }[];
    expect(stays.length).toBeGreaterThan(5000);
    const withGhs = stays.filter((s) => s.ghs !== null);
    expect(withGhs.length / stays.length).toBeGreaterThan(0.9);
    let publicStays = 0;
    for (const s of stays) {
      const status = statusOf.get(s.eta);
      expect(status).toBeDefined();
      if (s.ghs === null || status === 'private for-profit') {
        expect(s.valo).toBeNull();
        continue;
      }
      publicStays += 1;
      expect(s.valo).toBe('1');
      expect(Number(s.vghs)).toBe(s.ghs);
    }
    expect(publicStays).toBeGreaterThan(0.5 * withGhs.length);
    const valoRows = care.one<{ n: number }>('SELECT COUNT(*) AS n FROM T_MCO19VALO').n;
    expect(valoRows).toBe(publicStays);
  });

  it('bills each stay of a private clinic to the DCIR: one GHS line (2111) over the stay, with its ER_ETE_F row naming the clinic, the GHS and MFT_COD 7', () => {
    const clinics = [...statusOf].filter(([, s]) => s === 'private for-profit').map(([f]) => `'${f}'`);
    // Clinic stays with a GHS (PMSI) against the net GHS lines of the DCIR, matched on person, dates, clinic and GHS.
    const stays = care.db
      .prepare(`SELECT c.NIR_ANO_17 AS nir, c.ENT_DAT AS dtd, c.SOR_DAT AS dtf, substr(b.ETA_NUM, 1, 8) AS eta, b.GHS_NUM AS ghs FROM T_MCO19B b JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM) WHERE b.GHS_NUM IS NOT NULL AND b.ETA_NUM IN (${clinics.join(', ')})`)
      .all() as { nir: string; dtd: string; dtf: string; eta: string; ghs: number }[];
    expect(stays.length).toBeGreaterThan(500);
    const lines = care.db
      .prepare(
        `SELECT p.BEN_NIR_PSA AS nir, p.EXE_SOI_DTD AS dtd, p.EXE_SOI_DTF AS dtf, e.ETB_EXE_FIN AS eta, e.ETE_GHS_NUM AS ghs, SUM(p.PRS_ACT_QTE) AS n, MIN(e.MFT_COD) AS mft, MAX(e.MFT_COD) AS mft2, MIN(p.PRS_PPU_SEC) AS sec
         FROM ${CARE_LINES} p JOIN ER_ETE_F e USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)
         WHERE p.PRS_NAT_REF = 2111 GROUP BY 1, 2, 3, 4, 5 HAVING SUM(p.PRS_ACT_QTE) <> 0`,
      )
      .all() as { nir: string; dtd: string; dtf: string; eta: string; ghs: number; n: number; mft: number; mft2: number; sec: number }[];
    const key = (x: { nir: string; dtd: string; dtf: string; eta: string; ghs: number }): string => [x.nir, x.dtd, x.dtf, x.eta, x.ghs].join('|');
    const billed = new Map(lines.map((l) => [key(l), l]));
    for (const s of stays) {
      const l = billed.get(key(s));
      expect({ stay: key(s), n: l?.n, mft: l?.mft, mft2: l?.mft2, sec: l?.sec }).toEqual({ stay: key(s), n: 1, mft: 7, mft2: 7, sec: 2 });
    }
    expect(lines.length).toBe(stays.length);
  });

  it('adds up as analysts read it: MNT_TOT_AM = MNT_GHS_AM + MNT_EXH_AM ≤ MNT_TOT_BR, at 80 % or 100 % less the forfait', () => {
    const rows = care.db.prepare('SELECT MNT_GHS_AM AS g, MNT_EXH_AM AS e, MNT_TOT_AM AS t, MNT_TOT_BR AS br, MNT_GHS_BR AS gbr, MNT_EXH_BR AS ebr, TAUX2 AS rate, MNT_18 AS f, NBEXH AS exh FROM T_MCO19VALO').all() as {
      g: number;
      e: number;
      t: number;
      br: number;
      gbr: number;
      ebr: number;
      rate: number;
      f: number;
      exh: number;
    }[];
    const rates = new Set<number>();
    for (const r of rows) rates.add(r.rate);
    expectEvery(rows, (r) =>
      failed({
        'MNT_TOT_AM = MNT_GHS_AM + MNT_EXH_AM': close(r.t, r.g + r.e, 2),
        'MNT_TOT_BR = GHS + EXH bases': close(r.br, r.gbr + r.ebr, 2),
        'MNT_TOT_AM ≤ MNT_TOT_BR': r.t <= r.br + 0.005,
        'GHS base > 0': r.gbr > 0,
        'at 80 %, or 100 % less the forfait': r.rate === 80 ? close(r.t, 0.8 * r.br, 1) : close(r.t, Math.max(0, r.br - r.f), 1),
        'forfait 0 or 24': [0, 24].includes(r.f),
        'no EXH base without EXH days': r.exh !== 0 || r.ebr === 0,
      }),
    );
    expect([...rates].sort()).toEqual([100, 80]);
    expect(rows.some((r) => r.f === 24)).toBe(true);
    expect(rows.some((r) => r.exh > 0)).toBe(true);
  });

  it('values a public hospital stay at plausible amounts: the mean insurance part of a full stay is in the thousands of euros, a session in the hundreds', () => {
    // Sessions (CMD 28) against full stays (nights > 0) of the public hospitals, with the patient (T_MCOyyC) in the year.
    const mean = (where: string): number =>
      care.one<{ m: number }>(
        `SELECT AVG(v.MNT_TOT_AM) AS m FROM T_MCO19VALO v JOIN T_MCO19B b USING (ETA_NUM, RSA_NUM) JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM)
         WHERE c.ENT_DAT BETWEEN '2019-01-01' AND '2019-12-31' AND ${where}`,
      ).m;
    const sessions = mean("b.GRG_GHM LIKE '28%'");
    const full = mean("b.GRG_GHM NOT LIKE '28%' AND b.SEJ_NBJ > 0");
    expect(sessions).toBeGreaterThan(100);
    expect(sessions).toBeLessThan(1000);
    expect(full).toBeGreaterThan(1500);
    expect(full).toBeLessThan(10_000);
  });
});
