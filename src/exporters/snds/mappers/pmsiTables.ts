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
