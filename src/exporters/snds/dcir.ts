import { ageInYears, isoDate, memoByDay, yearOfDay, ymdFromDay, type Day } from '../../events';
import type { World } from '../../world';
import { tableDef } from '../../snds';
import type { OutputTable } from '../sinks/Sink';
import { DCIR_KEYS, dcirKeyIndex, setKeys, type ClaimNumbering, type DcirKeys, type KeyColumns } from './claims';
import type { PersonRows } from './PersonRows';
import type { Couple } from './identity';
import { RowTemplate } from './RowTemplate';

/** YYYYMM text of a day (yearmonth columns), formatted once per day. */
export const yyyymm = memoByDay((d: Day): string => {
  const { year, month } = ymdFromDay(d);
  return `${year}${month < 10 ? '0' : ''}${month}`;
});

/** BEN_AMA_COD: age in years from 2 years on, 1000 + age in months before (IR_AMA_V). */
export function ageCode(birth: Day, day: Day): number {
  const years = ageInYears(birth, day);
  if (years >= 2) return years;
  const b = ymdFromDay(birth);
  const d = ymdFromDay(day);
  let months = (d.year - b.year) * 12 + (d.month - b.month);
  if (d.day < b.day) months -= 1;
  return 1000 + Math.max(0, months);
}

/** Rounds euros to the cent. */
export function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Who performed a prestation. */
export interface Executant {
  /** PFS_EXE_NUM (null for an establishment, named in ER_ETE_F). */
  readonly pfsNum: string | null;
  /** PSE_SPE_COD (IR_SPE_V): 1 general practice, 50 pharmacist… */
  readonly specialty: number;
  /** PSE_ACT_NAT (IR_ACT_V). */
  readonly activity: number;
}

/** One prestation (an ER_PRS_F line). */
export interface PrestationInput {
  readonly day: Day;
  /** Last day of care (defaults to `day`). */
  readonly endDay?: Day;
  /** IR_NAT_V prestation code. */
  readonly prsNat: number;
  readonly quantity: number;
  /** Coefficient of the NGAP letter key (PRS_ACT_CFT; 1 when absent). */
  readonly coefficient?: number;
  /** Amount paid (PRS_PAI_MNT, €), including any overrun. */
  readonly paid: number;
  /** Base of reimbursement (BSE_REM_BSE, €) and unit price (BSE_REM_PRU). */
  readonly base: number;
  readonly unitPrice: number;
  /** Reimbursement rate applied (fraction) and the theoretical rate of the act. */
  readonly rate: number;
  readonly theoreticalRate: number;
  /** Amount reimbursed by the mandatory scheme (BSE_REM_MNT, €). */
  readonly reimbursed: number;
  readonly executant: Executant;
  /** Prescriber (PFS_PRE_NUM, PSP_SPE_COD) and prescription day, when prescribed. */
  readonly prescriber?: { readonly pfsNum: string; readonly specialty: number };
  readonly prescribed?: Day;
  /** EXO_MTF (IR_EXO_V): 0 none, the ALD code when related to an ALD. */
  readonly exoneration: number;
  /** Whether the participation forfaitaire was deducted. */
  readonly participationForfaitaire: boolean;
  /** PRS_PPU_SEC: 1 public, 2 private. */
  readonly sector: 1 | 2;
  /** PSE_STJ_COD (IR_SJP_V): 51 liberal practice. */
  readonly legalStatus: number;
  /** Processing day (FLX_TRT_DTD) when chosen by the caller; else drawn from the person's `flux` stream. */
  readonly processingDay?: Day;
  /** The beneficiary couple the line is written under, when the caller knows it (else the one in force on `day`). */
  readonly couple?: Couple;
}

/** Liberal practice (IR_SJP_V 51), conventioned sector 1 (IR_CNV_V 1). */
export const LIBERAL_STATUS = 51;
export const CONVENTION_SECTOR_1 = 1;

/**
 * Writes ER_PRS_F prestation lines: the nine keys (from the person's claim numbering), the
 * beneficiary, dates, nature, amounts, executant and prescriber. Detail tables (ER_PHA_F, ER_CAM_F)
 * copy the returned keys.
 */
export class DcirPrestations {
  readonly table: OutputTable;
  private readonly tpl: RowTemplate;
  private readonly P: Readonly<Record<string, number>>;
  private readonly K: KeyColumns;

