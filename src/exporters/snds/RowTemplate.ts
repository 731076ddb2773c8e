import { DCIR_KEYS, tableDef, type TableDef } from '../../snds';
import type { Cell, Row } from '../sinks/Sink';
import { keyColumns, type KeyColumns } from './claims';

/**
 * Builds rows of one table in the column order of its official definition. Columns are addressed
 * by index, resolved once by name (`col`), so the per-record work is array stores only.
 */
export class RowTemplate {
  private readonly blankRow: Row;
  private readonly index = new Map<string, number>();

  constructor(
    readonly def: TableDef,
    defaults: Readonly<Record<string, Cell>> = {},
  ) {
    def.columns.forEach((c, i) => this.index.set(c.name, i));
    this.blankRow = def.columns.map(() => null);
    for (const [name, v] of Object.entries(defaults)) this.blankRow[this.col(name)] = v;
  }

  /** Index of a column; throws if the official definition has no such column. */
  col(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`table ${this.def.name} has no column ${name}`);
    return i;
  }

  /** Indexes of several columns, as an object keyed by column name. */
  cols<K extends string>(names: readonly K[]): Readonly<Record<K, number>> {
    const out = {} as Record<K, number>;
    for (const n of names) out[n] = this.col(n);
    return out;
  }

  private keys: KeyColumns | undefined;

  /** Positions of the nine DCIR keys (for setKeys), resolved on first use; throws if the table lacks one. */
  get keyColumns(): KeyColumns {
    return (this.keys ??= keyColumns((name) => this.col(name)));
  }

  /** A new row holding the defaults (null elsewhere). */
  blank(): Row {
    return this.blankRow.slice();
  }

  /** A row from a column → value object (for low-volume tables). */
  from(values: Readonly<Record<string, Cell>>): Row {
    const r = this.blank();
    for (const [name, v] of Object.entries(values)) r[this.col(name)] = v;
    return r;
  }
}

/** A table's row template with the indexes of the columns a mapper writes. */
export interface ResolvedTemplate {
  readonly tpl: RowTemplate;
  readonly P: Readonly<Record<string, number>>;
}

/**
 * The template of an official table and the indexes of `columns`, built on first use and shared by every run (the
 * definitions are generated code: they do not change within a process).
 */
export function lazyTemplate(table: string, columns: readonly string[]): () => ResolvedTemplate {
  let resolved: ResolvedTemplate | undefined;
  return () => {
    if (!resolved) {
      const tpl = new RowTemplate(tableDef(table));
      resolved = { tpl, P: tpl.cols(columns) };
    }
    return resolved;
  };
}

/** A DCIR detail table's template: the indexes of the nine keys (K, for setKeys) and of `columns`. */
export interface DetailTemplate extends ResolvedTemplate {
  readonly K: KeyColumns;
}

/** lazyTemplate of a DCIR detail table (ER_PHA_F, ER_CAM_F …): its nine keys, then `columns`. */
export function lazyDetailTemplate(table: string, columns: readonly string[]): () => DetailTemplate {
  const base = lazyTemplate(table, [...DCIR_KEYS, ...columns]);
  let resolved: DetailTemplate | undefined;
  return () => {
    if (!resolved) {
      const { tpl, P } = base();
      resolved = { tpl, P, K: tpl.keyColumns };
    }
    return resolved;
  };
}
