import { yearOfDay } from '../../../events';
import { pmsiTableName, tableDef } from '../../../snds';
import type { OutputTable } from '../../sinks/Sink';
import type { MapperContext } from './RecordMapper';

/** Years of the simulated period (PMSI files are yearly, by year of discharge). */
export function simulatedYears(ctx: MapperContext): number[] {
  const out: number[] = [];
  for (let y = yearOfDay(ctx.world.config.start); y <= yearOfDay(ctx.world.config.end); y++) out.push(y);
  return out;
}

/** A yearly PMSI table (`T_MCOaaB` → `T_MCO19B`) with its indexes. */
export function pmsiTable(template: string, year: number, indexes: OutputTable['indexes']): OutputTable {
  return { name: pmsiTableName(template, year), def: tableDef(template), indexes };
}

/**
 * A PMSI record number (RSA_NUM, RHA_NUM, SEQ_NUM) made of the person's id and the record's rank within the year:
 * the decimal digits of id × perPerson + rank, computed exactly. Ids of persons born during the run reach 2^46 and
 * more (twins), where id × perPerson is no longer an exact double: two records of the same person could then get
 * the same number.
 */
export function recordNumber(id: number, rank: number, perPerson: number): string {
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`person id ${id} is not a whole number`);
  if (!Number.isInteger(rank) || rank < 0 || rank >= perPerson) throw new RangeError(`record rank ${rank} outside [0, ${perPerson})`);
  return (BigInt(id) * BigInt(perPerson) + BigInt(rank)).toString();
}
