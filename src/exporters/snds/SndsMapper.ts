import { ageInYears, isoDate, ymdFromDay, type Day } from '../../events';
import type { ConsultationRecord, PersonOutcome } from '../../agents';
import type { World } from '../../world';
import { tableDef } from '../schema';
import type { OutputTable, Row } from '../sinks/Sink';
import { ClaimNumbering, DCIR_KEYS } from './claims';
import { nirPseudonym } from './pseudonym';
import { RowTemplate } from './RowTemplate';

/** Rows produced for one or more persons, by output table name. */
export type TableRows = Map<string, Row[]>;

/** SNDS "no date" value. */
export const NO_DATE = '1600-01-01';

function yyyymm(d: Day): string {
  const { year, month } = ymdFromDay(d);
  return `${year}${month < 10 ? '0' : ''}${month}`;
}

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

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Liberal practice (IR_SJP_V 51), conventioned sector 1 (IR_CNV_V 1), private (IR_PPU_V 2). */
const LIBERAL = { PSE_STJ_COD: 51, PSE_CNV_COD: 1, PRS_PPU_SEC: 2 } as const;

/**
 * Maps care records to SNDS rows (DCIR ER_PRS_F, IR_BEN_R, DA_PRA_R). Pure given the world and the
 * person: keys, processing delays and amounts depend only on the person's own id and history.
 */
export class SndsMapper {
  readonly tables: readonly OutputTable[];
  private readonly ben: RowTemplate;
  private readonly prs: RowTemplate;
  private readonly pra: RowTemplate;
  private readonly P: Readonly<Record<string, number>>;

  constructor(private readonly world: World) {
    this.ben = new RowTemplate(tableDef('IR_BEN_R'), { BEN_RNG_GEM: 1, BEN_CDI_NIR: '00', BEN_IDT_TOP: 1 });
    this.prs = new RowTemplate(tableDef('ER_PRS_F'), {
      // Never NULL in the SNDS: analysts filter on them (DPN_QLF <> 71, CPL_MAJ_TOP < 2 …).
      DPN_QLF: 0,
      PRS_DPN_QLP: 0,
      CPL_MAJ_TOP: 0,
      CPL_AFF_COD: 0,
      PSE_STJ_COD: LIBERAL.PSE_STJ_COD,
      BEN_CDI_NIR: '00',
      BEN_RNG_GEM: 1,
      BEN_CMU_TOP: 0,
      RGM_GRG_COD: 1,
      BSE_REM_SGN: 1,
      PRS_ACT_QTE: 1,
      PRS_ACT_NBR: 1,
      PRS_ACT_CFT: 1,
      PRS_ACT_COG: 1,
      PRS_DEP_MNT: 0,
      PRS_REJ_TOP: 0,
      CPL_PRS_NAT: 0,
    });
    this.pra = new RowTemplate(tableDef('DA_PRA_R'));
    this.P = this.prs.cols([
      ...DCIR_KEYS,
      'BEN_NIR_PSA', 'BEN_AMA_COD', 'BEN_NAI_ANN', 'BEN_SEX_COD', 'BEN_RES_DPT', 'BEN_RES_COM', 'ORG_AFF_BEN', 'ORG_CLE_NEW',
      'EXE_SOI_DTD', 'EXE_SOI_DTF', 'EXE_SOI_AMD', 'EXE_SOI_AMF', 'PRS_NAT_REF', 'BSE_PRS_NAT',
      'PRS_PAI_MNT', 'BSE_REM_BSE', 'BSE_REM_PRU', 'BSE_REM_MNT', 'RGO_REM_TAU', 'RGO_THE_TAU', 'EXO_MTF', 'PRS_PPF_COD',
      'PFS_EXE_NUM', 'PSE_SPE_COD', 'PSE_CNV_COD', 'PSE_ACT_NAT', 'PRS_MTT_NUM', 'PRS_PPU_SEC',
    ]);
    this.tables = [
      { name: 'IR_BEN_R', def: this.ben.def, indexes: [{ columns: ['BEN_NIR_PSA', 'BEN_RNG_GEM'], unique: true }] },
      {
        name: 'ER_PRS_F',
        def: this.prs.def,
        indexes: [
          { columns: [...DCIR_KEYS], unique: true },
          { columns: ['BEN_NIR_PSA'], unique: false },
        ],
      },
      { name: 'DA_PRA_R', def: this.pra.def, indexes: [{ columns: ['PFS_PFS_NUM'], unique: true }] },
    ];
  }

  /** Reference rows written once: the practitioners. */
  referenceRows(): TableRows {
    const rows: Row[] = this.world.providers.physicians.map((p) =>
      this.pra.from({
        PFS_PFS_NUM: p.pfsNum,
        PFS_PRA_SPE: String(p.specialty).padStart(2, '0'),
        CAI_NUM: (this.world.organisms.get(p.commune.dept)?.org ?? '').slice(3, 6),
        CNV_CNV_COD: String(LIBERAL.PSE_CNV_COD),
        PFS_EXC_COM: p.commune.sndsCom,
        PFS_COD_POS: p.commune.postcode,
        PFS_LIB_COM: p.commune.name.toUpperCase().slice(0, 30),
        DTE_ANN_TRT: String(ymdFromDay(this.world.config.start).year),
      }),
    );
    return new Map([['DA_PRA_R', rows]]);
  }

