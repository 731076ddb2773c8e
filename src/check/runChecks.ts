import { TABLES } from '../exporters';
import type { Check, CheckReport, CheckResult } from './Check';
import { openOutput, type SndsReader } from '../readback';
import { readContext, type CheckContext } from './database';
import { identityChecks } from './identityChecks';
import { artefactChecks } from './artefactChecks';
import { keyChecks } from './keyChecks';
import { schemaChecks } from './schemaChecks';
import { temporalChecks } from './temporalChecks';
import { ssrChecks } from './ssrChecks';

/** Options of a database check. */
export interface CheckOptions {
  /** Maximum number of examples per check (default 5). */
  readonly examples?: number;
  /** Run only the checks whose id starts with one of these prefixes. */
  readonly only?: readonly string[];
}

/** Every check that applies to the database described by `ctx` (those whose tables are absent included: they are reported as skipped). */
export function buildChecks(ctx: CheckContext): Check[] {
  return [...schemaChecks(ctx), ...keyChecks(ctx), ...temporalChecks(ctx), ...ssrChecks(ctx), ...identityChecks(ctx), ...artefactChecks(ctx)];
}

function elapsed(t0: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;
}

/** Runs one check: skipped when a table is missing; an SQL error (e.g. a dropped column) is reported as a violation. */
export async function runCheck(db: SndsReader, ctx: CheckContext, check: Check, maxExamples = 5): Promise<CheckResult> {
  const t0 = process.hrtime.bigint();
  const base = { id: check.id, description: check.description };
  const missing = check.tables.filter((t) => !ctx.tables.has(t));
  if (missing.length > 0) return { ...base, status: 'skipped', violations: 0, examples: [], missingTables: missing, ms: 0 };
  try {
    const n = Number((await db.get(check.countSql))?.n ?? 0);
    const examples = n > 0 && maxExamples > 0 ? await db.all(`SELECT * FROM (${check.examplesSql}) LIMIT ${Math.floor(maxExamples)}`) : [];
    return { ...base, status: n > 0 ? 'violations' : 'ok', violations: n, examples, ms: elapsed(t0) };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { ...base, status: 'error', violations: 1, examples: [], error, ms: elapsed(t0) };
  }
}

/**
 * Checks the SNDS database at `path` (opened read-only) against the official schemas, keys and
 * temporal invariants. Throws an InputError when the file is missing or not a database of a format read.
 */
export async function checkDatabase(path: string, options: CheckOptions = {}): Promise<CheckReport> {
  const t0 = process.hrtime.bigint();
  const db = await openOutput(path);
  try {
    const ctx = readContext(db);
    let checks = buildChecks(ctx);
    if (options.only !== undefined && options.only.length > 0) {
      const only = options.only;
      checks = checks.filter((c) => only.some((p) => c.id.startsWith(p)));
    }
    const results: CheckResult[] = [];
    // One after the other: the checks share one connection, and their timings are their own.
    for (const c of checks) results.push(await runCheck(db, ctx, c, options.examples ?? 5));
    const violations = results.reduce((s, r) => s + r.violations, 0);
    const presentTemplates = new Set([...ctx.official.values()].map((d) => d.name));
    const report: CheckReport = {
      database: path,
      ok: violations === 0,
      violations,
      tablesChecked: [...ctx.official.keys()].filter((t) => Object.prototype.hasOwnProperty.call(TABLES, ctx.official.get(t)?.name ?? '')),
      tablesAbsent: Object.keys(TABLES).filter((t) => !presentTemplates.has(t)),
      tablesUnknown: [...ctx.tables].filter((t) => !ctx.official.has(t)),
      checks: results,
      ms: elapsed(t0),
    };
    return ctx.period === undefined ? report : { ...report, period: ctx.period };
  } finally {
    await db.close();
  }
}
