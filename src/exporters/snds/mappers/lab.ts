import { BIOLOGY_PRS_NAT, LABORATORY_SPECIALTY } from '../../../world';
import type { OutputTable } from '../../sinks/Sink';
import { dcirKeyIndex, setKeys } from '../claims';
import { practitionerRows } from '../practitioners';
import type { TableRows } from '../PersonRows';
import { lazyDetailTemplate } from '../RowTemplate';
import { writeLiberalCare } from './consultation';
import type { RecordMapper } from './RecordMapper';

const bioTemplate = lazyDetailTemplate('ER_BIO_F', ['ORG_CLE_NEW', 'BIO_PRS_IDE', 'BIO_ACT_QSN', 'BIO_ORD_NUM']);

/**
 * Lab tests → one ER_PRS_F line (nature 3211 "actes de biologie", executed by the laboratory — specialty 38 —,
 * prescribed by the GP) and one ER_BIO_F line on the same nine keys (NABM code, quantity). Amount: the test's
 * B coefficient × the value of B, paid = base, reimbursed at the biology rate (60 %) minus the participation
 * forfaitaire from 18 years, or at 100 % when related to an ALD. Laboratories are added to DA_PRA_R.
 */
export const labMapper: RecordMapper = {
  name: 'lab',
  tables: (): readonly OutputTable[] => {
    const { tpl } = bioTemplate();
    return [{ name: 'ER_BIO_F', def: tpl.def, indexes: [dcirKeyIndex(false)] }];
  },
  reference(ctx): TableRows {
    const labs = ctx.world.labs.all.map((l) => ({ pfsNum: l.pfsNum, specialty: String(LABORATORY_SPECIALTY), commune: l.commune }));
    return new Map([['DA_PRA_R', practitionerRows(ctx.world, labs)]]);
  },
  map(record, rows, ctx) {
    if (record.kind !== 'lab') return;
    const w = ctx.world;
    const keys = writeLiberalCare(rows, ctx, {
      day: record.day,
      physician: { pfsNum: record.laboratory.pfsNum, specialty: LABORATORY_SPECIALTY },
      prsNat: BIOLOGY_PRS_NAT,
      tariff: Math.round(record.test.coefficient * w.labs.letterB * 100) / 100,
      ald: record.ald,
      rate: w.labs.rate,
      prescriber: record.prescriber,
    });
    const { tpl, P, K } = bioTemplate();
    const r = tpl.blank();
    setKeys(r, K, keys);
    r[P.ORG_CLE_NEW as number] = rows.fund.org;
    r[P.BIO_PRS_IDE as number] = record.test.code;
    r[P.BIO_ACT_QSN as number] = 1;
    r[P.BIO_ORD_NUM as number] = 1;
    rows.push('ER_BIO_F', r);
  },
};
