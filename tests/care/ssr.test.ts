/** SSR stays (PMSI SSR T_SSRyyB/C/D/E) after MCO stays, on the shared 20 000-person run of Ille-et-Vilaine (2019). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataError } from '../../src/errors';
import { DataRegistry, HospitalModel, SSR_ADMISSION_WINDOW_DAYS } from '../../src/world';
import { repoRoot } from '../../src/util/paths';
import { tempDir, useCareDatabase } from '../helpers/simulate';

jest.setTimeout(180_000);

/** A data/ file as records. */
function readData(name: string): Record<string, string>[] {
  return parse(readFileSync(join(repoRoot(), 'data', name), 'utf8'), { columns: true }) as Record<string, string>[];
}

describe('SSR stays', () => {
  const care = useCareDatabase();
  const one = <T>(sql: string): T => care.one<T>(sql);
  const count = (sql: string): number => one<{ n: number }>(sql).n;
  /** One row per stay: C joined to its first RHS (age, sex, type of hospitalisation, entry mode). */
  const STAYS = `SELECT c.*, b.AGE_ANN, b.COD_SEX, b.HOS_TYP_UM, b.ENT_MOD, b.ENT_PRV
                   FROM T_SSR19C c JOIN T_SSR19B b ON b.ETA_NUM = c.ETA_NUM AND b.RHA_NUM = c.RHA_NUM AND b.RHS_NUM = '1'`;

  test('stays per 1 000 persons within 30 % of the national rate by age scaled to the run (derived from the 1.5 M published stays)', () => {
    const rates = readData('validation/ssr_rates_by_age.csv').map((r) => [Number(r.age_min), Number(r.age_max), Number(r.rate)] as const);
    // Persons by age on 1 July 2019 (BEN_NAI_ANN is the year of birth), as an analyst would count them.
    const byAge = care.db.prepare('SELECT 2019 - CAST(BEN_NAI_ANN AS INTEGER) AS age, COUNT(*) AS n FROM IR_BEN_R GROUP BY 1').all() as { age: number; n: number }[];
    let expected = 0;
    let persons = 0;
    for (const { age, n } of byAge) {
      persons += n;
      const band = rates.find(([lo, hi]) => age >= lo && age <= hi) ?? rates[rates.length - 1];
      expected += n * (band as readonly [number, number, number])[2];
    }
    const stays = count('SELECT COUNT(*) AS n FROM T_SSR19C');
    expect(stays).toBeGreaterThan(100);
    const ratio = stays / expected;
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.3);
    // And in the range of the national figure (22.3 per 1 000).
    expect((stays * 1000) / persons).toBeGreaterThan(12);
    expect((stays * 1000) / persons).toBeLessThan(32);
  });

  test('profile of the stays: part-time share, women, mean and median age, full-time length near the DREES 2019 figures', () => {
    const s = one<{ n: number; part: number; women: number; age: number }>(
      `SELECT COUNT(*) AS n, AVG(HOS_TYP_UM = '2') AS part, AVG(COD_SEX = '2') AS women, AVG(AGE_ANN) AS age FROM (${STAYS})`,
    );
    expect(s.part).toBeGreaterThan(0.2); // published 29 %
    expect(s.part).toBeLessThan(0.4);
    expect(s.women).toBeGreaterThan(0.42); // published 54 %, not fed to the simulator
    expect(s.women).toBeLessThan(0.64);
    expect(s.age).toBeGreaterThan(58); // published mean 66
    expect(s.age).toBeLessThan(72);
    const median = one<{ m: number }>(
      `SELECT AGE_ANN AS m FROM (${STAYS}) ORDER BY AGE_ANN LIMIT 1 OFFSET (SELECT (COUNT(*) - 1) / 2 FROM T_SSR19C)`,
    ).m;
    expect(median).toBeGreaterThan(62); // published median 70, not fed
    expect(median).toBeLessThan(78);
    const los = one<{ m: number }>(`SELECT AVG(julianday(SOR_DAT) - julianday(ENT_DAT)) AS m FROM (${STAYS}) WHERE HOS_TYP_UM = '1'`).m;
    expect(los).toBeGreaterThan(25); // published 34.7 days, stays still open on 31 December left out
    expect(los).toBeLessThan(42);
  });

  test('every stay follows an MCO stay of the person: entry on or after its discharge, within the window', () => {
    const orphans = count(`
      SELECT COUNT(*) AS n FROM T_SSR19C s
       WHERE NOT EXISTS (SELECT 1 FROM T_MCO19C m
                          WHERE m.NIR_ANO_17 = s.NIR_ANO_17 AND m.SOR_DAT <= s.ENT_DAT
                            AND s.ENT_DAT <= date(m.SOR_DAT, '+${SSR_ADMISSION_WINDOW_DAYS} days'))`);
    expect(orphans).toBe(0);
    // Full-time stays are direct transfers: entry on the day of an MCO discharge, mode 6/7, provenance 1 (MCO).
    const full = count(`SELECT COUNT(*) AS n FROM (${STAYS}) WHERE HOS_TYP_UM = '1'`);
    const transfers = count(`
      SELECT COUNT(*) AS n FROM (${STAYS}) s
       WHERE s.HOS_TYP_UM = '1' AND s.ENT_MOD IN ('6', '7') AND s.ENT_PRV = '1'
         AND EXISTS (SELECT 1 FROM T_MCO19C m WHERE m.NIR_ANO_17 = s.NIR_ANO_17 AND m.SOR_DAT = s.ENT_DAT)`);
    expect(transfers).toBe(full);
    expect(count(`SELECT COUNT(*) AS n FROM (${STAYS}) WHERE HOS_TYP_UM = '2' AND ENT_MOD <> '8'`)).toBe(0);
    // Most follow a stroke, a fracture, a cardiac event, a cancer… (the MCO main diagnosis is the morbid manifestation).
    expect(count("SELECT COUNT(DISTINCT substr(MOR_PRP, 1, 1)) AS n FROM T_SSR19B WHERE RHS_NUM = '1'")).toBeGreaterThan(5);
  });

  test('keys: one C row per stay, B rows unique on ETA_NUM + RHA_NUM + RHS_NUM, numbered 1…n, D rows on an RHS', () => {
    expect(count('SELECT COUNT(*) AS n FROM (SELECT ETA_NUM, RHA_NUM FROM T_SSR19C GROUP BY 1, 2 HAVING COUNT(*) > 1)')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM (SELECT ETA_NUM, RHA_NUM, RHS_NUM FROM T_SSR19B GROUP BY 1, 2, 3 HAVING COUNT(*) > 1)')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM (SELECT DISTINCT ETA_NUM, RHA_NUM FROM T_SSR19B)')).toBe(count('SELECT COUNT(*) AS n FROM T_SSR19C'));
    expect(count('SELECT COUNT(*) AS n FROM (SELECT ETA_NUM, RHA_NUM FROM T_SSR19B GROUP BY 1, 2 HAVING MAX(CAST(RHS_NUM AS INTEGER)) <> COUNT(*) OR SUM(DEB_SEM = \'1\') <> 1 OR SUM(DEB_FIN = \'1\') <> 1)')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM T_SSR19C c LEFT JOIN IR_BEN_R b ON b.BEN_NIR_PSA = c.NIR_ANO_17 WHERE b.BEN_NIR_PSA IS NULL')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM T_SSR19D d LEFT JOIN T_SSR19B b USING (ETA_NUM, RHA_NUM, RHS_NUM) WHERE b.ETA_NUM IS NULL')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM T_SSR19B b LEFT JOIN T_SSR19E e USING (ETA_NUM) WHERE e.ETA_NUM IS NULL')).toBe(0);
    // Establishments of the département (SAE), named in T_SSR19E.
    expect(count("SELECT COUNT(DISTINCT ETA_NUM) AS n FROM T_SSR19C WHERE ETA_NUM LIKE '35%'")).toBeGreaterThan(5);
  });

  test('weekly summaries: days of presence add up to the full-time length; part-time sessions on weekdays', () => {
    const presence = "(length(replace(JP_HWE, '0', '')) + length(replace(JP_WE, '0', '')))";
    const mismatched = count(`
      SELECT COUNT(*) AS n FROM T_SSR19C c
        JOIN (SELECT ETA_NUM, RHA_NUM, SUM(${presence}) AS days, MIN(HOS_TYP_UM) AS typ FROM T_SSR19B GROUP BY 1, 2) b USING (ETA_NUM, RHA_NUM)
       WHERE b.typ = '1' AND b.days <> julianday(c.SOR_DAT) - julianday(c.ENT_DAT)`);
    expect(mismatched).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM T_SSR19B WHERE HOS_TYP_UM = '2' AND JP_WE <> '00'")).toBe(0);
    // A part-time stay's sessions (days of presence) number about the published 12.6 on average.
    const sessions = one<{ m: number }>(`SELECT AVG(d) AS m FROM (SELECT SUM(${presence}) AS d FROM T_SSR19B WHERE HOS_TYP_UM = '2' GROUP BY ETA_NUM, RHA_NUM)`).m;
    expect(sessions).toBeGreaterThan(6);
    expect(sessions).toBeLessThan(18);
  });
});