  constructor(readonly world: World) {
    this.tpl = new RowTemplate(tableDef('ER_PRS_F'), {
      // Never NULL in the SNDS: analysts filter on them (DPN_QLF <> 71, CPL_MAJ_TOP < 2 …).
      DPN_QLF: 0,
      PRS_DPN_QLP: 0,
      CPL_MAJ_TOP: 0,
      CPL_AFF_COD: 0,
      BEN_CDI_NIR: '00',
      BEN_RNG_GEM: 1,
      BEN_CMU_TOP: 0,
      RGM_GRG_COD: 1,
      BSE_REM_SGN: 1,
      PRS_ACT_CFT: 1,
      PRS_ACT_COG: 1,
      PRS_DEP_MNT: 0,
      PRS_REJ_TOP: 0,
      CPL_PRS_NAT: 0,
      PSE_CNV_COD: CONVENTION_SECTOR_1,
    });
    this.P = this.tpl.cols([
      ...DCIR_KEYS,
      'BEN_NIR_PSA', 'BEN_RNG_GEM', 'BEN_AMA_COD', 'BEN_NAI_ANN', 'BEN_SEX_COD', 'BEN_RES_DPT', 'BEN_RES_COM', 'ORG_AFF_BEN', 'ORG_CLE_NEW',
      'EXE_SOI_DTD', 'EXE_SOI_DTF', 'EXE_SOI_AMD', 'EXE_SOI_AMF', 'PRE_PRE_DTD', 'PRE_PRE_AMD', 'PRS_NAT_REF', 'BSE_PRS_NAT',
      'PRS_ACT_QTE', 'PRS_ACT_NBR', 'PRS_ACT_CFT', 'PRS_PAI_MNT', 'PRS_DEP_MNT', 'BSE_REM_BSE', 'BSE_REM_PRU', 'BSE_REM_MNT', 'RGO_REM_TAU',
      'RGO_THE_TAU', 'EXO_MTF', 'PRS_PPF_COD', 'PFS_EXE_NUM', 'PSE_SPE_COD', 'PSE_ACT_NAT', 'PSE_STJ_COD', 'PFS_PRE_NUM',
      'PSP_SPE_COD', 'PRS_MTT_NUM', 'PRS_PPU_SEC',
    ]);
    this.K = this.tpl.keyColumns;
    this.table = {
      name: 'ER_PRS_F',
      def: this.tpl.def,
      indexes: [
        dcirKeyIndex(true),
        { columns: ['BEN_NIR_PSA'], unique: false },
      ],
    };
  }

  /**
   * Writes one ER_PRS_F line for the person and returns its keys; `claims` numbers it (the person's liberal-care
   * numbering by default).
   */
  write(rows: PersonRows, p: PrestationInput, claims: ClaimNumbering = rows.claims): DcirKeys {
    const person = rows.person;
    const trt = p.processingDay ?? claims.processingDay(p.day);
    if (rows.maxTrt === undefined || trt > rows.maxTrt) rows.maxTrt = trt;
    const k = claims.keys(trt);
    const P = this.P;
    const r = this.tpl.blank();
    setKeys(r, this.K, k);
    const end = p.endDay ?? p.day;
    const couple = p.couple ?? rows.coupleOn(p.day);
    r[P.BEN_NIR_PSA as number] = couple.psa;
    r[P.BEN_RNG_GEM as number] = couple.rng;
    r[P.BEN_AMA_COD as number] = ageCode(person.birth, p.day);
    r[P.BEN_NAI_ANN as number] = String(yearOfDay(person.birth));
    r[P.BEN_SEX_COD as number] = person.sex;
    r[P.BEN_RES_DPT as number] = person.home.sndsDpt;
    r[P.BEN_RES_COM as number] = person.home.sndsCom;
    r[P.ORG_AFF_BEN as number] = rows.fund.org;
    r[P.ORG_CLE_NEW as number] = rows.fund.org;
    r[P.EXE_SOI_DTD as number] = isoDate(p.day);
    r[P.EXE_SOI_DTF as number] = isoDate(end);
    r[P.EXE_SOI_AMD as number] = yyyymm(p.day);
    r[P.EXE_SOI_AMF as number] = yyyymm(end);
    if (p.prescribed !== undefined) {
      r[P.PRE_PRE_DTD as number] = isoDate(p.prescribed);
      r[P.PRE_PRE_AMD as number] = yyyymm(p.prescribed);
    }
    r[P.PRS_NAT_REF as number] = p.prsNat;
    r[P.BSE_PRS_NAT as number] = p.prsNat;
    r[P.PRS_ACT_QTE as number] = p.quantity;
    r[P.PRS_ACT_NBR as number] = p.quantity;
    if (p.coefficient !== undefined) r[P.PRS_ACT_CFT as number] = p.coefficient;
    r[P.PRS_PAI_MNT as number] = cents(p.paid);
    r[P.PRS_DEP_MNT as number] = cents(Math.max(0, p.paid - p.base));
    r[P.BSE_REM_BSE as number] = cents(p.base);
    r[P.BSE_REM_PRU as number] = cents(p.unitPrice);
    r[P.BSE_REM_MNT as number] = cents(p.reimbursed);
    r[P.RGO_REM_TAU as number] = Math.round(p.rate * 100);
    r[P.RGO_THE_TAU as number] = Math.round(p.theoreticalRate * 100);
    r[P.EXO_MTF as number] = p.exoneration;
    r[P.PRS_PPF_COD as number] = p.participationForfaitaire ? '1' : '0';
    // '' for an executant known only by its establishment (hospital practitioners are not in DA_PRA_R).
    r[P.PFS_EXE_NUM as number] = p.executant.pfsNum === '' ? null : p.executant.pfsNum;
    r[P.PSE_SPE_COD as number] = p.executant.specialty;
    r[P.PSE_ACT_NAT as number] = p.executant.activity;
    r[P.PSE_STJ_COD as number] = p.legalStatus;
    if (p.prescriber) {
      r[P.PFS_PRE_NUM as number] = p.prescriber.pfsNum;
      r[P.PSP_SPE_COD as number] = p.prescriber.specialty;
    }
    r[P.PRS_MTT_NUM as number] = person.gp.pfsNum;
    r[P.PRS_PPU_SEC as number] = p.sector;
    rows.push('ER_PRS_F', r);
    return k;
  }
}
