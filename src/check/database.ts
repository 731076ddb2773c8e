import { MANIFEST_TABLE, type TableDef } from '../exporters';
import { officialDef, pmsiTemplate, type SndsReader } from '../readback';
import type { Engine } from './sql';

export { officialDef, pmsiTemplate };

/** What the check builders know about the database. */
export interface CheckContext {
  /** Every table of the database. */
  readonly tables: ReadonlySet<string>;
  /** Official definition of each known table present, by its name in the database. */
  readonly official: ReadonlyMap<string, TableDef>;
  /** Columns of each table of the database, in order. */
  readonly columns: ReadonlyMap<string, readonly string[]>;
  /** Declared type of each column of each table (upper case), from the catalogue. */
  readonly columnTypes: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The engine the checks' SQL runs on (types declared and row ids differ). */
  readonly engine: Engine;
  /** Simulated period from SIM_RUN_MANIFEST `options`, when present. */
  readonly period?: { readonly start: string; readonly end: string };
}

/** Database names of the yearly tables of a PMSI template present (`T_MCOaaC` → `['T_MCO19C']`), sorted. */
export function pmsiTables(ctx: CheckContext, template: string): string[] {
  return [...ctx.tables].filter((t) => pmsiTemplate(t)?.template === template).sort();
}

/** The PMSI year (`'19'`) of a yearly table name, or undefined. */
export function pmsiYear(name: string): string | undefined {
  return pmsiTemplate(name)?.yy;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The simulated period from SIM_RUN_MANIFEST `options`, when well formed. */
function readPeriod(db: SndsReader): { start: string; end: string } | undefined {
  const v = db.manifest.get('options');
  if (v === undefined) return undefined;
  try {
    const o = JSON.parse(v) as Record<string, unknown>;
    const { start, end } = o;
    if (typeof start === 'string' && typeof end === 'string' && ISO_DATE.test(start) && ISO_DATE.test(end)) return { start, end };
  } catch {
    return undefined;
  }
  return undefined;
}

/** Reads the catalogue of the database: its tables, their official definitions, the simulated period. */
export function readContext(db: SndsReader): CheckContext {
  const tables = new Set(db.tables);
  const official = new Map<string, TableDef>();
  const columns = new Map<string, readonly string[]>();
  const columnTypes = new Map<string, ReadonlyMap<string, string>>();
  for (const n of [...tables].sort()) {
    const def = officialDef(n);
    if (def !== undefined) official.set(n, def);
    columns.set(n, db.columns(n));
    columnTypes.set(n, db.columnTypes(n));
  }
  const period = tables.has(MANIFEST_TABLE.name) ? readPeriod(db) : undefined;
  const engine: Engine = db.format === 'sqlite' ? 'sqlite' : 'duckdb';
  return period === undefined ? { tables, official, columns, columnTypes, engine } : { tables, official, columns, columnTypes, engine, period };
}
