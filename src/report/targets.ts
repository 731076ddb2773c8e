import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readDataTable, type DataTable } from '../data';
import type { ReportDatabase } from './database';

/**
 * Where a section reads its targets: the tables the run was simulated from (its `tables` folder over `data/`), or
 * `data/` alone (the national open data). Records the tables read, so that the report knows which sections rest on
 * tables that differ from the open data.
 */
export class Targets {
  private readonly read_ = new Map<string, DataTable>();

  /** `folder` undefined: data/ alone. `parsed`: the tables already parsed, shared with the sections' Targets. */
  constructor(
    readonly folder: string | undefined,
    readonly label: string,
    private readonly parsed = new Map<string, DataTable>(),
  ) {}

  /** Reads a target table (the folder's when it has it, else data/'s), parsed once for this Targets and its sections. */
  read(name: string): DataTable {
    let t = this.read_.get(name);
    if (!t) {
      t = this.parsed.get(name);
      if (!t) {
        t = readDataTable(name, this.folder);
        this.parsed.set(name, t);
      }
      this.read_.set(name, t);
    }
    return t;
  }

  /**
   * The same targets for one section: they record the tables that section reads, and share the parsed tables (several
   * sections read the same ones: population.csv.gz, 181 600 rows, four of them).
   */
  section(): Targets {
    return new Targets(this.folder, this.label, this.parsed);
  }

  /** Names of the tables read so far. */
  get names(): readonly string[] {
    return [...this.read_.keys()].sort();
  }

  /** Whether the table read comes from the folder (not data/). */
  fromFolder(name: string): boolean {
    return this.folder !== undefined && existsSync(join(this.folder, name));
  }
}

/** The database with the targets its sections read. */
export type TargetedDatabase = ReportDatabase & { readonly targets: Targets };

/** The national open data of data/. */
export function nationalTargets(): Targets {
  return new Targets(undefined, 'data/ (national open data)');
}

/** Which targets a report uses, as said in its summary. */
export interface TargetsUsed {
  /** `run`: the tables the run read (its `tables` folder over data/); `data`: data/ alone. */
  readonly used: 'run' | 'data';
  /** The run's `tables` folder (SIM_RUN_MANIFEST options.tables), if it had one. */
  readonly folder: string | null;
  /** Tables read from the folder whose bytes differ from data/'s: their sections are also compared with data/. */
  readonly differFromData: readonly string[];
  /** Tables of the folder whose hash is not the one the manifest recorded (changed since the run). */
  readonly changedSinceRun: readonly string[];
  /** The same in words, for the summary. */
  readonly text: string;
}

/**
 * The targets of a run: the `tables` folder of its manifest (options.tables) over data/ when the folder is still
 * there, else data/ alone. A run simulated from calibrated tables is thus judged against the tables it read, so that
 * "the simulator did not reproduce its tables" is not mistaken for "the tables differ from the national open data".
 */
export function runTargets(manifest: Readonly<Record<string, unknown>>): Targets {
  const options = manifest.options as Record<string, unknown> | undefined;
  const folder = typeof options?.tables === 'string' ? options.tables : undefined;
  if (folder === undefined || !existsSync(folder)) return nationalTargets();
  return new Targets(folder, `the run's tables (${folder}, over data/)`);
}

/** Tables read by `t` from its folder whose bytes differ from those `national` (data/) reads. */
export function differingTables(t: Targets, national: Targets): string[] {
  if (t.folder === undefined) return [];
  return t.names.filter((n) => t.fromFolder(n) && t.read(n).sha256 !== national.read(n).sha256);
}

/** What the summary says about the targets, once every section has read its tables. */
export function describeTargets(manifest: Readonly<Record<string, unknown>>, t: Targets, national: Targets): TargetsUsed {
  const options = manifest.options as Record<string, unknown> | undefined;
  const folder = typeof options?.tables === 'string' ? options.tables : null;
  const recorded = (manifest.tables_sha256 ?? manifest.data_sha256 ?? {}) as Record<string, unknown>;
  const differ = differingTables(t, national);
  const changed = t.folder === undefined ? [] : t.names.filter((n) => t.fromFolder(n) && typeof recorded[n] === 'string' && recorded[n] !== t.read(n).sha256);
  let text: string;
  if (folder === null) text = 'Targets: data/ (national open data), the tables this run was simulated from.';
  else if (t.folder === undefined) text = `Targets: data/ (national open data). The run read its tables from ${folder}, which is no longer there: the comparisons are with the national open data, not with the tables the run read.`;
  else {
    text = `Targets: the tables this run read, ${folder} over data/${differ.length > 0 ? ` (${differ.join(', ')} differ from data/: their sections are also compared with the national open data, for information)` : ' (identical to data/)'}.`;
    if (changed.length > 0) text += ` Warning: ${changed.join(', ')} changed in ${folder} since the run (hash not the one of SIM_RUN_MANIFEST.tables_sha256).`;
  }
  return { used: t.folder === undefined ? 'data' : 'run', folder, differFromData: differ, changedSinceRun: changed, text };
}
