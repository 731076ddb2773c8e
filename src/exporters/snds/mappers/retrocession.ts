import type { DispensingRecord } from '../../../agents';
import { RETROCESSION_SHARE, type Establishment } from '../../../world';
import { tableDef } from '../../../snds';
import type { OutputTable } from '../../sinks/Sink';
import { dcirKeyIndex, setKeys } from '../claims';
import { cents } from '../dcir';
import type { PersonRows } from '../PersonRows';
import { RowTemplate } from '../RowTemplate';
import { ESTABLISHMENT_TABLE, sectorOf, writeEstablishmentRow } from '../establishmentRow';
import { exonerationCode } from './consultation';
import type { MapperContext, RecordMapper } from './RecordMapper';

/** IR_NAT_V 3317 « PHARMACIE HOSPITALIERE A 100% » (PHH): retroceded drugs of an ALD. */
export const PRS_NAT_HOSPITAL_PHARMACY_100 = 3317;
/** UCD_TOP_UCD: 0 retrocession, 1 liste en sus (Documentation SNDS, fiche tables affinées). */
const TOP_RETROCESSION = 0;

let template: RowTemplate | undefined;
const tpl = (): RowTemplate =>
  (template ??= new RowTemplate(tableDef('ER_UCD_F'), { UCD_TOP_UCD: TOP_RETROCESSION, UCD_LGN_NUM: 1, UCD_ORD_NUM: 1, UCD_FRC_COE: 0, UCD_RCT_COU: 0, UCD_MAR_MNT: 0, UCD_ECT_MNT: 0, UCD_ECU_MNT: 0 }));

/** Hospital pharmacy (PUI) of each person's retrocessions, drawn once (keyed by the person's rows). */
const pharmacies = new WeakMap<PersonRows, Establishment>();

/**
 * Writes a dispensing as a retrocession when it is one (`texture: realistic`: an ALD treatment of a
 * retroceded class with a UCD code, at RETROCESSION_SHARE, from the person's 'retrocession' stream): one
 * ER_PRS_F line of nature PHH billed by the hospital pharmacy, its ER_UCD_F line (UCD code, units, price)
 * and its ER_ETE_F line (the establishment), all on the same nine keys. Returns whether it did (the
 * dispensing mapper then writes nothing). data/sources/58-identifiers-retrocession.md.
 */
export function writeRetrocession(record: DispensingRecord, rows: PersonRows, ctx: MapperContext): boolean {
  const w = ctx.world;
  const ucd = record.ald > 0 ? w.retrocession?.ucdOf(record.drug) : undefined;
  if (ucd === undefined) return false;
  const rng = w.streams.stream('retrocession', rows.person.id);
  if (!rng.chance(RETROCESSION_SHARE)) return false;
  let pui = pharmacies.get(rows);
  if (pui === undefined) pharmacies.set(rows, (pui = w.hospital.establishments.draw(rows.person.home.dept, 0, rng)));
  const units = record.boxes;
  const unitPrice = ucd.price ?? record.drug.price;
  const total = cents(unitPrice * units);
  const sector = sectorOf(pui);
  const keys = ctx.prestations.write(rows, {
    day: record.day,
    prsNat: PRS_NAT_HOSPITAL_PHARMACY_100,
    quantity: units,
    paid: total,
    base: total,
    unitPrice,
    rate: w.economics.aldRate,
    theoreticalRate: w.economics.aldRate,
    reimbursed: total * w.economics.aldRate,
    executant: { pfsNum: null, specialty: w.pharmacies.activityCode, activity: w.pharmacies.activityCode },
    prescriber: { pfsNum: record.prescriber.pfsNum, specialty: record.prescriber.specialty },
    prescribed: record.prescribed,
    exoneration: exonerationCode(rows.person, record.day, record.ald),
    participationForfaitaire: false,
    sector,
    legalStatus: 0,
  });
  const U = tpl();
  const r = U.from({ ORG_CLE_NEW: rows.fund.org, UCD_UCD_COD: ucd.code, UCD_DLV_NBR: units, UCD_FAC_PRU: unitPrice, UCD_CAL_PRU: unitPrice, UCD_TTF_MNT: total });
  setKeys(r, U.keyColumns, keys);
  rows.push('ER_UCD_F', r);
  // ETE_IND_TAA 0: not outpatient care of a public hospital billed directly (that is ACE, flagged 1).
  writeEstablishmentRow(rows, keys, pui, 0, null);
  return true;
}

/** Declares ER_UCD_F and ER_ETE_F (rows are written by the dispensing mapper through writeRetrocession). */
export const retrocessionMapper: RecordMapper = {
  name: 'retrocession',
  tables: (): readonly OutputTable[] => [
    { name: 'ER_UCD_F', def: tpl().def, indexes: [dcirKeyIndex(false)] },
    ESTABLISHMENT_TABLE,
  ],
  map() {},
};
