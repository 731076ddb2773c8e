import { ageInYears, isoDate, yearOfDay, ymdFromDay } from '../../../events';
import type { AceRecord } from '../../../agents';
import { pmsiTableName, tableDef } from '../../../snds';
import { BIOLOGY_PRS_NAT } from '../../../world';
import type { OutputTable, Row } from '../../sinks/Sink';
import { yyyymm } from '../dcir';
import type { PersonRows } from '../PersonRows';
import { RowTemplate } from '../RowTemplate';
import { ESTABLISHMENT_TABLE, MDT, writeEstablishmentRow } from '../establishmentRow';
import { exonerationCode } from './consultation';
import type { MapperContext, RecordMapper } from './RecordMapper';
import { recordNumber } from './pmsiTables';

/** SEQ_NUM = person id × this + the person's passage rank within the year (at most 9 999 a year). */
const SEQ_PER_PERSON = 10_000;
/** IR_SJP_V 61: practitioner salaried by an establishment with public tariffs. */
const SALARIED_PUBLIC = 61;

/** Return-code columns (`*_RET`) of a template at 0 (control passed). */
function retDefaults(template: string): Record<string, number | string> {
  return Object.fromEntries(
    tableDef(template)
      .columns.filter((c) => c.name.endsWith('_RET'))
      .map((c) => [c.name, c.sqlType === 'INTEGER' ? 0 : '0']),
  );
}

const COMMON = { NUM_FAC: '001', RSF_TYP: '2' } as const;
const CSTC = new RowTemplate(tableDef('T_MCOaaCSTC'), retDefaults('T_MCOaaCSTC'));
const FA = new RowTemplate(tableDef('T_MCOaaFASTC'), { ...retDefaults('T_MCOaaFASTC'), ...COMMON, SEJ_FAC_AM: '1', NOE_RGM: '01' });
const FC = new RowTemplate(tableDef('T_MCOaaFCSTC'), { ...retDefaults('T_MCOaaFCSTC'), ...COMMON, DEL_DAT_ENT: 0 });
const FM = new RowTemplate(tableDef('T_MCOaaFMSTC'), { ...retDefaults('T_MCOaaFMSTC'), ...COMMON, DEL_DAT_ENT: 0, ACV_ACT: '1' });
const FL = new RowTemplate(tableDef('T_MCOaaFLSTC'), { ...COMMON, DEL_DAT_ENT: 0, ACT_NBR: 1 });

/** Passage rank of each person within each year (keyed by the person's rows, so no global state). */
const ranks = new WeakMap<PersonRows, Map<number, number>>();

const ACE_KEY = ['ETA_NUM', 'SEQ_NUM'] as const;
const TEMPLATES = ['T_MCOaaCSTC', 'T_MCOaaFASTC', 'T_MCOaaFBSTC', 'T_MCOaaFCSTC', 'T_MCOaaFMSTC', 'T_MCOaaFLSTC'] as const;

/** One DCIR line billed directly by the establishment (FIDES) and its ER_ETE_F row. */
interface DirectLine {
  readonly prsNat: number;
  readonly specialty: number;
  readonly tariff: number;
  readonly quantity: number;
  readonly rate: number;
  readonly theoreticalRate: number;
}

/**
 * Hospital outpatient passages (ACE) → PMSI MCO rows in the tables of the year of the passage: T_MCOyyCSTC (the
 * patient: NIR_ANO_17 = IR_BEN_R.BEN_NIR_PSA, dates, return codes 0), T_MCOyyFASTC (the bill), T_MCOyyFCSTC (fees:
 * NGAP letter key of the consultation, ADI/ADE of the imaging act, B of the biology), T_MCOyyFMSTC (the CCAM act),
 * T_MCOyyFLSTC (NABM tests); T_MCOyyFBSTC (hospital prestations without stay: ATU, FTN, SE …) is declared with its
 * official columns and stays empty (none is simulated). With `texture: realistic`, the passages of a public hospital
 * billing directly in that year (FIDES) are also DCIR prestations: one ER_PRS_F line per fee, numbered on the
 * establishment fluxes, and its ER_ETE_F row (ETE_IND_TAA = 1) — the double count `ETE_IND_TAA <> 1` removes.
 */
