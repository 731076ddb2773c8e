import type { StreamFactory } from '../random';
import type { Publication, SeriesKey } from './cells';
import type { CalibrationSource } from './source';

/** Everything a table builder needs: the source database, the small-cell threshold and the noise. */
export interface CalibrationContext {
  readonly source: CalibrationSource;
  /** Fewest persons a published cell may rest on. */
  readonly minCell: number;
  /** Privacy budget of each table's counts, or undefined for no noise. */
  readonly epsilon: number | undefined;
  readonly streams: StreamFactory;
  /** Length of the period in years (for the per-person bounds of the counts). */
  readonly years: number;
}

/** A CSV cell. */
export type CsvCell = string | number;

/** A file of the output folder: a data table in the format of data/ (gzip when the name ends in .gz). */
export interface CalibratedFile {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly CsvCell[])[];
}

/** One published cell as described in calibration.json. */
export interface CellDescription {
  readonly series: SeriesKey;
  readonly ageMin: number;
  readonly ageMax: number;
  /** The fine age bands grouped into the cell (more than one when small cells were merged). */
  readonly bands: readonly string[];
  /** Distinct persons behind the denominator. */
  readonly persons: number;
  /** Distinct persons with an event in the numerator. */
  readonly personsWithEvent: number;
  /** Person-years (tables of rates per person-year). */
  readonly personYears?: number;
  /** Published counts (numerators), after noise when --epsilon was given. */
  readonly counts: Readonly<Record<string, number>>;
  /** Published values of the table row(s). */
  readonly values: Readonly<Record<string, number>>;
}

/** What calibration.json says about one table. */
export interface TableDescription {
  readonly file: string;
  /** False when a series needed by the simulator could not be published: data/'s table is then used. */
  readonly written: boolean;
  readonly reason?: string;
  readonly description: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly strata: readonly string[];
  /** The fine age bands before grouping. */
  readonly ageBands: readonly string[];
  readonly noise?: Publication['noise'];
  readonly cells: readonly CellDescription[];
  readonly suppressed: readonly { readonly series: SeriesKey; readonly reason: string }[];
  /** Other files written with this table so that the simulator reads it as intended. */
  readonly companions?: readonly { readonly file: string; readonly content: string }[];
  readonly notes: readonly string[];
}

/** What a table builder gives: its files (none when not written) and its description. */
export interface TableOutcome {
  readonly files: readonly CalibratedFile[];
  readonly description: TableDescription;
}
