import type { CareRecord } from '../../../agents';
import type { World } from '../../../world';
import type { OutputTable } from '../../sinks/Sink';
import type { DcirPrestations } from '../dcir';
import type { PersonRows, TableRows } from '../PersonRows';

/** Shared writers a mapper may use. */
export interface MapperContext {
  readonly world: World;
  /** ER_PRS_F writer (keys, amounts, beneficiary columns). */
  readonly prestations: DcirPrestations;
}

/**
 * Maps some kinds of care records to rows of some tables. Mappers are small and independent; the
 * SndsMapper runs every registered one on every record.
 */
export interface RecordMapper {
  readonly name: string;
  /** Tables this mapper writes (created before any row). */
  tables(ctx: MapperContext): readonly OutputTable[];
  /** Reference rows written once per run (practitioners, establishments, nomenclatures…). */
  reference?(ctx: MapperContext): TableRows;
  /** Writes the rows of one record (ignoring the kinds it does not handle). */
  map(record: CareRecord, rows: PersonRows, ctx: MapperContext): void;
}
