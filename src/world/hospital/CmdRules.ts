import { DataError } from '../../errors';
import { num, str, type DataRegistry } from '../../data';

/** CMD of the main diagnoses no rule covers (R, U, Z, Q86-Q99 …): 23 "other reasons". */
const OTHER_CMD = 23;

/**
 * The CMD (catégorie majeure de diagnostic) of ICD-10 main diagnoses, by the ranges of data/icd10_cmd.csv
 * (a modelling choice: the ATIH grouping tables are not open data): the first matching range wins, codes
 * compared on the length of the range's bounds.
 */
export class CmdRules {
  private readonly ranges: readonly (readonly [string, string, number])[];

  /** @param data the run's data tables */
  constructor(data: DataRegistry) {
    const t = data.get('icd10_cmd.csv');
    const rows = t.rows.map((r) => ({ order: num(t, r, 'order'), range: [str(t, r, 'from'), str(t, r, 'to'), num(t, r, 'cmd')] as const }));
    if (rows.length === 0) throw new DataError('data/icd10_cmd.csv is empty');
    this.ranges = rows.sort((a, b) => a.order - b.order).map((r) => r.range);
  }

  /** CMD of an ICD-10 main diagnosis (23 when no range matches). */
  cmd(cim: string): number {
    for (const [from, to, cmd] of this.ranges) {
      const c = cim.slice(0, from.length);
      if (c >= from && c <= to) return cmd;
    }
    return OTHER_CMD;
  }
}
