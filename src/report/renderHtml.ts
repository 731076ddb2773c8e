import { escapeXml as esc, formatNumber, groupedBarChart } from './svg';
import type { Comparison, Report, Section } from './types';

const CSS = `
:root { --ok: #1b7f3b; --bad: #b3261e; --muted: #555; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0 auto; max-width: 1000px; padding: 24px; color: #111; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #333; padding-bottom: 4px; margin-top: 2em; }
h3 { font-size: 1.05em; margin: 1.4em 0 0.4em; }
.muted, .notes { color: var(--muted); font-size: 0.9em; }
.disclaimer { background: #fff6d6; border: 1px solid #e0c060; padding: 8px 12px; }
.mark { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 0.8em; font-weight: bold; color: #fff; vertical-align: middle; }
.mark.pass { background: var(--ok); } .mark.fail { background: var(--bad); }
td.pass { color: var(--ok); font-weight: bold; } td.fail { color: var(--bad); font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; margin: 0.5em 0 1em; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f0f0f0; }
td:first-child { min-width: 13.5em; }
tr.fail td { background: #fdecea; }
figure { margin: 0.5em 0; }
svg.chart { max-width: 100%; height: auto; display: block; }
details > summary { cursor: pointer; color: var(--muted); }
code { font-size: 0.9em; }
.manifest td code { white-space: pre-wrap; overflow-wrap: anywhere; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-before: page; }
  h2.first, .summary h2 { break-before: auto; }
  .comparison { break-inside: avoid; }
  figure, svg.chart { break-inside: avoid; }
  details { display: block; } details > summary { display: none; }
  tr.fail td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .mark { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

function mark(pass: boolean): string {
  return pass ? '<span class="mark pass">✔ pass / conforme</span>' : '<span class="mark fail">✘ fail / écart</span>';
}

function fmt(x: number): string {
  return esc(formatNumber(x));
}

function fmtCount(x: number): string {
  return Number.isInteger(x) ? x.toLocaleString('en-US').replace(/,/g, ' ') : fmt(x);
}

function comparisonHtml(c: Comparison, idPrefix = ''): string {
  const passed = c.rows.filter((r) => r.pass).length;
  const rows = c.rows
    .map(
      (r) =>
        `<tr class="${r.pass ? 'pass' : 'fail'}"><td>${esc(r.label)}</td><td class="num">${fmt(r.observed)}</td><td class="num">${fmt(r.expected)}</td><td class="num">${fmt(r.low)} – ${fmt(r.high)}</td><td class="num">${fmtCount(r.observedCount)}</td><td class="num">${fmt(r.expectedCount)}</td><td class="${r.pass ? 'pass' : 'fail'}">${r.pass ? '✔' : '✘'}</td></tr>`,
    )
    .join('\n');
  return `<div class="comparison" id="${esc(idPrefix + c.id)}">
<h3>${esc(c.title)} ${mark(c.pass)}</h3>
<figure>${groupedBarChart(c.chart)}</figure>
<p class="tolerance"><strong>Tolerance / Tolérance:</strong> <code>${esc(c.tolerance)}</code> for each cell; ${passed} of ${c.rows.length} cells within it. Unit: ${esc(c.unit)}.</p>
${(c.notes ?? []).map((n) => `<p class="notes">${esc(n)}</p>`).join('\n')}
<table><thead><tr><th>Cell / Cellule</th><th class="num">Simulated / Simulé</th><th class="num">Target / Cible</th><th class="num">Accepted band / Tolérance</th><th class="num">Simulated count</th><th class="num">Target count</th><th>Pass</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</div>`;
}

function sectionHtml(s: Section, i: number): string {
  return `<section class="report-section" id="section-${esc(s.id)}">
<h2${i === 0 ? ' class="first"' : ''}>${i + 1}. ${esc(s.titleEn)} / ${esc(s.titleFr)} ${mark(s.pass)}</h2>
<p>${esc(s.description)}</p>
${s.comparisons.map((c) => comparisonHtml(c)).join('\n')}
${s.national ? nationalHtml(s.national) : ''}
</section>`;
}

/** The section's comparisons against data/, for information, when the run's tables differ from it. */
function nationalHtml(n: NonNullable<Section['national']>): string {
  return `<h3>Against the national open data (data/) / Par rapport aux données ouvertes nationales ${mark(n.pass)}</h3>
