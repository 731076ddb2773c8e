import { tableDef } from '../../snds';
import type { Establishment } from '../../world';
import type { OutputTable } from '../sinks/Sink';
import { dcirKeyIndex, setKeys, type DcirKeys } from './claims';
import type { PersonRows } from './PersonRows';
import { RowTemplate } from './RowTemplate';

/** IR_TYE_V: 1 public proprement dit, 2 PSPH (private non-profit in the public service), 4 private for-profit. */
const TYPE_OF_STATUS: Readonly<Record<Establishment['status'], number>> = { public: 1, 'private non-profit': 2, 'private for-profit': 4 };
/** FINESS category of a CHR/CHU (IR_CET_V 101) and the IR_SJE_V statuses read for public hospitals. */
const CATEGORY_CHR = '101';
const STATUS_REGIONAL = 15;
const STATUS_COMMUNAL = 13;

/** IR_MDT_V modes of treatment written. */
export const MDT = { fullStay: 3, dayStay: 4, externalCare: 7 } as const;

let template: RowTemplate | undefined;

/** ER_ETE_F as the mappers that write it declare it (indexed on the nine keys, like the other detail tables). */
export const ESTABLISHMENT_TABLE: OutputTable = { name: 'ER_ETE_F', def: tableDef('ER_ETE_F'), indexes: [dcirKeyIndex(false)] };

/** PRS_PPU_SEC of a prestation executed in the establishment: 1 public sector (public and non-profit, IR_TYE_V), 2 private. */
export function sectorOf(e: Establishment): 1 | 2 {
  return e.status === 'private for-profit' ? 2 : 1;
}

/**
 * Writes the ER_ETE_F row of a prestation executed in an establishment, on the prestation's nine keys:
 * FINESS without its key (ETB_EXE_FIN, 8 characters, as BE_IDE_R.IDE_ETA_NU8), category, legal status of a
 * public hospital, type and sector from its status, the mode of treatment and ETE_IND_TAA (1: outpatient care
 * of a public hospital billed directly, also in the PMSI; 0 otherwise); for a stay billed by a clinic, its GHS
 * (ETE_GHS_NUM) and the mode of fixing its tariffs (MFT_COD).
 */
export function writeEstablishmentRow(rows: PersonRows, keys: DcirKeys, e: Establishment, indTaa: 0 | 1, mdt: number | null, stay?: { readonly ghs: number; readonly mft: number }): void {
  const t = (template ??= new RowTemplate(tableDef('ER_ETE_F')));
  const r = t.from({
    ETB_EXE_FIN: e.finess.slice(0, 8),
    ETE_CAT_COD: Number(e.category),
    ETE_STJ_COD: e.status === 'public' ? (e.category === CATEGORY_CHR ? STATUS_REGIONAL : STATUS_COMMUNAL) : null,
    ETE_TYP_COD: TYPE_OF_STATUS[e.status],
    MDT_COD: mdt,
    ETE_IND_TAA: indTaa,
    PRS_PPU_SEC: sectorOf(e),
    ORG_CLE_NEW: rows.fund.org,
    ...(stay ? { ETE_GHS_NUM: stay.ghs, MFT_COD: stay.mft } : {}),
  });
  setKeys(r, t.keyColumns, keys);
  rows.push('ER_ETE_F', r);
}
