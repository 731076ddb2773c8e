/** Small hand-made rows of real SNDS tables for the format tests (no simulation). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DISCLAIMER_TABLE, MANIFEST_TABLE, manifestRows } from '../../src/exporters/manifest';
import type { Cell, OutputTable, Row } from '../../src/exporters/sinks/Sink';
import { DCIR_KEYS, pmsiTableName, tableDef } from '../../src/snds';

/** A row of `table` from column → value (NULL elsewhere); throws on an unknown column. */
export function rowOf(table: OutputTable, values: Readonly<Record<string, Cell>>): Row {
  const names = table.def.columns.map((c) => c.name);
  for (const k of Object.keys(values)) if (!names.includes(k)) throw new Error(`${table.name} has no column ${k}`);
  return names.map((n) => (Object.prototype.hasOwnProperty.call(values, n) ? (values[n] as Cell) : null));
}

export const PRS: OutputTable = { name: 'ER_PRS_F', def: tableDef('ER_PRS_F'), indexes: [{ columns: [...DCIR_KEYS], unique: true }] };
export const PHA: OutputTable = { name: 'ER_PHA_F', def: tableDef('ER_PHA_F'), indexes: [{ columns: [...DCIR_KEYS], unique: false }] };
export const BEN: OutputTable = { name: 'IR_BEN_R', def: tableDef('IR_BEN_R'), indexes: [] };
export const MCO_C: OutputTable = { name: pmsiTableName('T_MCOaaC', 2019), def: tableDef('T_MCOaaC'), indexes: [] };
export const TABLES_USED: readonly OutputTable[] = [PRS, PHA, BEN, MCO_C, MANIFEST_TABLE, DISCLAIMER_TABLE];

/** The nine keys of claim `i` (unique per i). */
export function keys(i: number): Record<string, Cell> {
  return {
    FLX_DIS_DTD: i % 2 === 0 ? '2019-02-01' : '2019-03-01',
    FLX_TRT_DTD: i % 2 === 0 ? '2019-01-15' : '2019-02-14',
    FLX_EMT_TYP: 1,
    FLX_EMT_NUM: 35,
    FLX_EMT_ORD: 0,
    ORG_CLE_NUM: '01C351000',
    DCT_ORD_NUM: 100000000 + i,
    PRS_ORD_NUM: 1,
    REM_TYP_AFF: 1,
  };
}

/** `n` ER_PRS_F rows: GP consultations and pharmacy lines, some information-only (DPN_QLF 71). */
export function prsRows(n: number, from = 0): Row[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return rowOf(PRS, {
      ...keys(i),
      BEN_NIR_PSA: `P${String(i % 7).padStart(16, '0')}`,
      BEN_RNG_GEM: 1,
      EXE_SOI_DTD: i % 2 === 0 ? '2019-01-10' : '2019-02-11',
      EXE_SOI_DTF: i % 2 === 0 ? '2019-01-10' : '2019-02-11',
      PRS_NAT_REF: i % 3 === 0 ? 3317 : 1111,
      DPN_QLF: i % 5 === 0 ? 71 : 0,
      PRS_DPN_QLP: 0,
      CPL_MAJ_TOP: 0,
      CPL_AFF_COD: 0,
      PSE_STJ_COD: 1,
      BSE_REM_BSE: 25 + i / 100,
      BSE_REM_MNT: 16.5,
      PRS_PAI_MNT: 25.01,
      PFS_EXE_NUM: i % 4 === 0 ? null : '35100001',
    });
  });
}

/** ER_PHA_F lines of the pharmacy prestations among the first `n` claims. */
export function phaRows(n: number, from = 0): Row[] {
  const out: Row[] = [];
  for (let i = from; i < from + n; i++) {
    if (i % 3 !== 0) continue;
    out.push(rowOf(PHA, { ...keys(i), PHA_PRS_C13: 3400930000000 + i, PHA_ACT_QSN: i % 9 === 0 ? -1 : 2, PHA_ACT_PRU: 3.5 }));
  }
  return out;
}

export function benRows(): Row[] {
  return [
    rowOf(BEN, { BEN_NIR_PSA: 'P0000000000000000', BEN_RNG_GEM: 1, BEN_SEX_COD: 1, BEN_NAI_ANN: '1950', BEN_NAI_MOI: '03', BEN_DCD_DTE: '1600-01-01' }),
    rowOf(BEN, { BEN_NIR_PSA: 'P0000000000000001', BEN_RNG_GEM: 1, BEN_SEX_COD: 2, BEN_NAI_ANN: '1987', BEN_DCD_DTE: '2019-06-30' }),
  ];
}

export function mcoRows(): Row[] {
  return [
    rowOf(MCO_C, { ETA_NUM: '350000014', RSA_NUM: '0000000001', NIR_ANO_17: 'P0000000000000001', EXE_SOI_DTD: '2019-06-20', EXE_SOI_DTF: '2019-06-30', NIR_RET: 0, NAI_RET: 0, SEX_RET: 0 }),
  ];
}

export function manifest(): Row[] {
  return manifestRows({ generator: 'snds-sim', options: { start: '2019-01-01', end: '2019-12-31' }, seed: '1' });
}

/** A fresh temporary folder for one test file. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'snds-formats-'));
}
