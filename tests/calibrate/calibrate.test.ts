import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { calibrate, computeCalibration, fileBytes, openCalibrationSource, resolveCalibrateOptions, type CalibrationReport, type CalibrationResult, type CellDescription, type TableDescription } from '../../src/calibrate';
import { compareCount, openReportDatabase, renderHtml, type Report, type ToleranceRule } from '../../src/report';
import { personYears } from '../../src/report/exposure';
import { dataPath } from '../../src/util/paths';
import { num, readDataTable, str } from '../../src/world';
import { callCompiled, CARE_LINES, careDatabase, simulateCompiled, tempDir } from '../helpers/simulate';
import { runCli } from '../helpers/cli';

/**
 * Round trip on the shared database (20 000 persons of Ille-et-Vilaine, 2019, simulated from data/): the calibrated
 * rates must be those the simulation was built from, within the tolerance below, and no published cell may rest on
 * fewer than 10 persons.
 *
 * Tolerance: |calibrated − input| ≤ max(20 % × input, 3 × √(φ × expected count)) in counts, where the expected count
 * is the input rate × the cell's denominator and φ = Σn²/Σn over the persons' counts n widens the Poisson band when
 * events cluster in persons (sessions, boxes). For a cell grouping several ages, "input" is the nearest of the input
 * rates at its ages. Checked on cells with an expected count of at least 20.
 */
const RULE: ToleranceRule = { relative: 0.2, z: 3 };
const MIN_EXPECTED = 10;

function rows(dir: string, file: string): Record<string, string>[] {
  return readDataTable(file, dir).rows as Record<string, string>[];
}

/** The header line of a CSV (gzip or not). */
function header(path: string): string {
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8').split('\n')[0] as string;
}

/** Σn²/Σn of per-person counts from a SQL query returning one n per person. */
function dispersion(db: Database.Database, sql: string): number {
  let s1 = 0;
  let s2 = 0;
  for (const r of db.prepare(sql).all() as { n: number }[]) {
    s1 += r.n;
    s2 += r.n * r.n;
  }
  return s1 > 0 ? Math.max(1, s2 / s1) : 1;
}

interface Check {
  readonly table: string;
  readonly cell: string;
  readonly observed: number;
  readonly expected: number;
  readonly pass: boolean;
}

/** Compares a published rate with the input rates at the cell's ages (the nearest of them). */
function check(table: string, c: CellDescription, observedRate: number, inputRates: readonly number[], denominator: number, phi: number): Check | undefined {
  const lo = Math.min(...inputRates);
  const hi = Math.max(...inputRates);
  const target = Math.min(hi, Math.max(lo, observedRate));
  if (target * denominator < MIN_EXPECTED) return undefined;
  const r = compareCount({ category: '', series: '', label: '', observedCount: observedRate * denominator, expectedCount: target * denominator, scale: 1 / denominator, dispersion: phi }, RULE);
  return { table, cell: `${JSON.stringify(c.series)} ${c.ageMin}-${c.ageMax}`, observed: r.observed, expected: r.expected, pass: r.pass };
}

function table(report: CalibrationReport, file: string): TableDescription {
  const t = report.tables.find((x) => x.file === file);
  if (!t) throw new Error(`no ${file} in calibration.json`);
  return t;
}

function ages(c: CellDescription): number[] {
  const out: number[] = [];
  for (let a = c.ageMin; a <= Math.min(c.ageMax, 104); a++) out.push(a);
  return out;
}

