/** Hospital stays (PMSI MCO T_MCOyyB/C/D/A/E/UM, BE_IDE_R) on a 10 000-person run of Ille-et-Vilaine (2019). */
import { useCareDatabase } from '../helpers/simulate';
import { CmdRules, DataRegistry } from '../../src/world';

jest.setTimeout(180_000);

describe('CmdRules', () => {
  const rules = new CmdRules(new DataRegistry());
  const cmdOfDiagnosis = (cim: string): number => rules.cmd(cim);
  test('chapters and blocks map to the CMD of their organ system', () => {
    expect(cmdOfDiagnosis('I500')).toBe(5);
    expect(cmdOfDiagnosis('I639')).toBe(1);
    expect(cmdOfDiagnosis('C509')).toBe(9);
    expect(cmdOfDiagnosis('C61')).toBe(12);
    expect(cmdOfDiagnosis('D075')).toBe(12);
    expect(cmdOfDiagnosis('D070')).toBe(13);
    expect(cmdOfDiagnosis('J189')).toBe(4);
    expect(cmdOfDiagnosis('J029')).toBe(3);
    expect(cmdOfDiagnosis('K802')).toBe(7);
    expect(cmdOfDiagnosis('O800')).toBe(14);
    expect(cmdOfDiagnosis('B24')).toBe(25);
    expect(cmdOfDiagnosis('Z491')).toBe(23);
    expect(cmdOfDiagnosis('R072')).toBe(23);
  });
});

