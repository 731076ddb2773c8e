import { tableDef } from '../../../snds';
import type { Cell, OutputTable } from '../../sinks/Sink';
import { dcirKeyIndex, setKeys } from '../claims';
import { LIBERAL_STATUS } from '../dcir';
import type { TableRows } from '../PersonRows';
import { lazyDetailTemplate } from '../RowTemplate';
import { practitionerRows } from '../practitioners';
import { exonerationCode } from './consultation';
import type { RecordMapper } from './RecordMapper';
import { writeRetrocession } from './retrocession';

/** ER_PHA_F row builder (official column order, resolved once). */
const phaTemplate = lazyDetailTemplate('ER_PHA_F', ['ORG_CLE_NEW', 'PHA_ACT_PRU', 'PHA_ACT_QSN', 'PHA_PRS_C13', 'PHA_PRS_IDE', 'PHA_ORD_NUM']);

/**
 * Dispensings → one ER_PRS_F line (nature PH1/PH4/PH7/PH2 of the drug's rate, executant = the
 * pharmacy, prescriber = the physician, base = (price + dispensing fee) × boxes, reimbursed at the
 * drug's rate or 100 % when related to an ALD) and one ER_PHA_F line on the same nine keys (CIP13,
 * CIP7, boxes, price of the box). Reference rows: IR_PHA_R (data/ir_pha_r.csv.gz) and the pharmacies
 * in DA_PRA_R.
 */
export const dispensingMapper: RecordMapper = {
  name: 'dispensing',
  tables: (): readonly OutputTable[] => {
    const { tpl } = phaTemplate();
    return [
      { name: 'ER_PHA_F', def: tpl.def, indexes: [dcirKeyIndex(false)] },
      { name: 'IR_PHA_R', def: tableDef('IR_PHA_R'), indexes: [{ columns: ['PHA_CIP_C13'], unique: true }] },
    ];
  },
  reference(ctx): TableRows {
    const w = ctx.world;
    const out: TableRows = new Map();
    // IR_PHA_R: the referential's cells as text, typed by the official definition.
    const def = tableDef('IR_PHA_R');
    const text = def.columns.map((c) => c.sqlType === 'TEXT');
    // Typed in place: a row per pharmacy, not two.
    const pha: Cell[][] = w.data.cells(
      'ir_pha_r.csv.gz',
      def.columns.map((c) => c.name),
    );
    for (const row of pha) {
      for (let i = 0; i < row.length; i++) {
        const v = row[i] as string;
        if (v === '') row[i] = null;
        else if (text[i] !== true) {
          const x = Number(v);
          if (Number.isFinite(x)) row[i] = x;
        }
      }
    }
    out.set('IR_PHA_R', pha);
    const spe = String(w.pharmacies.activityCode);
    out.set('DA_PRA_R', practitionerRows(w, w.pharmacies.all.map((p) => ({ pfsNum: p.pfsNum, specialty: spe, commune: p.commune }))));
    return out;
  },
  map(record, rows, ctx) {
    if (record.kind !== 'dispensing') return;
    if (writeRetrocession(record, rows, ctx)) return;
    const { drug, boxes } = record;
    const ald = record.ald > 0;
    const rate = ald ? ctx.world.economics.aldRate : drug.rate;
    const unit = drug.price + drug.fee;
    const base = unit * boxes;
    const activity = ctx.world.pharmacies.activityCode;
    const keys = ctx.prestations.write(rows, {
      day: record.day,
      prsNat: drug.prsNat,
      quantity: boxes,
      paid: base,
      base,
      unitPrice: unit,
      rate,
      theoreticalRate: drug.rate,
      reimbursed: base * rate,
      executant: { pfsNum: record.pharmacy.pfsNum, specialty: activity, activity },
      prescriber: { pfsNum: record.prescriber.pfsNum, specialty: record.prescriber.specialty },
      prescribed: record.prescribed,
      exoneration: exonerationCode(rows.person, record.day, record.ald),
      participationForfaitaire: false,
      sector: 2,
      legalStatus: LIBERAL_STATUS,
    });
    const { tpl, P, K } = phaTemplate();
    const r = tpl.blank();
    setKeys(r, K, keys);
    r[P.ORG_CLE_NEW as number] = rows.fund.org;
    r[P.PHA_ACT_PRU as number] = drug.price;
    r[P.PHA_ACT_QSN as number] = boxes;
    r[P.PHA_PRS_C13 as number] = Number(drug.cip13);
    r[P.PHA_PRS_IDE as number] = drug.cip7 === '' ? null : Number(drug.cip7);
    r[P.PHA_ORD_NUM as number] = 1;
    rows.push('ER_PHA_F', r);
  },
};
