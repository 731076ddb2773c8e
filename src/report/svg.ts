import type { ChartSpec } from './types';

/** Escapes text for XML/HTML content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Round tick values covering [0, max]: 1, 2 or 5 × 10^k steps, about `count` of them. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow) as number;
  const ticks: number[] = [];
  for (let i = 0; i * step < max + step * 0.999; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Short number for axis ticks and tooltips. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1e6) return `${Number((x / 1e6).toPrecision(3))} M`;
  if (a >= 1e4) return Math.round(x).toLocaleString('en-US').replace(/,/g, ' ');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return Number(x.toPrecision(2)).toString();
}

/** Tick label with as many decimals as the tick step needs. */
export function formatTick(x: number, step: number): string {
  const decimals = step >= 1 ? (Number.isInteger(step) ? 0 : 1) : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9) + (Number((step * 10 ** Math.ceil(-Math.log10(step) - 1e-9)).toFixed(6)) % 1 === 0 ? 0 : 1));
  const s = x.toFixed(decimals);
  return Math.abs(x) >= 1e4 ? Math.round(x).toLocaleString('en-US').replace(/,/g, ' ') : s;
}

export interface ChartSize {
  readonly width?: number;
  readonly height?: number;
}

/**
 * A grouped bar chart as a self-contained inline SVG: one group per category, one bar per series (class
 * `bar`), optional accepted-band whiskers (class `band`), labelled axes (classes `x-label`, `y-label`), a
 * title and a legend. Categories' labels are slanted when there are many.
 */