export const aceMapper: RecordMapper = {
  name: 'ace',
  tables(ctx) {
    const out: OutputTable[] = [];
    const { start, end } = ctx.world.config;
    for (let y = yearOfDay(start); y <= yearOfDay(end); y++) {
      for (const t of TEMPLATES) {
        const unique = t === 'T_MCOaaCSTC' || t === 'T_MCOaaFASTC' || t === 'T_MCOaaFBSTC';
        // Passages are found by patient, as stays are (T_MCOyyC.NIR_ANO_17).
        const byPatient = t === 'T_MCOaaCSTC' ? [{ columns: ['NIR_ANO_17'], unique: false }] : [];
        const indexes: OutputTable['indexes'] = [{ columns: ACE_KEY, unique }, ...byPatient];
        out.push({ name: pmsiTableName(t, y), def: tableDef(t), indexes });
      }
    }
    out.push(ESTABLISHMENT_TABLE);
    return out;
  },
  map(record, rows, ctx) {
    if (record.kind !== 'ace') return;
    const person = rows.person;
    const year = yearOfDay(record.day);
    let perYear = ranks.get(rows);
    if (!perYear) ranks.set(rows, (perYear = new Map()));
    const rank = (perYear.get(year) ?? 0) + 1;
    if (rank >= SEQ_PER_PERSON) throw new Error(`person ${person.id} has more than ${SEQ_PER_PERSON - 1} outpatient passages in ${year}`);
    perYear.set(year, rank);
    const e = record.establishment;
    const eta = e.finess;
    const seq = recordNumber(person.id, rank, SEQ_PER_PERSON);
    const yy = (t: string): string => pmsiTableName(t, year);
    const day = isoDate(record.day);
    const month = String(ymdFromDay(record.day).month).padStart(2, '0');
    const month1 = `${year}-${month}-01`;
    const age = ageInYears(person.birth, record.day);
    const w = ctx.world;
    const eco = w.economics;
    const aldRate = record.ald > 0;
    const careRate = aldRate ? eco.aldRate : eco.consultationRate;
    const bioRate = aldRate ? eco.aldRate : w.labs.rate;
    const spe = String(record.specialty).padStart(2, '0');
    // The hospital records the couple of the rights presented that day (as for stays).
    const nir = rows.coupleOn(record.day).psa;
    const base = { ETA_NUM: eta, SEQ_NUM: seq, NIR_ANO_17: nir, ETA_NUM_GEO: eta, SOR_ANN: String(year), SOR_MOI: month };

    rows.push(
      yy('T_MCOaaCSTC'),
      CSTC.from({
        ETA_NUM: eta,
        SEQ_NUM: seq,
        NIR_ANO_17: nir,
        ENT_DAT: day,
        SOR_DAT: day,
        EXE_SOI_DTD: day,
        EXE_SOI_DTF: day,
        EXE_SOI_AMD: yyyymm(record.day),
        EXE_SOI_AMF: yyyymm(record.day),
        // Typed `date` in the official definition although named "année + mois": the first day of the month.
        ENT_AM: month1,
        SOR_AM: month1,
        RNG_BEN: '001',
        RNG_NAI: '1',
      }),
    );

    const fees: Row[] = [];
    const direct: DirectLine[] = [];
    const fee = (code: string, coefficient: number, quantity: number, unit: number, rate: number, exe: string | null): void => {
      const amount = Math.round(coefficient * unit * 100) / 100;
      fees.push(
        FC.from({ ...base, ACT_COD: code, ACT_COE: coefficient, ACT_NBR: quantity, ACT_DNB: quantity, EXE_SPE: exe, PRI_UNI: unit, REM_BAS: amount, HON_MNT: amount, REM_TAU: Math.round(rate * 100), AMO_MNR: Math.round(amount * rate * 100) / 100 }),
      );
    };
    if (record.passage === 'imaging' && record.act) {
      const act = record.act;
      fee(act.regroupement, 1, 1, record.tariff, careRate, spe);
      rows.push(yy('T_MCOaaFMSTC'), FM.from({ ...base, CCAM_COD: act.code, PHA_ACT: String(act.phase) }));
      direct.push({ prsNat: record.prsNat, specialty: record.specialty, tariff: record.tariff, quantity: 1, rate: careRate, theoreticalRate: eco.consultationRate });
    } else {
      fee(record.letters, 1, 1, record.tariff, careRate, spe);
      direct.push({ prsNat: record.prsNat, specialty: record.specialty, tariff: record.tariff, quantity: 1, rate: careRate, theoreticalRate: eco.consultationRate });
    }
    if (record.tests.length > 0) {
      const coefficient = record.tests.reduce((a, t) => a + t.coefficient, 0);
      fee('B', coefficient, record.tests.length, w.labs.letterB, bioRate, null);
      for (const t of record.tests) rows.push(yy('T_MCOaaFLSTC'), FL.from({ ETA_NUM: eta, SEQ_NUM: seq, ETA_NUM_GEO: eta, NABM_COD: String(t.code).padStart(4, '0'), ANN_MOI: yyyymm(record.day) }));
    }
    for (const f of fees) rows.push(yy('T_MCOaaFCSTC'), f);

    const fides = w.config.texture !== 'clean' && w.ace.billsDirectly(e, record.day);
    const honoraires = fees.reduce((a, f) => a + (f[FC.col('HON_MNT')] as number), 0);
    const reimbursable = fees.reduce((a, f) => a + (f[FC.col('AMO_MNR')] as number), 0);
    rows.push(
      yy('T_MCOaaFASTC'),
      FA.from({
        ...base,
        AGE_ANN: age,
        COD_SEX: String(person.sex),
        BDI_DEP: person.home.dept.slice(0, 2),
        BDI_COD: person.home.postcode,
        FIDES_TOP: w.ace.billsDirectly(e, record.day) ? '1' : '0',
        HON_MNT: Math.round(honoraires * 100) / 100,
        HON_AM_MNR: Math.round(reimbursable * 100) / 100,
      }),
    );
    if (!fides) return;
    if (record.tests.length > 0) {
      const tariff = Math.round(record.tests.reduce((a, t) => a + t.coefficient, 0) * w.labs.letterB * 100) / 100;
      direct.push({ prsNat: BIOLOGY_PRS_NAT, specialty: 0, tariff, quantity: record.tests.length, rate: bioRate, theoreticalRate: w.labs.rate });
    }
    for (const line of direct) writeDirect(rows, ctx, record, line);
  },
};

