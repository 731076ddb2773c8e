import type { OutputTable } from '../../sinks/Sink';
import type { CcamAct } from '../../../world';
import { dcirKeyIndex, setKeys, type DcirKeys } from '../claims';
import type { PersonRows } from '../PersonRows';
import { lazyDetailTemplate } from '../RowTemplate';
import { writeLiberalCare } from './consultation';
import type { RecordMapper } from './RecordMapper';

/** ER_CAM_F row builder, shared by every run (the official column order, resolved once). */
const camTemplate = lazyDetailTemplate('ER_CAM_F', ['ORG_CLE_NEW', 'CAM_PRS_IDE', 'CAM_ACT_COD', 'CAM_TRT_PHA', 'CAM_ACT_PRU', 'CAM_REM_BSE', 'CAM_ORD_NUM']);

/** Pushes the ER_CAM_F line of a CCAM act on the nine keys of its ER_PRS_F line. */
export function writeCamLine(rows: PersonRows, keys: DcirKeys, act: Pick<CcamAct, 'code' | 'activity' | 'phase' | 'tariff'>): void {
  const { tpl, P, K } = camTemplate();
  const r = tpl.blank();
  setKeys(r, K, keys);
  r[P.ORG_CLE_NEW as number] = rows.fund.org;
  r[P.CAM_PRS_IDE as number] = act.code;
  r[P.CAM_ACT_COD as number] = String(act.activity);
  r[P.CAM_TRT_PHA as number] = act.phase;
  r[P.CAM_ACT_PRU as number] = act.tariff;
  r[P.CAM_REM_BSE as number] = act.tariff;
  r[P.CAM_ORD_NUM as number] = 1;
  rows.push('ER_CAM_F', r);
}

/**
 * CCAM acts → one ER_PRS_F line (nature of the act's regroupement in IR_NAT_V: ADI 1351, ATM 1352, ADE
 * 1324 …) and one ER_CAM_F line on the same nine keys (CCAM code, activity, phase, unit price). Amounts:
 * the sector-1 CCAM tariff as base and paid amount, reimbursed at the physician-care rate (70 %) minus the
 * participation forfaitaire from 18 years, or at 100 % when related to an ALD.
 */
export const actMapper: RecordMapper = {
  name: 'act',
  tables: (): readonly OutputTable[] => {
    const { tpl } = camTemplate();
    return [{ name: 'ER_CAM_F', def: tpl.def, indexes: [dcirKeyIndex(false)] }];
  },
  map(record, rows, ctx) {
    if (record.kind !== 'act') return;
    const act = record.act;
    const keys = writeLiberalCare(rows, ctx, { day: record.day, physician: record.physician, prsNat: act.prsNat, tariff: act.tariff, ald: record.ald });
    writeCamLine(rows, keys, act);
  },
};