  /** Rows of one person's history. */
  map(outcome: PersonOutcome, out: TableRows = new Map()): TableRows {
    const w = this.world;
    const { person, records } = outcome;
    const nir = nirPseudonym(person.id, w.config.seed);
    const fund = w.organisms.get(person.home.dept);
    if (!fund) throw new Error(`no fund for département ${person.home.dept}`);
    const eco = w.economics;
    const claims = new ClaimNumbering(person.id, fund.org, fund.cti, w.streams.stream('flux', person.id), eco.meanProcessingDelay, eco.maxProcessingDelay);
    const prsRows = getOrCreate(out, 'ER_PRS_F');
    const P = this.P;
    const birthYear = String(ymdFromDay(person.birth).year);
    let maxTrt: Day | undefined;

    for (const rec of records) {
      if (rec.kind !== 'consultation') continue;
      const c: ConsultationRecord = rec;
      const age = ageInYears(person.birth, c.day);
      const tariff = eco.consultationTariff(c.physician.specialty === 1 ? 1 : c.physician.specialty, c.day, age);
      const rate = eco.consultationRate;
      const pf = age >= eco.participationMinAge ? eco.participationForfaitaire : 0;
      const reimbursed = Math.max(0, round2(tariff.tariff * rate - pf));
      const trt = claims.processingDay(c.day);
      if (maxTrt === undefined || trt > maxTrt) maxTrt = trt;
      const k = claims.keys(trt);
      const r = this.prs.blank();
      for (const key of DCIR_KEYS) r[P[key] as number] = k[key];
      const day = isoDate(c.day);
      const ym = yyyymm(c.day);
      r[P.BEN_NIR_PSA as number] = nir;
      r[P.BEN_AMA_COD as number] = ageCode(person.birth, c.day);
      r[P.BEN_NAI_ANN as number] = birthYear;
      r[P.BEN_SEX_COD as number] = person.sex;
      r[P.BEN_RES_DPT as number] = person.home.sndsDpt;
      r[P.BEN_RES_COM as number] = person.home.sndsCom;
      r[P.ORG_AFF_BEN as number] = fund.org;
      r[P.ORG_CLE_NEW as number] = fund.org;
      r[P.EXE_SOI_DTD as number] = day;
      r[P.EXE_SOI_DTF as number] = day;
      r[P.EXE_SOI_AMD as number] = ym;
      r[P.EXE_SOI_AMF as number] = ym;
      r[P.PRS_NAT_REF as number] = tariff.prsNat;
      r[P.BSE_PRS_NAT as number] = tariff.prsNat;
      r[P.PRS_PAI_MNT as number] = tariff.tariff;
      r[P.BSE_REM_BSE as number] = tariff.tariff;
      r[P.BSE_REM_PRU as number] = tariff.tariff;
      r[P.BSE_REM_MNT as number] = reimbursed;
      r[P.RGO_REM_TAU as number] = rate * 100;
      r[P.RGO_THE_TAU as number] = rate * 100;
      r[P.EXO_MTF as number] = 0;
      r[P.PRS_PPF_COD as number] = pf > 0 ? '1' : '0';
      r[P.PFS_EXE_NUM as number] = c.physician.pfsNum;
      r[P.PSE_SPE_COD as number] = c.physician.specialty;
      r[P.PSE_CNV_COD as number] = LIBERAL.PSE_CNV_COD;
      r[P.PSE_ACT_NAT as number] = 1;
      r[P.PRS_MTT_NUM as number] = person.gp.pfsNum;
      r[P.PRS_PPU_SEC as number] = LIBERAL.PRS_PPU_SEC;
      prsRows.push(r);
    }

    const death = person.death;
    getOrCreate(out, 'IR_BEN_R').push(
      this.ben.from({
        BEN_NIR_PSA: nir,
        BEN_NIR_ANO: nir,
        BEN_IDT_ANO: nir,
        ASS_NIR_ANO: nir,
        BEN_NAI_ANN: birthYear,
        BEN_NAI_MOI: String(ymdFromDay(person.birth).month).padStart(2, '0'),
        BEN_SEX_COD: person.sex,
        BEN_DCD_DTE: death === undefined ? NO_DATE : isoDate(death),
        BEN_DCD_AME: death === undefined ? '160001' : yyyymm(death),
        ORG_AFF_BEN: fund.org,
        ORG_CLE_NEW: fund.org,
        BEN_RES_DPT: person.home.sndsDpt,
        BEN_RES_COM: person.home.sndsCom,
        BEN_TOP_CNS: maxTrt === undefined ? 0 : 1,
        MAX_TRT_DTD: maxTrt === undefined ? NO_DATE : isoDate(maxTrt),
        BEN_DTE_INS: isoDate(person.entry),
        BEN_DTE_MAJ: isoDate(death ?? w.config.end),
      }),
    );
    return out;
  }
}

function getOrCreate(m: TableRows, k: string): Row[] {
  let v = m.get(k);
  if (!v) m.set(k, (v = []));
  return v;
}
