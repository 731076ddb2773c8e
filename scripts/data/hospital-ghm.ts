/**
 * GHM list by CMD (version 9+ 6-character GHM codes) from the SNDS nomenclature MS_GM9_V.
 *
 * NOT registered in scripts/data/index.ts yet: it needs `data/raw/snds_nomenclatures/ORAVAL/MS_GM9_V.csv`
 * (byte copy of schema-snds `nomenclatures/ORAVAL/MS_GM9_V.csv`), which is not in the raw copies yet.
 * No open table linking a CIM-10 main diagnosis to a CMD or GHM exists in the nomenclatures we hold.
 */
import { type BuildContext, type Cell, type DataBuilder, readRawRows, writeTable } from './lib';

const MS_GM9_V = 'snds_nomenclatures/ORAVAL/MS_GM9_V.csv';

/** GHM type letter (position 3): C surgical, K non-operative technical act, M medical, Z undifferentiated, H/X/I/E others. */
export function buildGhm(ctx: BuildContext): void {
  const out: Cell[][] = [];
  for (const r of readRawRows(ctx, MS_GM9_V, { delimiter: ';' }).slice(1)) {
    const ghm = (r[0] ?? '').trim();
    const cmd = Number((r[1] ?? '').trim());
    if (!/^\d{2}[A-Z]\d{2}[A-Z0-9]$/.test(ghm) || !Number.isInteger(cmd)) continue; // e.g. the "0" placeholder rows
    out.push([ghm, cmd, ghm[2]!, (r[2] ?? '').trim()]);
  }
  out.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
  writeTable(ctx, 'ghm.csv', ['ghm', 'cmd', 'ghm_type', 'label'], out);
}

export const ghmBuilder: DataBuilder = {
  name: 'hospital-ghm',
  outputs: ['ghm.csv'],
  build: buildGhm,
};
