import { isoDate, ymdFromDay } from '../../../events';
import { tableDef } from '../../../snds';
import { yyyymm } from '../dcir';
import { RowTemplate } from '../RowTemplate';
import type { RecordMapper } from './RecordMapper';

/** DCD_LIE_COD (DS_LIE_V) by simulated place: 2 public health establishment, 1 home, 4 nursing home. */
export const DEATH_PLACE_CODE = { hospital: 2, home: 1, other: 4 } as const;
/** CER_VER_NUM (DS_VER_V) 2: certificate model of 2017 (runs are from 2018 on by default). */
export const CERTIFICATE_VERSION_2017 = 2;
/** TRT_STA_COD (DS_STA_V) 1 final; TYP_VOL_COD (DS_VOL_V) 1 initial volet. */
export const STATUS_FINAL = 1;
export const VOLET_INITIAL = 1;
/** TYP_CER_COD (DS_CER_V): 1 adult, 2 neonatal certificate (deaths in the first 27 days of life). */
export const CERT_ADULT = 1;
export const CERT_NEONATAL = 2;
const NEONATAL_DAYS = 28;
/** CER_LIG_NUM of the underlying cause (part I) and of the other conditions (part II, line 5). */
export const LINE_UNDERLYING = 1;
export const LINE_OTHER = 5;
/** Lengths of the ICD-10 and label columns of KI_ECD_R / KI_CCI_R. */
const CIM_LEN = 4;
const LABEL_LEN = 100;

let templates: { cci: RowTemplate; ecd: RowTemplate } | undefined;
const tpl = (): { cci: RowTemplate; ecd: RowTemplate } =>
  (templates ??= { cci: new RowTemplate(tableDef('KI_CCI_R')), ecd: new RowTemplate(tableDef('KI_ECD_R')) });

/**
 * Deaths → CépiDc rows: KI_CCI_R (one per death: underlying cause, date, place, person) and KI_ECD_R (one per cause
 * mentioned: the underlying cause then the other conditions), linked to IR_BEN_R by BEN_IDT_ANO.
 */
export const deathMapper: RecordMapper = {
  name: 'death',
  tables: () => [
    { name: 'KI_CCI_R', def: tpl().cci.def, indexes: [{ columns: ['BEN_IDT_ANO'], unique: true }] },
    { name: 'KI_ECD_R', def: tpl().ecd.def, indexes: [{ columns: ['BEN_IDT_ANO'], unique: false }] },
  ],
  map(record, rows, ctx) {
    if (record.kind !== 'death') return;
    const person = rows.person;
    const birth = ymdFromDay(person.birth);
    const year = String(ymdFromDay(record.day).year);
    const idt = `DCD${rows.nir}`;
    const common = {
      DCD_IDT_ENC: idt,
      DCD_IDT_TOP: 1,
      BEN_IDT_ANO: rows.identity.idtAno,
      BEN_IDT_TOP: rows.identity.nirAno === undefined ? 0 : 1,
      BEN_NIR_ANO: rows.identity.nirAno ?? null,
      FLX_PER_ANN: year,
      BEN_DCD_DTE: isoDate(record.day),
      BEN_DCD_AME: yyyymm(record.day),
    };
    const underlying = record.underlyingCause.slice(0, CIM_LEN);
    rows.push(
      'KI_CCI_R',
      tpl().cci.from({
        ...common,
        CER_VER_NUM: CERTIFICATE_VERSION_2017,
        TRT_STA_COD: STATUS_FINAL,
        TYP_CER_COD: record.day - person.birth < NEONATAL_DAYS ? CERT_NEONATAL : CERT_ADULT,
        TYP_VOL_COD: VOLET_INITIAL,
        // Place of death: the home commune (the establishment's commune is not carried by the record).
        DCD_DPT_COD: person.home.sndsDpt,
        DCD_COM_COD: person.home.sndsCom,
        BEN_RES_DPT: person.home.sndsDpt,
        BEN_RES_COM: person.home.sndsCom,
        DCD_LIE_COD: DEATH_PLACE_CODE[record.place],
        BEN_NAI_ANN: String(birth.year),
        BEN_NAI_MOI: String(birth.month).padStart(2, '0'),
        BEN_SEX_COD: person.sex,
        DCD_CIM_COD: underlying,
      }),
    );
    const causes: [number, string][] = [[LINE_UNDERLYING, underlying], ...record.otherCauses.map((c): [number, string] => [LINE_OTHER, c.slice(0, CIM_LEN)])];
    // A death-cause label takes precedence over the ALD table's for the same code.
    const labelOf = (c: string): string => ctx.world.deaths.label(c) ?? ctx.world.ald.label(c);
    causes.forEach(([line, cim], i) => {
      const label = labelOf(cim) || labelOf(cim.slice(0, 3));
      rows.push(
        'KI_ECD_R',
        tpl().ecd.from({
          ...common,
          CER_LIG_NUM: line,
          ECD_CAU_RNG: i + 1,
          ECD_CAU_LIB: label === '' ? null : label.slice(0, LABEL_LEN),
          ECD_CIM_COD: cim,
        }),
      );
    });
  },
};
