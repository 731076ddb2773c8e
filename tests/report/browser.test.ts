import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildReport, renderHtml, SECTION_BUILDERS } from '../../src/report';
import { sharedDatabase, tempDir } from '../helpers/simulate';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('realism report in a real browser (headless Chromium)', () => {
  let browser: Browser;
  let file: string;
  let charts: number;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (see .ci/run)`);
    // The small shared database: every section and chart, drawn from fewer rows (tests/report/report.test.ts judges the figures).
    const report = await buildReport(sharedDatabase('small'));
    charts = report.sections.reduce((s, x) => s + x.comparisons.length, 0);
    file = join(tempDir('snds-sim-report-'), 'report.html');
    writeFileSync(file, renderHtml(report));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60000);
  afterAll(async () => {
    await browser?.close();
  });

  test('opens with no console error nor failed request, and draws every chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1050, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    expect(errors).toEqual([]);
    // The page needs nothing but itself.
    expect(requests.filter((u) => u !== `file://${file}`)).toEqual([]);
    const boxes = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => {
        const r = svg.getBoundingClientRect();
        const bars = [...svg.querySelectorAll('rect.bar')].filter((b) => {
          const bb = (b as unknown as { getBBox(): { width: number; height: number } }).getBBox();
          return bb.width > 0 && bb.height > 0;
        }).length;
        return { width: r.width, height: r.height, bars, xLabel: svg.querySelector('.x-label')?.textContent ?? '', yLabel: svg.querySelector('.y-label')?.textContent ?? '' };
      }),
    );
    expect(boxes.length).toBe(charts);
    for (const b of boxes) {
      expect(b.width).toBeGreaterThan(100);
      expect(b.height).toBeGreaterThan(100);
      expect(b.bars).toBeGreaterThan(0);
      expect(b.xLabel).not.toBe('');
      expect(b.yLabel).not.toBe('');
    }
    const title = await page.title();
    expect(title).toContain('realism report');
    // Printing works (the print stylesheet applies without error).
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(10000);
    await page.close();
  }, 30000);

  test('gives each section a clear screenshot: charts with a legend, bilingual titles and labelled axes', async () => {
    // SNDS_SIM_REPORT_SHOTS=<folder> keeps the PNG files for a person to look at.
    const dir = process.env.SNDS_SIM_REPORT_SHOTS ?? tempDir('snds-sim-shots-');
    const page = await browser.newPage({ viewport: { width: 1050, height: 900 } });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    const ids = await page.$$eval('section.report-section', (list) => list.map((x) => x.id));
    expect(ids.length).toBe(SECTION_BUILDERS.length);
    for (const id of ids) {
      const section = await page.$(`#${id}`);
      if (!section) throw new Error(`no section ${id}`);
      const png = await section.screenshot({ path: join(dir, `${id}.png`) });
      expect(png.length).toBeGreaterThan(20000);
      const info = await section.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => ({
          legend: svg.querySelectorAll('.legend-key').length,
          title: svg.querySelector('.chart-title')?.textContent ?? '',
          x: svg.querySelector('.x-label')?.textContent ?? '',
          y: svg.querySelector('.y-label')?.textContent ?? '',
        })),
      );
      expect(info.length).toBeGreaterThan(0);
      for (const c of info) {
        expect(c.legend).toBeGreaterThanOrEqual(2);
        for (const text of [c.title, c.x, c.y]) expect(text).toMatch(/\S \/ \S/);
      }
    }
    await page.close();
  }, 60000);
});
