import type { CheckReport, CheckResult } from './Check';

function value(v: unknown): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function example(e: Record<string, unknown>): string {
  return Object.entries(e)
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(' ');
}

function line(r: CheckResult): string[] {
  switch (r.status) {
    case 'ok':
      return [`OK     ${r.id}  (${r.ms} ms)`];
    case 'skipped':
      return [`SKIP   ${r.id}  (absent: ${(r.missingTables ?? []).join(', ')})`];
    case 'error':
      return [`ERROR  ${r.id}  could not run: ${r.error ?? '?'}`, `         ${r.description}`];
    case 'violations':
      return [
        `FAIL   ${r.id}  ${r.violations} violation${r.violations === 1 ? '' : 's'}  (${r.ms} ms)`,
        `         ${r.description}`,
        ...r.examples.map((e) => `         e.g. ${example(e)}`),
      ];
  }
}

/** The human-readable summary of a check report: one line per check, examples under failures, totals last. */
export function formatReport(report: CheckReport): string {
  const count = (s: CheckResult['status']): number => report.checks.filter((c) => c.status === s).length;
  const out = [
    `snds-sim check ${report.database}${report.period ? `  (simulated period ${report.period.start} … ${report.period.end})` : '  (no simulated period in SIM_RUN_MANIFEST)'}`,
    `tables checked: ${report.tablesChecked.join(', ') || 'none'}`,
    `tables absent (their checks are skipped): ${report.tablesAbsent.join(', ') || 'none'}`,
    ...(report.tablesUnknown.length > 0 ? [`tables not in the official schemas (not checked): ${report.tablesUnknown.join(', ')}`] : []),
    '',
    ...report.checks.flatMap(line),
    '',
    `${report.checks.length} checks: ${count('ok')} OK, ${count('violations')} with violations, ${count('error')} errors, ${count('skipped')} skipped; ` +
      `${report.violations} violation${report.violations === 1 ? '' : 's'} in ${(report.ms / 1000).toFixed(1)} s — ${report.ok ? 'CLEAN' : 'NOT CLEAN'}`,
  ];
  return `${out.join('\n')}\n`;
}