<p class="notes">The run read ${esc(n.tables.join(', '))} from its own tables folder, which differ from data/: the comparisons above are with the tables the run read (they decide the section's result), those below with the national open data, for information.</p>
${n.comparisons.map((c) => comparisonHtml(c, 'national-')).join('\n')}`;
}

/** A JSON object or array text laid out one item a line; any other text as it is. */
function prettyJson(text: string): string {
  if (!/^[[{]/.test(text)) return text;
  try {
    return JSON.stringify(JSON.parse(text) as unknown, null, 1);
  } catch {
    return text;
  }
}

function manifestHtml(m: Readonly<Record<string, unknown>>): string {
  const rows: string[] = [];
  for (const [k, v] of Object.entries(m)) {
    if (k === 'data_sha256' && v !== null && typeof v === 'object') {
      const inner = Object.entries(v as Record<string, unknown>)
        .map(([f, h]) => `<tr><td><code>data/${esc(f)}</code></td><td><code>${esc(String(h))}</code></td></tr>`)
        .join('');
      rows.push(`<tr><th>${esc(k)}</th><td><details><summary>${Object.keys(v).length} data tables</summary><table>${inner}</table></details></td></tr>`);
    } else {
      // Long values (the options, the row counts) are JSON laid out on several lines and wrap within
      // the page instead of widening it.
      rows.push(`<tr><th>${esc(k)}</th><td><code>${esc(typeof v === 'string' ? prettyJson(v) : JSON.stringify(v, null, 1))}</code></td></tr>`);
    }
  }
  return `<table class="manifest">${rows.join('\n')}</table>`;
}

/** The report as one self-contained HTML page: inline CSS and SVG, no script, no external resource. */
export function renderHtml(report: Report): string {
  const summaryRows = report.sections
    .map((s, i) => {
      const ok = s.comparisons.filter((c) => c.pass).length;
      return `<tr><td>${i + 1}</td><td><a href="#section-${esc(s.id)}">${esc(s.titleEn)} / ${esc(s.titleFr)}</a></td><td class="num">${ok} / ${s.comparisons.length}</td><td>${mark(s.pass)}${s.national ? ` (vs data/: ${s.national.pass ? 'pass' : 'drift'})` : ''}</td></tr>`;
    })
    .join('\n');
  const m = report.manifest;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>snds-sim realism report / rapport de réalisme — ${esc(report.departements.join(', '))} ${esc(report.period.start)}…${esc(report.period.end)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Realism report / Rapport de réalisme</h1>
<p class="muted">Database <code>${esc(report.database)}</code> · département(s) ${esc(report.departements.join(', '))} · ${esc(report.period.start)} → ${esc(report.period.end)} · ${report.persons.toLocaleString('en-US')} persons, ${formatNumber(report.personYears)} person-years · seed ${esc(String(m.seed ?? '?'))} · ${esc(report.generator)} ${esc(String(m.version ?? ''))}</p>
<p class="disclaimer">Synthetic data: no real person is described. Données synthétiques : aucune personne réelle n’est décrite. This page compares the database’s aggregates with the open-data targets it was simulated from.</p>
</header>
<section class="summary" id="summary">
<h2 class="first">Summary / Synthèse ${mark(report.pass)}</h2>
<p><strong>${report.summary.passed} of ${report.summary.sections} sections pass</strong> / ${report.summary.passed} sections sur ${report.summary.sections} conformes${report.summary.failed.length > 0 ? ` — failed / en écart: ${esc(report.summary.failed.join(', '))}` : ''}.</p>
<table><thead><tr><th>#</th><th>Section</th><th class="num">Comparisons passed</th><th>Result / Résultat</th></tr></thead><tbody>
${summaryRows}
</tbody></table>
<p class="notes"><strong>Targets / Cibles.</strong> ${esc(report.summary.targets)}</p>
<p class="notes"><strong>Tolerance rule / Règle de tolérance.</strong> Each cell compares a simulated count O with the count E that the target implies for the simulated population (rate × person-years, or share × total). The cell passes when <code>${esc(report.toleranceRule)}</code>: a relative difference of at most 15 % for large cells, and a Poisson band of 3 standard errors (√E) for small counts, where sampling noise dominates. When events cluster within persons (sessions, boxes, consultations, acts) the band is widened to 3 √(φ E), with φ = Σn² / Σn over the persons’ event counts n (variance of a compound Poisson count); each comparison states its φ. Means (length of stay) use the standard error of a mean. A comparison passes when all its cells pass, a section when all its comparisons pass. Charts show the simulated value beside the target, with the accepted band as a whisker on the target bar.</p>
</section>
${report.sections.map(sectionHtml).join('\n')}
<section class="manifest" id="manifest">
<h2>Run manifest / Manifeste de la simulation</h2>
<p class="muted">From <code>SIM_RUN_MANIFEST</code>: version, seed, options (scenario), SHA-256 of every data table read, row counts.</p>
${manifestHtml(m)}
</section>
</body>
</html>
`;
}