describe('snds-sim calibrate: round trip simulate → calibrate → simulate', () => {
  let out: string;
  let report: CalibrationReport;
  let db: Database.Database;
  /** Folder of the second simulation, and its database: 1500 persons simulated from the calibrated tables with doubled GP rates. */
  let dir: string;
  let small: string;
  /**
   * The round trip of tests/calibrate/roundtrip without noise, on this file's calibration (the same: the shared
   * database, default options): 2 500 persons simulated from the calibrated folder, and their report.
   */
  let roundTrip: Report;

  beforeAll(async () => {
    const calibrated = tempDir('snds-sim-calibrate-');
    out = join(calibrated, 'calibrated');
    // calibrate and buildReport by the compiled code in child processes (callCompiled): twice as fast as in jest.
    report = callCompiled<CalibrationResult>('calibrate', 'calibrate', careDatabase(), { out }).report;
    db = new Database(careDatabase(), { readonly: true });
    dir = tempDir('snds-sim-calibrate-scenario-');
    cpSync(out, join(dir, 'doubled'), { recursive: true });
    const gp = join(dir, 'doubled', 'gp_consultation_rates.csv');
    const lines = readFileSync(gp, 'utf8').trimEnd().split('\n');
    writeFileSync(gp, `${[lines[0], ...lines.slice(1).map((l) => l.replace(/,([^,]+)$/, (_m, rate: string) => `,${Number(rate) * 2}`))].join('\n')}\n`);
    const scenario = join(dir, 'doubled.json');
    writeFileSync(scenario, JSON.stringify({ name: 'doubled-gp', regions: ['35'], population: 1500, seed: 11, start: '2019-01-01', end: '2019-12-31', output: join(dir, 'doubled.db'), tables: 'doubled' }));
    // The runs are simulated by the compiled code in child processes (simulateCompiled): twice as fast as in jest;
    // each writes the output its scenario names.
    small = join(dir, 'doubled.db');
    simulateCompiled({ scenario }, { workers: 1 }, true);
    const exact = join(calibrated, 'exact.json');
    writeFileSync(exact, JSON.stringify({ name: 'exact', regions: ['35'], population: 2500, seed: 3, start: '2019-01-01', end: '2019-12-31', output: join(calibrated, 'exact.db'), tables: 'calibrated' }));
    simulateCompiled({ scenario: exact }, { workers: 1 }, true);
    roundTrip = callCompiled<Report>('report', 'buildReport', join(calibrated, 'exact.db'));
  }, 600_000);
  afterAll(() => db.close());

  test('writes every table in the format of data/ (same columns), with calibration.json', () => {
    expect(report.files).toEqual(['gp_consultation_rates.csv', 'mco_stay_rates.csv', 'ald_prevalence.csv.gz', 'ald_parameters.csv', 'mortality.csv', 'mortality_dept_ratio.csv', 'drug_boxes_age_sex.csv']);
    for (const f of report.files) expect(header(join(out, f))).toBe(header(dataPath(f)));
    const json = JSON.parse(readFileSync(join(out, 'calibration.json'), 'utf8')) as CalibrationReport;
    expect(json.source.manifest?.seed).toBe(7);
    expect(json.source.period).toEqual({ start: '2019-01-01', end: '2019-12-31', from: 'SIM_RUN_MANIFEST' });
    expect(json.minCell).toBe(10);
    expect(json.epsilon).toBeNull();
    expect(json.tables.every((t) => t.written)).toBe(true);
    // Every age of both sexes has a GP rate and a death probability, as the simulator requires.
    for (const sex of ['1', '2']) {
      const gp = rows(out, 'gp_consultation_rates.csv').filter((r) => r.sex === sex);
      for (let a = 0; a <= 120; a++) expect(gp.filter((r) => Number(r.age_min) <= a && a <= Number(r.age_max))).toHaveLength(1);
      expect(rows(out, 'mortality.csv').filter((r) => r.sex === sex).map((r) => Number(r.age))).toEqual(Array.from({ length: 105 }, (_, i) => i));
    }
  });

  test('the calibrated rates are within tolerance of the input tables the simulation was built from', () => {
    const checks: (Check | undefined)[] = [];
    const byPerson = (where: string): string => `SELECT COUNT(*) AS n FROM ER_PRS_F WHERE ${where} GROUP BY BEN_NIR_PSA`;
    // GP consultations.
    const gpIn = readDataTable('gp_consultation_rates.csv');
    const gpRate = (sex: number, age: number): number => num(gpIn, gpIn.rows.find((r) => num(gpIn, r, 'sex') === sex && num(gpIn, r, 'age_min') <= age && age <= num(gpIn, r, 'age_max')) as Record<string, string>, 'rate');
    const phiGp = dispersion(db, byPerson('PRS_NAT_REF IN (1110, 1111) AND PSE_SPE_COD IN (1, 22, 23)'));
    for (const c of table(report, 'gp_consultation_rates.csv').cells) {
      checks.push(check('gp', c, c.values.rate as number, ages(c).map((a) => gpRate(c.series.sex as number, a)), c.personYears as number, phiGp));
    }
    // MCO stays: ScanSanté region 53 (Brittany), bands of data/.
    const mco = readDataTable('mco_stay_rates.csv');
    const stayRate = (type: number, sex: number, age: number): number =>
      num(mco, mco.rows.find((r) => str(mco, r, 'region') === '53' && num(mco, r, 'type') === type && num(mco, r, 'sex') === sex && num(mco, r, 'age_min') <= age && age <= num(mco, r, 'age_max')) as Record<string, string>, 'rate');
    const staySql = (type: string): string =>
      `SELECT COUNT(*) AS n FROM T_MCO19B b JOIN T_MCO19C c USING (ETA_NUM, RSA_NUM) WHERE ${type} GROUP BY c.NIR_ANO_17`;
    const phiStays = [staySql('b.SEJ_NBJ > 0 AND COALESCE(b.NBR_SEA, 0) = 0'), staySql('b.SEJ_NBJ = 0 AND COALESCE(b.NBR_SEA, 0) = 0'), staySql('b.NBR_SEA > 0')].map((s) => dispersion(db, s));
    for (const c of table(report, 'mco_stay_rates.csv').cells) {
      const type = c.series.type as number;
      checks.push(check(`mco type ${type}`, c, c.values.rate as number, ages(c).map((a) => stayRate(type, c.series.sex as number, a)), c.personYears as number, phiStays[type] as number));
    }
    // ALD prevalence on 1 January 2019: CNAM prevalence at the end of 2016 grown as the simulator does.
    const params = readDataTable('ald_parameters.csv');
    const param = (name: string): number => num(params, params.rows.find((r) => r.name === name) as Record<string, string>, 'value');
    const growth = (1 + param('ald_prevalence_growth_per_year')) ** (2019 - (param('ald_prevalence_year') + 1));
    const prev = readDataTable('ald_prevalence.csv.gz');
    const prevalence = new Map<string, number>();
    for (const r of prev.rows) if (str(prev, r, 'dept') === '35') prevalence.set(`${str(prev, r, 'ald')}|${str(prev, r, 'sex')}|${str(prev, r, 'age_min')}`, Math.min(0.95, num(prev, r, 'prevalence') * growth));
    for (const c of table(report, 'ald_prevalence.csv.gz').cells) {
      const inputs = c.bands.map((b) => prevalence.get(`${c.series.ald}|${c.series.sex}|${b.split('-')[0]}`) ?? 0);
      checks.push(check('ald', c, c.values.prevalence as number, inputs, c.persons, 1));
    }
    // Deaths: INSEE 2019 life table × the ratios of département 35.
    const mt = readDataTable('mortality.csv');
    const q = new Map<string, number>();
    for (const r of mt.rows) if (num(mt, r, 'year') === 2019) q.set(`${num(mt, r, 'sex')}|${num(mt, r, 'age')}`, num(mt, r, 'q'));
    const ratios = readDataTable('mortality_dept_ratio.csv').rows.filter((r) => r.dept === '35');
    const ratio = (age: number): number => Number(ratios.find((r) => Number(r.age_min) <= age && age <= Number(r.age_max))?.ratio ?? 1);
    for (const c of table(report, 'mortality.csv').cells) {
      const hazards = ages(c).map((a) => -Math.log(1 - (q.get(`${c.series.sex}|${a}`) as number)) * ratio(a));
      checks.push(check('deaths', c, c.values.deaths_per_person_year as number, hazards, c.personYears as number, 1));
    }
    // Drug boxes: Open Medic 2022 (the simulator's target year for 2019).
    const dt = readDataTable('drug_boxes_age_sex.csv');
    const phiBoxes = dispersion(db, 'SELECT SUM(h.PHA_ACT_QSN) AS n FROM ER_PHA_F h JOIN ER_PRS_F p USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF) GROUP BY p.BEN_NIR_PSA');
    for (const c of table(report, 'drug_boxes_age_sex.csv').cells) {
      const inputs = c.bands.map((b) => num(dt, dt.rows.find((r) => num(dt, r, 'year') === 2022 && num(dt, r, 'sex') === c.series.sex && str(dt, r, 'age_band') === b) as Record<string, string>, 'boxes_per_person'));
      checks.push(check('drugs', c, c.values.boxes_per_person as number, inputs, c.personYears as number, phiBoxes));
    }
    const done = checks.filter((x): x is Check => x !== undefined);
    expect(done.length).toBeGreaterThan(100);
    for (const t of ['gp', 'mco type 0', 'mco type 1', 'mco type 2', 'ald', 'deaths', 'drugs']) expect(done.some((x) => x.table === t)).toBe(true);
    expect(done.filter((x) => !x.pass)).toEqual([]);
  });

  test('no published cell rests on fewer than 10 persons (calibration.json)', () => {
    for (const t of report.tables) {
      for (const c of t.cells) {
        expect(c.persons).toBeGreaterThanOrEqual(10);
        expect(c.personsWithEvent === 0 || c.personsWithEvent >= 10).toBe(true);
      }
    }
    // Every row of the tables belongs to a described cell; suppressed ALD series have no row.
    const ald = table(report, 'ald_prevalence.csv.gz');
    expect(ald.suppressed.length).toBeGreaterThan(0);
    const published = new Set(ald.cells.flatMap((c) => c.bands.map((b) => `${c.series.ald}|${c.series.sex}|${b.split('-')[0]}|${c.series.dept}`)));
    const aldRows = rows(out, 'ald_prevalence.csv.gz');
    expect(aldRows.length).toBe(published.size);
    for (const r of aldRows) expect(published.has(`${r.ald}|${r.sex}|${r.age_min}|${r.dept}`)).toBe(true);
    for (const s of ald.suppressed) expect(aldRows.some((r) => r.ald === String(s.series.ald) && r.sex === String(s.series.sex))).toBe(false);
    const gp = table(report, 'gp_consultation_rates.csv');
    // One row per 5-year band of each cell: a merged group keeps the rows of its bands.
    expect(rows(out, 'gp_consultation_rates.csv').map((r) => `${r.sex}|${r.age_min}-${r.age_max}`)).toEqual(gp.cells.flatMap((c) => c.bands.map((b) => `${c.series.sex}|${b}`)));
  });

  test('no published cell rests on fewer than 10 persons (recomputed from the database)', () => {
    // ALD: persons alive on 1 January 2019 (birth taken on the 15th of the month) by sex, age and département, and those holding the ALD.
    const alive = db
      .prepare(
        `SELECT BEN_IDT_ANO AS nir, BEN_SEX_COD AS sex, 2018 - BEN_NAI_ANN AS age FROM IR_BEN_R
         WHERE BEN_NAI_ANN <= 2018 AND (BEN_DCD_DTE = '1600-01-01' OR BEN_DCD_DTE >= '2019-01-01') AND BEN_DTE_INS <= '2019-01-01' AND BEN_RES_DPT = '035'
         GROUP BY BEN_IDT_ANO`,
      )
      .all() as { nir: string; sex: number; age: number }[];
    // Persons counted on BEN_IDT_ANO (a person may have several couples {BEN_NIR_PSA; BEN_RNG_GEM}).
    const holders = db
      .prepare(`SELECT DISTINCT b.BEN_IDT_ANO AS nir, a.IMB_ALD_NUM AS ald FROM IR_IMB_R a JOIN IR_BEN_R b ON b.BEN_NIR_PSA = a.BEN_NIR_PSA AND b.BEN_RNG_GEM = a.BEN_RNG_GEM WHERE a.IMB_ALD_DTD <= '2019-01-01' AND a.IMB_ALD_DTF >= '2019-01-01'`)
      .all() as { nir: string; ald: number }[];
    const person = new Map(alive.map((p) => [p.nir, p]));
    for (const c of table(report, 'ald_prevalence.csv.gz').cells) {
      const inCell = (p: { sex: number; age: number } | undefined): boolean => p !== undefined && p.sex === c.series.sex && p.age >= c.ageMin && p.age <= c.ageMax;
      const persons = alive.filter(inCell).length;
      const withAld = holders.filter((h) => h.ald === c.series.ald && inCell(person.get(h.nir))).length;
      expect({ persons, withAld }).toEqual({ persons: c.persons, withAld: c.personsWithEvent });
      expect(persons).toBeGreaterThanOrEqual(10);
      expect(withAld === 0 || withAld >= 10).toBe(true);
    }
    // GP: persons with a consultation by sex and age in the month of care (births on the 15th: whole months / 12).
    const consulting = db
      .prepare(
        `SELECT DISTINCT b.BEN_IDT_ANO AS nir, b.BEN_SEX_COD AS sex,
                ((CAST(substr(p.EXE_SOI_DTD, 1, 4) AS INTEGER) * 12 + CAST(substr(p.EXE_SOI_DTD, 6, 2) AS INTEGER)) - (b.BEN_NAI_ANN * 12 + CAST(b.BEN_NAI_MOI AS INTEGER))) / 12 AS age
         FROM ${CARE_LINES} p JOIN IR_BEN_R b ON b.BEN_NIR_PSA = p.BEN_NIR_PSA AND b.BEN_RNG_GEM = p.BEN_RNG_GEM
         WHERE p.PRS_NAT_REF IN (1110, 1111) AND p.PSE_SPE_COD IN (1, 22, 23) AND p.EXE_SOI_DTD BETWEEN '2019-01-01' AND '2019-12-31'
         GROUP BY 1, 3 HAVING SUM(p.PRS_ACT_QTE) > 0`,
      )
      .all() as { nir: string; sex: number; age: number }[];
    for (const c of table(report, 'gp_consultation_rates.csv').cells) {
      const n = new Set(consulting.filter((x) => x.sex === c.series.sex && x.age >= c.ageMin && x.age <= c.ageMax).map((x) => x.nir)).size;
      expect(n).toBe(c.personsWithEvent);
      expect(n).toBeGreaterThanOrEqual(10);
    }
  });

  test('a scenario with `tables:` simulates from the calibrated tables; a doubled GP rate table about doubles the GP consultations', async () => {
    // The manifest lists the folder's tables: they were read instead of data/'s.
    const sim = new Database(small, { readonly: true });
    try {
      const hashes = JSON.parse((sim.prepare("SELECT VALUE AS v FROM SIM_RUN_MANIFEST WHERE KEY = 'data_sha256'").get() as { v: string }).v) as Record<string, string>;
      for (const f of report.files) expect(hashes[f]).toBe(createHash('sha256').update(readFileSync(join(dir, 'doubled', f))).digest('hex'));
      expect((sim.prepare('SELECT COUNT(*) AS n FROM T_MCO19B').get() as { n: number }).n).toBeGreaterThan(0);
      expect((sim.prepare('SELECT COUNT(*) AS n FROM IR_IMB_R').get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      sim.close();
    }
    // GP consultations per person-year: twice the calibrated rate (person-time weighted over the cells) within 10 %.
    const cells = table(report, 'gp_consultation_rates.csv').cells;
    const calibratedRate = cells.reduce((s, c) => s + (c.counts.consultations as number), 0) / cells.reduce((s, c) => s + (c.personYears as number), 0);
    const r = await openReportDatabase(small);
    try {
      const consultations = Number((await r.db.get<{ n: number }>(`SELECT SUM(PRS_ACT_QTE) AS n FROM ${CARE_LINES} WHERE PRS_NAT_REF IN (1110, 1111) AND PSE_SPE_COD IN (1, 22, 23)`))?.n);
      const ratio = consultations / personYears(r) / calibratedRate;
      expect(ratio).toBeGreaterThan(1.8);
      expect(ratio).toBeLessThan(2.2);
    } finally {
      await r.db.close();
    }
  });

  test('Laplace noise: the same database, seed and epsilon give the same bytes; another seed other counts', async () => {
    // On the 1500-person database of the scenario run, for time.
    const a = await calibrate(small, { out: join(dir, 'noise-a'), epsilon: '1', seed: '5' });
    expect(a.report.epsilon).toBe(1);
    expect(a.report.files.length).toBeGreaterThan(0);
    expect(table(a.report, 'gp_consultation_rates.csv').noise).toEqual([{ measure: 'consultations', sensitivity: 50, laplaceScale: 50 }]);
    const source = await openCalibrationSource(small);
    try {
      const run = (epsilon: string | undefined, seed: string): ReturnType<typeof computeCalibration> => computeCalibration(source, resolveCalibrateOptions({ out: join(dir, 'noise-b'), epsilon, seed }));
      const b = await run('1', '5');
      expect(b.files.map((f) => f.file)).toEqual(a.report.files);
      for (const f of b.files) expect(fileBytes(f).equals(readFileSync(join(dir, 'noise-a', f.file)))).toBe(true);
      expect(`${JSON.stringify(b.report, null, 2)}\n`).toBe(readFileSync(join(dir, 'noise-a', 'calibration.json'), 'utf8'));
      // Counts move with the noise and with its seed, stay ≥ 0, and the person counts (which decide the grouping) do not move.
      const counts = (r: CalibrationReport): number[] => r.tables.flatMap((t) => t.cells.flatMap((c) => Object.values(c.counts)));
      const persons = (r: CalibrationReport): number[] => r.tables.flatMap((t) => t.cells.map((c) => c.persons));
      const exact = (await run(undefined, '5')).report;
      const noisy = counts(a.report);
      expect(noisy).toHaveLength(counts(exact).length);
      expect(noisy.filter((x, i) => x !== counts(exact)[i]).length).toBeGreaterThan(noisy.length / 2);
      expect(Math.min(...noisy)).toBeGreaterThanOrEqual(0);
      expect(persons(a.report)).toEqual(persons(exact));
      expect(counts((await run('1', '6')).report)).not.toEqual(noisy);
    } finally {
      await source.db.close();
    }
    // The command line refuses to replace the earlier calibration unasked; with --overwrite it gives the same bytes,
    // replacing it in place and leaving no temporary folder.
    const refused = runCli(['calibrate', small, '--out', join(dir, 'noise-a')], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--out: .*noise-a already exists: give --overwrite to replace it/);
    const written = [...a.report.files, 'calibration.json'].map((f) => [f, readFileSync(join(dir, 'noise-a', f))] as const);
    const cli = runCli(['calibrate', small, '--out', join(dir, 'noise-a'), '--epsilon', '1', '--seed', '5', '--overwrite'], dir);
    expect(cli.stderr).toMatch(/^wrote \d+ tables and calibration\.json to /);
    expect(cli.code).toBe(0);
    for (const [f, bytes] of written) expect(readFileSync(join(dir, 'noise-a', f)).equals(bytes)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  test('a database without SIM_RUN_MANIFEST (an extraction) takes its period from the months of the care dates; without a unique index on the nine keys, prestations are grouped by their keys', async () => {
    const copy = join(dir, 'extraction.db');
    copyFileSync(small, copy);
    const w = new Database(copy);
    w.exec('DROP TABLE SIM_RUN_MANIFEST');
    w.exec('DROP INDEX ER_PRS_F_UK1');
    w.close();
    const options = resolveCalibrateOptions({ out: join(dir, 'extraction') });
    const withManifest = await openCalibrationSource(small);
    const without = await openCalibrationSource(copy);
    try {
      const a = (await computeCalibration(withManifest, options)).report;
      const b = (await computeCalibration(without, options)).report;
      // The output's unique key index lets SQLite group by rowid; the extraction has none: the nine keys, same cells.
      expect(withManifest.db.prestationRow?.('p')).toBe('p.rowid');
      expect(without.db.prestationRow?.('p')).toBeUndefined();
      expect(b.source.manifest).toBeNull();
      expect(b.source.period).toEqual({ start: '2019-01-01', end: '2019-12-31', from: 'ER_PRS_F.EXE_SOI_DTD' });
      expect(b.tables.map((t) => t.cells)).toEqual(a.tables.map((t) => t.cells));
    } finally {
      await withManifest.db.close();
      await without.db.close();
    }
  });

  /*
   * The round trip without noise (tests/calibrate/roundtrip has the one under --epsilon 1 and says why sections are
   * left out): the sections `counts`, `drug_users`, `consumers`, `liberal`, `transport` and `devices` judge the run with
   * published figures it was not fed (data/validation), not with the tables the run read: a calibration round trip
   * cannot make them pass or fail (and on 2 500 persons the liberal amounts are decided by the few persons with the
   * longest nursing series, the top 1 % of spending by 25 persons, the CPAP patients aged 70–74 by about 3).
   */
  test('round trip: every section of the run simulated from the calibrated tables passes against them (but counts, drug_users, consumers, spending, liberal, transport, devices)', () => {
    const exempt = ['counts', 'drug_users', 'consumers', 'spending', 'liberal', 'transport', 'devices'];
    expect(roundTrip.targets.used).toBe('run');
    expect(roundTrip.targets.folder).toBe(out);
    expect(roundTrip.targets.changedSinceRun).toEqual([]);
    expect(roundTrip.summary.targets).toContain(out);
    const failed = roundTrip.sections.filter((s) => !s.pass && !exempt.includes(s.id)).map((s) => ({ id: s.id, rows: s.comparisons.flatMap((c) => c.rows.filter((r) => !r.pass).map((r) => `${c.id} ${r.label}: ${r.observed} vs ${r.expected}`)) }));
    expect(failed).toEqual([]);
    // Child deaths (1–14) judged against the calibrated table, both sexes.
    const deaths = roundTrip.sections.find((s) => s.id === 'deaths');
    const children = deaths?.comparisons[0]?.rows.filter((r) => r.category === '1-14') ?? [];
    expect(children).toHaveLength(2);
    for (const r of children) expect(r.pass).toBe(true);
  });

  test('round trip: sections whose tables differ from data/ are also compared with data/, and the page says so', () => {
    expect(roundTrip.targets.differFromData).toEqual(expect.arrayContaining(['mortality.csv', 'gp_consultation_rates.csv', 'mco_stay_rates.csv']));
    const byId = new Map(roundTrip.sections.map((s) => [s.id, s]));
    expect(byId.get('deaths')?.national?.tables).toEqual(expect.arrayContaining(['mortality.csv']));
    expect(byId.get('deaths')?.national?.comparisons).toHaveLength(byId.get('deaths')?.comparisons.length ?? -1);
    // The acts and population sections read no calibrated table.
    expect(byId.get('acts')?.national).toBeUndefined();
    expect(byId.get('population')?.national).toBeUndefined();
    const html = renderHtml(roundTrip);
    expect(html).toContain('Against the national open data (data/)');
    expect(html).toContain('id="national-deaths.rate"');
  });

  test('a merged group keeps the shape of the open data: calibrated hazards ∝ INSEE × the ratios of 35 within each group', () => {
    const mt = readDataTable('mortality.csv');
    const ratios = readDataTable('mortality_dept_ratio.csv').rows.filter((r) => r.dept === '35');
    const ratio = (age: number): number => Number(ratios.find((r) => Number(r.age_min) <= age && age <= Number(r.age_max))?.ratio ?? 1);
    const open = (sex: number, age: number): number => -Math.log(1 - num(mt, mt.rows.find((r) => num(mt, r, 'year') === 2019 && num(mt, r, 'sex') === sex && num(mt, r, 'age') === age) as Record<string, string>, 'q')) * ratio(age);
    const calibrated = readDataTable('mortality.csv', out);
    const hazard = (sex: number, age: number): number => -Math.log(1 - num(calibrated, calibrated.rows.find((r) => num(calibrated, r, 'sex') === sex && num(calibrated, r, 'age') === age) as Record<string, string>, 'q'));
    const cells = table(report, 'mortality.csv').cells;
    const merged = cells.filter((c) => c.bands.length > 1 && (c.counts.deaths as number) > 0);
    expect(merged.length).toBeGreaterThan(0);
    for (const c of merged) {
      const factor = c.values.factor_vs_open_data as number;
      for (let a = c.ageMin; a <= Math.min(c.ageMax, 104); a++) expect(hazard(c.series.sex as number, a) / open(c.series.sex as number, a)).toBeCloseTo(factor, 2);
    }
    // A child's hazard is a child's, not the group's mean: below the group's mean rate wherever the group reaches adults.
    for (const c of merged.filter((x) => x.ageMin <= 5 && x.ageMax >= 25)) expect(hazard(c.series.sex as number, 8)).toBeLessThan(c.values.deaths_per_person_year as number);
  });
});
