import { forEachSegment, type Segment } from '../../report/exposure';
import { publish, type CellGrid, type Publication, type PublishedCell } from '../cells';
import type { CalibrationPerson } from '../source';
import type { CalibrationContext, CellDescription, TableDescription } from '../types';

/** Rounds to a number of decimals and returns a plain number. */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/**
 * Calls `fn` for each segment of constant age and calendar year of every person's time at risk in the period: from
 * the latest of the start, the birth and the entry into the referential (BEN_DTE_INS), to the earliest of the end
 * and the death.
 */
export function forEachExposure(ctx: CalibrationContext, fn: (p: CalibrationPerson, s: Segment) => void): void {
  const { start, end } = ctx.source;
  for (const p of ctx.source.persons.values()) {
    const from = p.entry === undefined ? start : Math.max(start, p.entry);
    forEachSegment(p, from, end, (s) => fn(p, s));
  }
}

/** Applies the small-cell rule and the noise of the context to a grid. */
export function publishGrid(ctx: CalibrationContext, grid: CellGrid, table: string): Publication {
  return publish(grid, { minCell: ctx.minCell, epsilon: ctx.epsilon, streams: ctx.streams, table });
}

/** The description of a published cell for calibration.json. */
export function describeCell(grid: CellGrid, c: PublishedCell, values: Record<string, number>, withPersonYears = true): CellDescription {
  const counts: Record<string, number> = {};
  grid.measures.forEach((m, i) => (counts[m.name] = c.counts[i] as number));
  return {
    series: c.series,
    ageMin: c.ageMin,
    ageMax: c.ageMax,
    bands: c.bands,
    persons: c.persons,
    personsWithEvent: c.eventPersons,
    ...(withPersonYears ? { personYears: round(c.personYears, 2) } : {}),
    counts,
    values,
  };
}

/** The parts of a table description shared by every outcome. */
export interface TableBasics {
  readonly file: string;
  readonly description: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly strata: readonly string[];
}

/** A table that cannot be computed from this database (a table or column is missing): data/'s table stays in use. */
export function notComputed(basics: TableBasics, reason: string): TableDescription {
  return { ...basics, written: false, reason, ageBands: [], cells: [], suppressed: [], notes: [] };
}

/** The suppressed series of a publication, for calibration.json. */
export function describeSuppressed(pub: Publication): TableDescription['suppressed'] {
  return pub.suppressed.map((s) => ({ series: s.series, reason: s.reason }));
}

/** Names of the columns of `wanted` that `table` lacks. */
export function missingColumns(ctx: CalibrationContext, table: string, wanted: readonly string[]): string[] {
  const have = ctx.source.columns(table);
  return wanted.filter((c) => !have.has(c));
}
