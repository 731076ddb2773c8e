import { escapeXml, groupedBarChart, niceTicks } from '../../src/report';
import type { ChartSpec } from '../../src/report';

function count(svg: string, re: RegExp): number {
  return (svg.match(re) ?? []).length;
}

const spec: ChartSpec = {
  title: 'Stays <per> 1000 & more',
  xLabel: 'Age (years) / Âge (ans)',
  yLabel: 'Per 1000 / Pour 1000',
  categories: ['0-4', '5-9', '10+'],
  series: [
    { name: 'simulated / simulé', color: '#123456', values: [1, 2, 3] },
    { name: 'target / cible', color: '#abcdef', values: [1.5, NaN, 2.5], bands: [[1, 2], [NaN, NaN], [2, 3]] },
  ],
};

describe('SVG charts', () => {
  const svg = groupedBarChart(spec);

  test('is one well-formed SVG element with escaped text', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(count(svg, /<svg\b/g)).toBe(1);
    expect(svg).toContain('Stays &lt;per&gt; 1000 &amp; more');
    expect(svg).not.toMatch(/<per>/);
    // Elements nest properly: every opened element is closed in order, or self-closed.
    const stack: string[] = [];
    for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w-]*)\b[^>]*?(\/?)>/g)) {
      if (m[1] === '/') expect(stack.pop()).toBe(m[2]);
      else if (m[3] !== '/') stack.push(m[2] as string);
    }
    expect(stack).toEqual([]);
  });

  test('draws one bar per finite value, and the accepted bands', () => {
    expect(count(svg, /<rect class="bar"/g)).toBe(5);
    expect(count(svg, /class="band"/g)).toBe(2);
    for (const m of svg.matchAll(/<rect class="bar"[^>]*height="([\d.]+)"/g)) expect(Number(m[1])).toBeGreaterThan(0);
  });

  test('labels both axes, the categories and the legend', () => {
    expect(svg).toMatch(/class="x-label"[^>]*>Age \(years\) \/ Âge \(ans\)</);
    expect(svg).toMatch(/class="y-label"[^>]*>Per 1000 \/ Pour 1000</);
    for (const c of spec.categories) expect(svg).toContain(`>${c}</text>`);
    expect(svg).toContain('simulated / simulé');
    expect(svg).toContain('target / cible');
    expect(svg).toContain('accepted band / tolérance');
  });

  test('many categories are slanted and all drawn', () => {
    const many = groupedBarChart({ ...spec, categories: Array.from({ length: 20 }, (_, i) => `c${i}`), series: [{ name: 's', color: '#000', values: Array.from({ length: 20 }, (_, i) => i + 1) }] });
    expect(count(many, /<rect class="bar"/g)).toBe(20);
    expect(count(many, /class="cat"[^>]*rotate\(-40/g)).toBe(20);
  });

  test('ticks are round and cover the maximum', () => {
    expect(niceTicks(9.3)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0)).toEqual([0, 1]);
    const t = niceTicks(0.037);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(0.037);
    expect(escapeXml(`a"b'c`)).toBe('a&quot;b&#39;c');
  });

  test('a logarithmic axis shows decades, and small values get visible bars', () => {
    const rates: ChartSpec = { ...spec, logScale: true, series: [{ name: 'deaths', color: '#123456', values: [0.12, 3, 250] }] };
    const log = groupedBarChart(rates);
    const ticks = [...log.matchAll(/<text class="tick"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['0.1', '1', '10', '100', '1000']);
    const heights = [...log.matchAll(/<rect class="bar"[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    // Equal steps in log10: 0.12 → 3 is 1.40 decades, 3 → 250 is 1.92 decades.
    expect(heights[0]).toBeGreaterThan(0);
    expect(((heights[1] as number) - (heights[0] as number)) / ((heights[2] as number) - (heights[1] as number))).toBeCloseTo(Math.log10(3 / 0.12) / Math.log10(250 / 3), 1);
    const linear = groupedBarChart({ ...rates, logScale: false });
    const first = Number(/<rect class="bar"[^>]*height="([\d.]+)"/.exec(linear)?.[1]);
    expect(first).toBeLessThan(1);
  });
});