describe('SSR data errors', () => {
  /** A tables folder overriding one data table with `content`. */
  function override(name: string, content: string): string {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), content);
    return dir;
  }
  const original = (name: string): string => readFileSync(join(repoRoot(), 'data', name), 'utf8');
  const build = (dir: string): HospitalModel => new HospitalModel(new DataRegistry(dir), ['35']);

  test('a malformed ICD-10 range in ssr_transfer.csv is named', () => {
    const dir = override('ssr_transfer.csv', 'kind,icd10_ranges,age_min,age_max,probability,source\nstroke,I60,17,120,0.31,x\n');
    expect(() => build(dir)).toThrow(DataError);
    expect(() => build(dir)).toThrow('data/ssr_transfer.csv: bad ICD-10 range "I60"');
  });

  test('a missing parameter in ssr_parameters.csv is named', () => {
    const dir = override('ssr_parameters.csv', original('ssr_parameters.csv').replace(/^part_time_share,.*\n/m, ''));
    expect(() => build(dir)).toThrow('data/ssr_parameters.csv: no parameter part_time_share');
  });

  test('an unknown legal status and a région without SSR establishment are named', () => {
    const text = original('ssr_establishments.csv');
    expect(() => build(override('ssr_establishments.csv', text.replaceAll(',private non-profit,', ',charity,')))).toThrow('data/ssr_establishments.csv: unknown status charity');
    const header = text.split('\n')[0] as string;
    expect(() => build(override('ssr_establishments.csv', `${header}\n`))).toThrow('data/ssr_establishments.csv: no SSR establishment in the region of département 35');
  });
});