describe('hospital stays', () => {
  const care = useCareDatabase();
  const one = care.one;
  let persons: number;
  beforeAll(() => {
    persons = one<{ n: number }>('SELECT COUNT(DISTINCT BEN_IDT_ANO) AS n FROM IR_BEN_R').n;
  });
  const count = (sql: string): number => one<{ n: number }>(sql).n;

  test('stays of types 0+1 per 1000 inhabitants, same-day share and mean LOS in the target ranges', () => {
    const stays = count('SELECT COUNT(*) AS n FROM T_MCO19B WHERE NBR_SEA = 0');
    const perThousand = (stays * 1000) / persons;
    expect(perThousand).toBeGreaterThan(200);
    expect(perThousand).toBeLessThan(330);
    const sameDay = count('SELECT COUNT(*) AS n FROM T_MCO19B WHERE NBR_SEA = 0 AND SEJ_NBJ = 0') / stays;
    // Brittany's published ambulatory share is 36.9 %; the target range is 35-60 %.
    expect(sameDay).toBeGreaterThan(0.3);
    expect(sameDay).toBeLessThan(0.6);
    const los = one<{ m: number }>('SELECT AVG(SEJ_NBJ) AS m FROM T_MCO19B WHERE NBR_SEA = 0 AND SEJ_NBJ > 0').m;
    expect(los).toBeGreaterThan(4.5);
    expect(los).toBeLessThan(7);
  });

  test('sessions at the published rate, concentrated on few persons', () => {
    const sessions = count('SELECT COUNT(*) AS n FROM T_MCO19B WHERE NBR_SEA = 1');
    expect((sessions * 1000) / persons).toBeGreaterThan(100);
    expect((sessions * 1000) / persons).toBeLessThan(220);
    const patients = count('SELECT COUNT(DISTINCT c.NIR_ANO_17) AS n FROM T_MCO19B b JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM) WHERE b.NBR_SEA = 1');
    expect(sessions / patients).toBeGreaterThan(5);
    expect(count("SELECT COUNT(*) AS n FROM T_MCO19B WHERE NBR_SEA = 1 AND GRG_GHM NOT GLOB '28Z*'")).toBe(0);
  });

  test('dialysis goes to holders of ALD 19 and chemotherapy to holders of ALD 30, the ALD code as related diagnosis', () => {
    for (const [prefix, ald] of [
      ["DGN_PAL LIKE 'Z49%'", 19],
      ["(DGN_PAL LIKE 'Z511%' OR DGN_PAL LIKE 'Z512%')", 30],
    ] as const) {
      const r = one<{ sessions: number; held: number; related: number }>(
        `SELECT COUNT(*) AS sessions,
                SUM(EXISTS (SELECT 1 FROM IR_IMB_R i WHERE i.BEN_NIR_PSA = c.NIR_ANO_17 AND i.IMB_ALD_NUM = ${ald} AND i.IMB_ALD_DTD <= c.ENT_DAT)) AS held,
                SUM(EXISTS (SELECT 1 FROM IR_IMB_R i WHERE i.BEN_NIR_PSA = c.NIR_ANO_17 AND i.IMB_ALD_NUM = ${ald} AND i.MED_MTF_COD = b.DGN_REL)) AS related
         FROM T_MCO19B b JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM) WHERE b.NBR_SEA = 1 AND ${prefix}`,
      );
      expect(r.sessions).toBeGreaterThan(300);
      expect(r.held).toBe(r.sessions);
      expect(r.related).toBe(r.sessions);
    }
  });

  test('every B row has exactly one C row and conversely; NIR_ANO_17 resolves in IR_BEN_R', () => {
    const b = count('SELECT COUNT(*) AS n FROM T_MCO19B');
    expect(b).toBeGreaterThan(1000);
    expect(count('SELECT COUNT(*) AS n FROM T_MCO19C')).toBe(b);
    expect(count('SELECT COUNT(*) AS n FROM T_MCO19B b JOIN T_MCO19C c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM')).toBe(b);
    expect(count('SELECT COUNT(*) AS n FROM T_MCO19C c LEFT JOIN IR_BEN_R r ON r.BEN_NIR_PSA = c.NIR_ANO_17 WHERE r.BEN_NIR_PSA IS NULL')).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM T_MCO19B WHERE typeof(ETA_NUM) <> 'text' OR typeof(RSA_NUM) <> 'text'")).toBe(0);
    // D, A, UM rows belong to a stay; every stay's establishment is in T_MCO19E and BE_IDE_R.
    for (const t of ['T_MCO19D', 'T_MCO19A', 'T_MCO19UM']) {
      expect(count(`SELECT COUNT(*) AS n FROM ${t} x LEFT JOIN T_MCO19B b ON b.ETA_NUM = x.ETA_NUM AND b.RSA_NUM = x.RSA_NUM WHERE b.RSA_NUM IS NULL`)).toBe(0);
    }
    expect(count('SELECT COUNT(*) AS n FROM T_MCO19UM')).toBe(b);
    expect(count('SELECT COUNT(*) AS n FROM T_MCO19B b WHERE b.ETA_NUM NOT IN (SELECT ETA_NUM FROM T_MCO19E)')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM T_MCO19B b WHERE b.ETA_NUM NOT IN (SELECT IDE_ETA_NUM FROM BE_IDE_R)')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM T_MCO19A')).toBeGreaterThan(b / 2);
    expect(count('SELECT COUNT(*) AS n FROM T_MCO19D')).toBeGreaterThan(0);
  });

  test('most stays are in establishments of the département', () => {
    const inDept = count("SELECT COUNT(*) AS n FROM T_MCO19B b JOIN BE_IDE_R e ON e.IDE_ETA_NUM = b.ETA_NUM WHERE e.IDE_IMP_DPT = '035'");
    expect(inDept / count('SELECT COUNT(*) AS n FROM T_MCO19B')).toBeGreaterThan(0.8);
  });

  test('no person is in two stays at once', () => {
    // Twins of one sex share their NIR_ANO_17, as in the PMSI (the pseudonym is built from the opening right holder's
    // NIR, the birth date and the sex; BEN_RNG_GEM tells them apart in IR_BEN_R): their newborn stays (Z38.3) count once.
    const overlaps = count(`
      WITH s AS (SELECT c.NIR_ANO_17 AS nir, c.EXE_SOI_DTD AS dtd, c.EXE_SOI_DTF AS dtf FROM T_MCO19C c JOIN T_MCO19B b USING (ETA_NUM, RSA_NUM) WHERE b.DGN_PAL NOT LIKE 'Z383%'
                 UNION ALL SELECT DISTINCT c.NIR_ANO_17, c.EXE_SOI_DTD, c.EXE_SOI_DTF FROM T_MCO19C c JOIN T_MCO19B b USING (ETA_NUM, RSA_NUM) WHERE b.DGN_PAL LIKE 'Z383%'),
           w AS (SELECT *, MAX(dtf) OVER (PARTITION BY nir ORDER BY dtd, dtf ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev FROM s)
      SELECT COUNT(*) AS n FROM w WHERE dtd < prev`);
    expect(overlaps).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM T_MCO19C WHERE EXE_SOI_DTF < EXE_SOI_DTD')).toBe(0);
  });

  test('deaths in hospital: discharge mode 9 on the day of death, and no stay after death', () => {
    const deathStays = count("SELECT COUNT(*) AS n FROM T_MCO19B WHERE SOR_MOD = '9'");
    expect(deathStays).toBeGreaterThan(10);
    const onDeathDay = count(
      "SELECT COUNT(*) AS n FROM T_MCO19B b JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM) JOIN IR_BEN_R r ON r.BEN_NIR_PSA = c.NIR_ANO_17 WHERE b.SOR_MOD = '9' AND c.EXE_SOI_DTF = r.BEN_DCD_DTE",
    );
    expect(onDeathDay).toBe(deathStays);
    const deaths = count("SELECT COUNT(DISTINCT BEN_IDT_ANO) AS n FROM IR_BEN_R WHERE BEN_DCD_DTE <> '1600-01-01'");
    expect(deathStays / deaths).toBeGreaterThan(0.4);
    expect(deathStays / deaths).toBeLessThan(0.75);
    expect(
      count("SELECT COUNT(*) AS n FROM T_MCO19C c JOIN IR_BEN_R r ON r.BEN_NIR_PSA = c.NIR_ANO_17 WHERE r.BEN_DCD_DTE <> '1600-01-01' AND c.EXE_SOI_DTF > r.BEN_DCD_DTE"),
    ).toBe(0);
  });

  test('main diagnoses are coherent with sex and age; GHM coherent with the stay type', () => {
    expect(count("SELECT COUNT(*) AS n FROM T_MCO19B WHERE COD_SEX = '1' AND (DGN_PAL GLOB 'O*' OR DGN_PAL GLOB 'N[78]*' OR DGN_PAL GLOB 'N9[0-8]*' OR DGN_PAL GLOB 'C5[1-8]*')")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM T_MCO19B WHERE COD_SEX = '2' AND (DGN_PAL GLOB 'N4[0-9]*' OR DGN_PAL GLOB 'N5[01]*' OR DGN_PAL GLOB 'C6[0-3]*')")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM T_MCO19B WHERE (DGN_PAL GLOB 'P*' OR DGN_PAL GLOB 'Z38*') AND AGE_ANN > 0")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM T_MCO19B WHERE DGN_PAL GLOB 'O*' AND (AGE_ANN < 12 OR AGE_ANN > 55)")).toBe(0);
    // Same-day stays are grouped in CMD 24 (short stays), full stays never are.
    expect(count("SELECT COUNT(*) AS n FROM T_MCO19B WHERE NBR_SEA = 0 AND SEJ_NBJ = 0 AND GRG_GHM NOT GLOB '24*'")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM T_MCO19B WHERE SEJ_NBJ > 0 AND GRG_GHM GLOB '24*'")).toBe(0);
    const withGhm = count('SELECT COUNT(*) AS n FROM T_MCO19B WHERE GRG_GHM IS NOT NULL');
    expect(withGhm / count('SELECT COUNT(*) AS n FROM T_MCO19B')).toBeGreaterThan(0.95);
  });
});