export function groupedBarChart(spec: ChartSpec, size: ChartSize = {}): string {
  const width = size.width ?? 920;
  const baseHeight = size.height ?? 340;
  const nCat = spec.categories.length;
  const nSer = spec.series.length;
  const slant = nCat > 10 || spec.categories.some((c) => c.length > 8);
  const maxLabel = Math.max(1, ...spec.categories.map((c) => c.length));
  // Legend entries laid out in rows that fit the width.
  const entries: { name: string; color?: string; band?: boolean }[] = spec.series.map((s) => ({ name: s.name, color: s.color }));
  if (spec.series.some((s) => s.bands !== undefined)) entries.push({ name: 'accepted band / tolérance', band: true });
  const legendRows: { x: number; e: (typeof entries)[number] }[][] = [[]];
  let cx = 66;
  for (const e of entries) {
    const w = 30 + e.name.length * 6.3;
    if (cx + w > width - 10 && (legendRows[legendRows.length - 1] as unknown[]).length > 0) {
      legendRows.push([]);
      cx = 66;
    }
    (legendRows[legendRows.length - 1] as { x: number; e: (typeof entries)[number] }[]).push({ x: cx, e });
    cx += w;
  }
  const legendH = legendRows.length * 16;
  const height = baseHeight + legendH - 16;
  const margin = { top: 40 + legendH, right: 16, bottom: slant ? 40 + Math.min(90, maxLabel * 5.2) : 54, left: 66 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  let max = 0;
  for (const s of spec.series) {
    s.values.forEach((v, i) => {
      if (Number.isFinite(v)) max = Math.max(max, v);
      const b = s.bands?.[i];
      if (b && Number.isFinite(b[1])) max = Math.max(max, b[1]);
    });
  }
  const axis = spec.logScale === true ? logAxis(spec, max) : linearAxis(max);
  const { ticks } = axis;
  const y = (v: number): number => margin.top + plotH - axis.fraction(v) * plotH;
  const groupW = nCat > 0 ? plotW / nCat : plotW;
  const barW = Math.max(1, (groupW * 0.8) / Math.max(1, nSer));
  const parts: string[] = [];
  const id = `c${Math.abs(hashText(spec.title + spec.categories.join('|'))).toString(36)}`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="${id}-t" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<title id="${id}-t">${escapeXml(spec.title)}</title>`,
    `<rect class="bg" x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
    `<text class="chart-title" x="${margin.left}" y="16" font-size="13" font-weight="bold">${escapeXml(spec.title)}</text>`,
  );
  // Grid and y axis.
  for (const t of ticks) {
    const yy = y(t).toFixed(1);
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${yy}" y2="${yy}" stroke="#ddd" stroke-width="1"/>`);
    parts.push(`<text class="tick" x="${margin.left - 5}" y="${yy}" text-anchor="end" dominant-baseline="middle">${escapeXml(axis.label(t))}</text>`);
  }
  parts.push(`<line class="axis" x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#333"/>`);
  parts.push(`<line class="axis" x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#333"/>`);
  // Bars.
  spec.categories.forEach((cat, ci) => {
    const gx = margin.left + ci * groupW + groupW * 0.1;
    spec.series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === undefined || !Number.isFinite(v)) return;
      const x = gx + si * barW;
      const y0 = y(Math.max(0, v));
      const h = Math.max(0, margin.top + plotH - y0);
      parts.push(
        `<rect class="bar" data-series="${si}" x="${x.toFixed(1)}" y="${y0.toFixed(1)}" width="${(barW * 0.92).toFixed(1)}" height="${h.toFixed(1)}" fill="${escapeXml(s.color)}"><title>${escapeXml(`${cat} · ${s.name}: ${formatNumber(v)}`)}</title></rect>`,
      );
      const b = s.bands?.[ci];
      if (b && Number.isFinite(b[0]) && Number.isFinite(b[1])) {
        const cx = (x + (barW * 0.92) / 2).toFixed(1);
        const [lo, hi] = [y(b[0]).toFixed(1), y(b[1]).toFixed(1)];
        const w = Math.min(4, barW * 0.3);
        parts.push(
          `<path class="band" d="M${cx},${lo}V${hi}M${(Number(cx) - w).toFixed(1)},${lo}h${(2 * w).toFixed(1)}M${(Number(cx) - w).toFixed(1)},${hi}h${(2 * w).toFixed(1)}" stroke="#222" stroke-width="1" fill="none"/>`,
        );
      }
    });
    const lx = margin.left + ci * groupW + groupW / 2;
    const ly = margin.top + plotH + 12;
    parts.push(
      slant
        ? `<text class="cat" x="${lx.toFixed(1)}" y="${ly}" text-anchor="end" transform="rotate(-40 ${lx.toFixed(1)} ${ly})">${escapeXml(cat)}</text>`
        : `<text class="cat" x="${lx.toFixed(1)}" y="${ly + 2}" text-anchor="middle">${escapeXml(cat)}</text>`,
    );
  });
  // Axis labels.
  parts.push(`<text class="x-label" x="${margin.left + plotW / 2}" y="${height - 6}" text-anchor="middle" font-size="12">${escapeXml(spec.xLabel)}</text>`);
  const yl = margin.top + plotH / 2;
  parts.push(`<text class="y-label" x="14" y="${yl}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${yl})">${escapeXml(spec.yLabel)}</text>`);
  // Legend.
  const legend: string[] = [];
  legendRows.forEach((row, ri) => {
    const ly = 26 + ri * 16;
    for (const { x, e } of row) {
      if (e.band) legend.push(`<path d="M${x + 6},${ly}V${ly + 12}M${x + 2},${ly}h8M${x + 2},${ly + 12}h8" stroke="#222" fill="none"/>`);
      else legend.push(`<rect class="legend-key" x="${x}" y="${ly}" width="12" height="12" fill="${escapeXml(e.color ?? '#999')}"/>`);
      legend.push(`<text x="${x + 16}" y="${ly + 10}">${escapeXml(e.name)}</text>`);
    }
  });
  parts.push(`<g class="legend">${legend.join('')}</g>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** A y axis: its ticks, their labels, and where a value falls (0 = bottom, 1 = top). */
interface YAxis {
  readonly ticks: readonly number[];
  label(t: number): string;
  fraction(v: number): number;
}

/** Linear axis from 0 to a round value above `max`. */
function linearAxis(max: number): YAxis {
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] as number;
  const step = ticks.length > 1 ? (ticks[1] as number) - (ticks[0] as number) : 1;
  return { ticks, label: (t) => formatTick(t, step), fraction: (v) => (top > 0 ? Math.max(0, v) / top : 0) };
}

/**
 * Logarithmic axis over whole decades, from the decade below the smallest positive value (bars and
 * bands) to the decade above `max`; values at or below the bottom decade sit on the axis.
 */
function logAxis(spec: ChartSpec, max: number): YAxis {
  let min = Infinity;
  for (const s of spec.series) {
    for (const v of s.values) if (Number.isFinite(v) && v > 0) min = Math.min(min, v);
    for (const b of s.bands ?? []) if (Number.isFinite(b[0]) && b[0] > 0) min = Math.min(min, b[0]);
  }
  if (!Number.isFinite(min) || !(max > 0)) return linearAxis(max);
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) ticks.push(Number((10 ** e).toPrecision(12)));
  return {
    ticks,
    label: (t) => formatTick(t, t),
    fraction: (v) => (v > 0 ? Math.min(1, Math.max(0, (Math.log10(v) - lo) / (hi - lo))) : 0),
  };
}

/** Small deterministic string hash (for element ids). */
function hashText(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
