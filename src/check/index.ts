/**
 * `snds-sim check`: checks an SNDS database against the official schemas (columns, types), its
 * keys (primary keys, foreign keys, the nine DCIR keys, PMSI stays) and temporal invariants.
 * Each check is a declarative object with SQL counting its violations (see `Check`).
 */
export type { Check, CheckResult, CheckReport, CheckStatus } from './Check';
export { checkDatabase, buildChecks, runCheck, type CheckOptions } from './runChecks';
export { formatReport } from './formatReport';
export { readContext, officialDef, type CheckContext } from './database';
