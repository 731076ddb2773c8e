import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { renderHtml, type Report } from '../../src/report';
import { COUNT_WINDOW_DAYS, LOS_WINDOW_DAYS } from '../../src/report/sections/ssr';
import { repoRoot } from '../../src/util/paths';
import { cliInProcess, runCli, type CliResult } from '../helpers/cli';
import { callCompiled, careDatabase, sharedDatabase, tempDir } from '../helpers/simulate';

/** The binary in a child process, from the repository's folder. */
function cli(args: string[]): CliResult {
  return runCli(args, repoRoot());
}

const SECTIONS = ['population', 'deaths', 'ald', 'hospital', 'births', 'ace', 'ssr', 'acts', 'drugs', 'drug_users', 'gp', 'weekday', 'month', 'consumers', 'providers', 'spending', 'liberal', 'transport', 'devices', 'counts', 'identity'];

describe('realism report of a simulated database', () => {
  let report: Report;
  let html: string;
  beforeAll(() => {
    // buildReport by the compiled code in a child process (callCompiled): twice as fast as in jest's sandbox.
    report = callCompiled<Report>('report', 'buildReport', careDatabase());
    html = renderHtml(report);
  });

  test('has every section, each with comparisons, tolerances and charts', () => {
    expect(report.sections.map((s) => s.id)).toEqual(SECTIONS);
    expect(report.summary.sections).toBe(SECTIONS.length);
    for (const s of report.sections) {
      expect(s.comparisons.length).toBeGreaterThan(0);
      for (const c of s.comparisons) {
        expect(c.rows.length).toBeGreaterThan(0);
        // A bound in words: a relative or absolute tolerance (≤), or a band (a–b, ≥, <).
        expect(c.tolerance).toMatch(/≤|≥|<|>|\d\s*–\s*\d/);
        expect(c.chart.series.length).toBeGreaterThan(0);
        for (const r of c.rows) {
          expect(Number.isFinite(r.observed) && Number.isFinite(r.expected)).toBe(true);
          expect(r.low).toBeLessThanOrEqual(r.high);
        }
      }
      expect(html).toContain(`id="section-${s.id}"`);
    }
  });

  test('matches its targets where the simulation is calibrated on them', () => {
    const byId = new Map(report.sections.map((s) => [s.id, s]));
    // The population is drawn in proportion to INSEE and the deaths at INSEE rates: these must hold.
    expect(byId.get('population')?.pass).toBe(true);
    expect(byId.get('deaths')?.pass).toBe(true);
    expect(byId.get('gp')?.pass).toBe(true);
    // Dispensings are drawn on the Open Medic boxes by age band × sex and by ATC1 (drug weights rescaled to the ATC1 totals).
    expect(byId.get('drugs')?.pass).toBe(true);
    // SSR stays are drawn with probabilities calibrated on the national total: within 30 % by age.
    expect(byId.get('ssr')?.comparisons.find((c) => c.id === 'ssr.stays_by_age')?.rows.find((r) => r.category === 'all ages')?.pass).toBe(true);
    // Every birth has its delivery and newborn stays (maternity process), at the SAE caesarean share and length.
    expect(byId.get('births')?.pass).toBe(true);
    // Several BEN_NIR_PSA per person (texture realistic): distinct BEN_NIR_PSA over-count the persons of BEN_IDT_ANO.
    expect(byId.get('identity')?.pass).toBe(true);
    // Causes of death keep their chapters (the ALD-attributed deaths are taken out of the national distribution).
    const causes = byId.get('counts')?.comparisons.find((c) => c.id === 'counts.death_causes');
    expect(causes?.pass).toBe(true);
    expect(causes?.rows.find((r) => r.label.startsWith('eye'))?.observedCount).toBe(0);
    // Spending by age: 16 sex × age rows whose ratios to the mean average to 1 over the person-years (observedCount).
    const spending = byId.get('spending')?.comparisons[0]?.rows ?? [];
    expect(spending).toHaveLength(16);
    const years = spending.reduce((s, r) => s + r.observedCount, 0);
    expect(spending.reduce((s, r) => s + r.observed * r.observedCount, 0) / years).toBeCloseTo(1, 1);
    expect(spending.find((r) => r.category === 'men 80+')?.observed).toBeGreaterThan(2 * (spending.find((r) => r.category === 'men 30-39')?.observed ?? Infinity));
    const pyramid = byId.get('population')?.comparisons[0];
    const total = (pyramid?.rows ?? []).reduce((s, r) => s + r.observed, 0);
    expect(total).toBeCloseTo(100, 6);
    expect(report.personYears).toBeGreaterThan(19000);
    expect(report.personYears).toBeLessThan(21000);
  });

  test('the mean length of full-time SSR stays is that of the stays admitted early enough to be discharged within the period', () => {
    const row = report.sections.find((x) => x.id === 'ssr')?.comparisons[1]?.rows.find((r) => r.category === 'full_time_mean_los');
    expect(row?.label).toContain(`admitted ≥ ${LOS_WINDOW_DAYS} days before the end`);
    // The same stays counted by hand: full-time (HOS_TYP_UM 1), admitted on or before 31 December − 273 days.
    const db = new Database(careDatabase(), { readonly: true });
    const stays = db
      .prepare(
        `SELECT julianday(c.SOR_DAT) - julianday(c.ENT_DAT) AS days FROM T_SSR19C c JOIN T_SSR19B b ON b.ETA_NUM = c.ETA_NUM AND b.RHA_NUM = c.RHA_NUM
         WHERE c.ENT_DAT <= date('2019-12-31', '-${LOS_WINDOW_DAYS} days') GROUP BY c.ETA_NUM, c.RHA_NUM HAVING MIN(b.HOS_TYP_UM) = '1'`,
      )
      .all() as { days: number }[];
    const all = db.prepare("SELECT COUNT(DISTINCT c.ETA_NUM || c.RHA_NUM) AS n FROM T_SSR19C c JOIN T_SSR19B b ON b.ETA_NUM = c.ETA_NUM AND b.RHA_NUM = c.RHA_NUM WHERE b.HOS_TYP_UM = '1'").get() as { n: number };
    db.close();
    expect(stays.length).toBeGreaterThan(20);
    expect(stays.length).toBeLessThan(all.n);
    expect(row?.observedCount).toBe(stays.length);
    expect(row?.observed).toBeCloseTo(stays.reduce((a, x) => a + x.days, 0) / stays.length, 9);
  });

  test('SSR stays per person-year are counted until three months before the end, as the stays still open then are missing', () => {
    const rows = report.sections.find((x) => x.id === 'ssr')?.comparisons.find((c) => c.id === 'ssr.stays_by_age')?.rows ?? [];
    const all = rows.find((r) => r.category === 'all ages');
    const db = new Database(careDatabase(), { readonly: true });
    const counted = db
      .prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM T_SSR19C c WHERE c.ENT_DAT <= date('2019-12-31', '-${COUNT_WINDOW_DAYS} days') GROUP BY c.ETA_NUM, c.RHA_NUM)`)
      .get() as { n: number };
    const total = db.prepare('SELECT COUNT(*) AS n FROM (SELECT 1 FROM T_SSR19C GROUP BY ETA_NUM, RHA_NUM)').get() as { n: number };
    db.close();
    expect(counted.n).toBeLessThan(total.n);
    expect(all?.observedCount).toBe(counted.n);
    expect(rows.filter((r) => r.category !== 'all ages').reduce((a, r) => a + r.observedCount, 0)).toBe(counted.n);
  });

  test('the page is self-contained, bilingual, with a summary and the run manifest', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|@import|url\(|src="http|href="http/i);
    expect(html).toContain('@media print');
    expect(html).toContain('Summary / Synthèse');
    expect(html).toContain(`${report.summary.passed} of ${SECTIONS.length} sections pass`);
    expect(html).toContain('Run manifest / Manifeste de la simulation');
    expect(html).toMatch(/<th>seed<\/th><td><code>7<\/code>/);
    expect(html).toContain('data/population.csv.gz');
    expect(html).toMatch(/<th>version<\/th>/);
    expect(html).toContain('ALD 8 — Diabetes (type 1 and type 2) / Diabète de type 1 et diabète de type 2');
    expect(html).toContain('N — Nervous system / SYSTEME NERVEUX');
    expect((html.match(/<svg /g) ?? []).length).toBe(report.sections.reduce((s, x) => s + x.comparisons.length, 0));
  });

  test('CLI: writes the HTML and the JSON; exit 0, or 1 with --fail-on-drift when a comparison fails', () => {
    const dir = tempDir('snds-sim-report-');
    const out = join(dir, 'report.html');
    const json = join(dir, 'report.json');
    // The small shared database: the command's files and exit codes, not the figures (the tests above read the care database).
    const db = sharedDatabase('small');
    const r = cli(['report', db, '--out', out, '--json', json]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('Realism report / Rapport de réalisme');
    const data = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(data.sections.map((s) => s.id)).toEqual(SECTIONS);
    const strict = cli(['report', db, '--out', out, '--fail-on-drift']);
    expect(strict.code).toBe(data.pass ? 0 : 1);
  });

  // The command's main in this process: each is refused before any section is built (tests/helpers/cli.ts).
  test('CLI: bad usage exits 2 naming the argument', async () => {
    const dir = tempDir('snds-sim-report-');
    const refused = (args: string[]): Promise<CliResult> => cliInProcess(args, dir);
    const missing = await refused(['report', join(dir, 'nope.db'), '--out', join(dir, 'r.html')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('<db>: no such file');
    const notSqlite = join(dir, 'text.db');
    writeFileSync(notSqlite, 'hello');
    expect((await refused(['report', notSqlite, '--out', join(dir, 'r.html')])).code).toBe(2);
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x INTEGER)');
    db.close();
    const notOurs = await refused(['report', other, '--out', join(dir, 'r.html')]);
    expect(notOurs.code).toBe(2);
    expect(notOurs.stderr).toContain('not a database written by snds-sim');
    const noOut = await refused(['report', careDatabase()]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out');
  });
});