/** Writes one ER_PRS_F line billed directly by the establishment and its ER_ETE_F row. */
function writeDirect(rows: PersonRows, ctx: MapperContext, record: AceRecord, line: DirectLine): void {
  const eco = ctx.world.economics;
  const age = ageInYears(rows.person.birth, record.day);
  const pf = age >= eco.participationMinAge && line.prsNat !== BIOLOGY_PRS_NAT ? eco.participationForfaitaire : 0;
  const keys = ctx.prestations.write(
    rows,
    {
      day: record.day,
      prsNat: line.prsNat,
      quantity: line.quantity,
      paid: line.tariff,
      base: line.tariff,
      unitPrice: line.tariff / line.quantity,
      rate: line.rate,
      theoreticalRate: line.theoreticalRate,
      reimbursed: Math.max(0, line.tariff * line.rate - pf),
      executant: { pfsNum: '', specialty: line.specialty, activity: 1 },
      exoneration: exonerationCode(rows.person, record.day, record.ald),
      participationForfaitaire: pf > 0,
      sector: 1,
      legalStatus: SALARIED_PUBLIC,
    },
    rows.establishmentClaims,
  );
  // IR_MDT_V 7 consultations et soins externes; ETE_IND_TAA 1: billed directly, also in the PMSI.
  writeEstablishmentRow(rows, keys, record.establishment, 1, MDT.externalCare);
}
