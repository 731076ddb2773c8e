/**
 * The declarative shape of one check, and of its result.
 *
 * A check is plain data: the tables it needs and two SQL statements, one counting the violations
 * and one listing examples of them. The runner skips a check when one of its tables is absent, so
 * a check never has to guard against missing tables itself.
 */

/** One check of an SNDS database. */
export interface Check {
  /** Stable identifier, e.g. `pk.ER_PRS_F` or `temporal.after-death.ER_PRS_F`. */
  readonly id: string;
  /** What the check verifies, in one sentence. */
  readonly description: string;
  /** Names of the tables (as in the database) that must all exist for the check to run. */
  readonly tables: readonly string[];
  /** SQL returning one row with one column `n`: the number of violations. */
  readonly countSql: string;
  /** SQL returning rows that illustrate the violations (the runner adds the LIMIT). */
  readonly examplesSql: string;
}

/** Outcome of one check. */
export type CheckStatus = 'ok' | 'violations' | 'skipped' | 'error';

/** Result of running (or skipping) one check. */
export interface CheckResult {
  readonly id: string;
  readonly description: string;
  readonly status: CheckStatus;
  /** Number of violations (0 when ok or skipped). */
  readonly violations: number;
  /** Up to the requested number of example rows, as column → value. */
  readonly examples: readonly Record<string, unknown>[];
  /** Why the check was skipped: the missing tables. */
  readonly missingTables?: readonly string[];
  /** Why the check could not run (status `error`, counted as one violation): the SQL error, e.g. a missing column. */
  readonly error?: string;
  /** Wall time of the check in milliseconds. */
  readonly ms: number;
}

/** Result of checking one database. */
export interface CheckReport {
  /** Path of the checked database. */
  readonly database: string;
  /** True when no check found a violation. */
  readonly ok: boolean;
  /** Total violations over all checks. */
  readonly violations: number;
  /** Official tables found in the database (PMSI tables with their year). */
  readonly tablesChecked: readonly string[];
  /** Official tables absent from the database (PMSI tables as templates, e.g. T_MCOaaB). */
  readonly tablesAbsent: readonly string[];
  /** Tables of the database that are not in the official schemas (not checked). */
  readonly tablesUnknown: readonly string[];
  /** Simulated period read from SIM_RUN_MANIFEST, when present. */
  readonly period?: { readonly start: string; readonly end: string };
  readonly checks: readonly CheckResult[];
  /** Wall time of all checks in milliseconds. */
  readonly ms: number;
}
