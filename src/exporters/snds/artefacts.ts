import { firstOfNextMonth, parseIsoDate, type Day } from '../../events';
import type { CareRecord, StayRecord } from '../../agents';
import type { RandomStream } from '../../random';
import type { ArtefactParameters, CcamAct, World } from '../../world';
import { tableDef } from '../../snds';
import { integerColumn, simTable, textColumn } from '../manifest';
import type { OutputTable, Row } from '../sinks/Sink';
import { dcirKeyIndex, keyColumns, setKeys, type DcirKeys } from './claims';
import { MDT, writeEstablishmentRow } from './establishmentRow';
import { cents } from './dcir';
import { writeCamLine } from './mappers/act';
import { exonerationCode } from './mappers/consultation';
import type { MapperContext } from './mappers/RecordMapper';
import type { PersonRows, TableRows } from './PersonRows';

/** Kinds of artefact lines named in SIM_TRUTH_ARTEFACT. */
export const ARTEFACT_KINDS = ['information', 'supplement', 'cancellation', 'reissue', 'duplicate'] as const;
export type ArtefactKind = (typeof ARTEFACT_KINDS)[number];

/** IR_DEP_V 71: "POUR INFORMATION (SOINS EXTERNES)". */
export const DPN_INFORMATION = 71;
/** CPL_MAJ_TOP of a majoration or participation forfaitaire line (`CPL_MAJ_TOP < 2` keeps base lines and complements). */
export const CPL_SUPPLEMENT = 2;
/** IR_CCA_V 16: participation forfaitaire. */
const CPL_AFF_PARTICIPATION = 16;
/** IR_NAT_V 1951 PFH: participation forfaitaire hors tiers payant. */
const PRS_NAT_PARTICIPATION = 1951;
/** IR_SGN_V: 0 sans objet, 2 négatif. */
const SIGN_NONE = 0;
const SIGN_NEGATIVE = 2;
/** IR_SJP_V 61: practitioner salaried in a public-tariff establishment. */
const STATUS_PUBLIC_SALARIED = 61;

/** Ground truth: every artefact line by its nine keys and its kind. */
export const ARTEFACT_TRUTH_TABLE: OutputTable = {
  name: 'SIM_TRUTH_ARTEFACT',
  def: simTable('SIM_TRUTH_ARTEFACT', 'Ground truth: the administrative artefact lines of ER_PRS_F (texture realistic)', [
    textColumn('BEN_NIR_PSA', 'Pseudonymised person id'),
    textColumn('FLX_DIS_DTD', 'Nine DCIR keys of the artefact line'),
    textColumn('FLX_TRT_DTD', ''),
    integerColumn('FLX_EMT_TYP', ''),
    integerColumn('FLX_EMT_NUM', ''),
    integerColumn('FLX_EMT_ORD', ''),
    textColumn('ORG_CLE_NUM', ''),
    integerColumn('DCT_ORD_NUM', ''),
    integerColumn('PRS_ORD_NUM', ''),
    integerColumn('REM_TYP_AFF', ''),
    textColumn('ARTEFACT', `Kind: ${ARTEFACT_KINDS.join(', ')}`),
  ], []),
  // By person, and on the nine keys that join it to ER_PRS_F like the detail tables.
  indexes: [
    { columns: ['BEN_NIR_PSA'], unique: false },
    dcirKeyIndex(false),
  ],
};

const actCache = new WeakMap<World, ReadonlyMap<string, CcamAct>>();

/** The artefact rates of a realistic world (read with the world, see ArtefactParameters). */
export function artefactParameters(world: World): ArtefactParameters {
  if (!world.artefacts) throw new Error('administrative artefacts are written with texture realistic only');
  return world.artefacts;
}

function liberalActs(world: World): ReadonlyMap<string, CcamAct> {
  let m = actCache.get(world);
  if (!m) {
    const acts = new Map<string, CcamAct>();
    for (const a of world.ccam.acts) if (!acts.has(`${a.code}/${a.activity}/${a.phase}`)) acts.set(`${a.code}/${a.activity}/${a.phase}`, a);
    actCache.set(world, (m = acts));
  }
  return m;
}

/** Column indexes of the DCIR tables, resolved once. */
const PRS = tableDef('ER_PRS_F');
const col = (name: string): number => {
  const i = PRS.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`ER_PRS_F has no column ${name}`);
  return i;
};
const C = {
  nir: col('BEN_NIR_PSA'), trt: col('FLX_TRT_DTD'), qte: col('PRS_ACT_QTE'), nbr: col('PRS_ACT_NBR'), ppf: col('PRS_PPF_COD'),
  base: col('BSE_REM_BSE'), pru: col('BSE_REM_PRU'), mnt: col('BSE_REM_MNT'), tau: col('RGO_REM_TAU'), pai: col('PRS_PAI_MNT'),
  dep: col('PRS_DEP_MNT'), cplMnt: col('CPL_REM_MNT'), cplBse: col('CPL_REM_BSE'), majTop: col('CPL_MAJ_TOP'), affCod: col('CPL_AFF_COD'),
  cplNat: col('CPL_PRS_NAT'), bseNat: col('BSE_PRS_NAT'), sgn: col('BSE_REM_SGN'), dpn: col('DPN_QLF'), dpnQlp: col('PRS_DPN_QLP'),
  exe: col('PFS_EXE_NUM'), spe: col('PSE_SPE_COD'), mtt: col('PRS_MTT_NUM'),
};
const KEY_COLS = keyColumns(col);
/** Amount columns negated on a cancellation line. */
const SIGNED = [C.qte, C.nbr, C.pai, C.dep, C.base, C.mnt, C.cplMnt, C.cplBse];
/**
 * Detail tables and their quantity (and amount) columns negated on a cancellation. ER_ETE_F (the establishment
 * of a directly billed or retroceded prestation) is copied as it is, so that the ETE_IND_TAA filter drops the
 * regularisations of directly billed prestations with them.
 */
const DETAILS: readonly { readonly table: string; readonly keys: readonly number[]; readonly negate: readonly number[] }[] = (
  [
    ['ER_PHA_F', ['PHA_ACT_QSN']],
    ['ER_BIO_F', ['BIO_ACT_QSN']],
    ['ER_CAM_F', ['CAM_REM_BSE']],
    ['ER_UCD_F', ['UCD_DLV_NBR', 'UCD_TTF_MNT']],
    ['ER_TRS_F', []],
    ['ER_TIP_F', ['TIP_ACT_QSN']],
    ['ER_ETE_F', []],
  ] as const
).map(([table, negate]) => {
  const def = tableDef(table);
  const idx = (n: string): number => def.columns.findIndex((c) => c.name === n);
  return { table, keys: keyColumns(idx), negate: negate.map(idx) };
});

/** Where a person's rows start in each table (rows of earlier persons of the batch come before). */
export type RowMarks = ReadonlyMap<string, number>;

/** The current lengths of the DCIR tables of `out`. */
export function markRows(out: TableRows): RowMarks {
  return new Map(['ER_PRS_F', ...DETAILS.map((d) => d.table)].map((t) => [t, out.get(t)?.length ?? 0]));
}

function personRows(out: TableRows, marks: RowMarks, table: string): Row[] {
  return (out.get(table) ?? []).slice(marks.get(table) ?? 0);
}

/** The text of a row's nine keys (at `idx`), to find a line's detail rows. */
function keyOf(r: Row, idx: readonly number[]): string {
  let k = '';
  for (const i of idx) k += `${String(r[i])}|`;
  return k;
}

/**
 * Writes the administrative artefacts of one person's DCIR lines (texture realistic): information-only
 * lines repeating the acts of stays in public hospitals that do not bill directly, participation
 * forfaitaire supplement lines, and regularisations (cancellation in a later flux, with a re-issue or of a
 * duplicate). Only new lines are added (the base lines keep their keys; a base line carrying a participation
 * forfaitaire gets its reimbursement before the deduction), each named in SIM_TRUTH_ARTEFACT.
 */
export function writeArtefacts(records: readonly CareRecord[], rows: PersonRows, marks: RowMarks, ctx: MapperContext): void {
  const w = ctx.world;
  const params = artefactParameters(w);
  const base = personRows(rows.out, marks, 'ER_PRS_F');
  const details = new Map<string, { readonly spec: (typeof DETAILS)[number]; readonly rows: Row[] }[]>();
  for (const spec of DETAILS) {
    for (const r of personRows(rows.out, marks, spec.table)) {
      const k = keyOf(r, spec.keys);
      let list = details.get(k);
      if (!list) details.set(k, (list = []));
      list.push({ spec, rows: [r] });
    }
  }
  const truth = (r: Row, kind: ArtefactKind): void => rows.push('SIM_TRUTH_ARTEFACT', [r[C.nir] ?? null, ...KEY_COLS.map((i) => r[i] ?? null), kind]);

  // Supplements: the participation forfaitaire deducted on a base line becomes a line of its own.
  for (const r of base) {
    if (r[C.ppf] !== '1') continue;
    const gross = cents(Number(r[C.base]) * (Number(r[C.tau]) / 100));
    const deduction = cents(gross - Number(r[C.mnt]));
    if (deduction <= 0) continue;
    r[C.mnt] = gross;
    const s = r.slice();
    setKeys(s, KEY_COLS, rows.claims.keys(dayOf(r[C.trt])));
    for (const i of [C.pai, C.dep, C.base, C.pru, C.mnt, C.cplBse, C.nbr, C.bseNat]) s[i] = 0;
    s[C.cplMnt] = -deduction;
    s[C.majTop] = CPL_SUPPLEMENT;
    s[C.affCod] = CPL_AFF_PARTICIPATION;
    s[C.cplNat] = PRS_NAT_PARTICIPATION;
    s[C.sgn] = SIGN_NONE;
    rows.push('ER_PRS_F', s);
    truth(s, 'supplement');
  }

  // Regularisations of base lines (liberal care and dispensings).
  const reg = w.streams.stream('artefact.regularisation', rows.person.id);
  for (const r of base) {
    if (!reg.chance(params.regularisationShare)) continue;
    const reissue = reg.chance(params.reissueShare);
    const trt = dayOf(r[C.trt]);
    const later = firstOfNextMonth(trt) + Math.floor(reg.exponential(1 / params.regularisationMeanDelay));
    if (rows.maxTrt === undefined || later > rows.maxTrt) rows.maxTrt = later;
    const lines = details.get(keyOf(r, KEY_COLS)) ?? [];
    const copy = (from: Row, k: DcirKeys, negate: boolean, kind: ArtefactKind): void => {
      const c = from.slice();
      setKeys(c, KEY_COLS, k);
      if (negate) {
        for (const i of SIGNED) if (typeof c[i] === 'number') c[i] = -(c[i] as number);
        c[C.sgn] = SIGN_NEGATIVE;
      }
      rows.push('ER_PRS_F', c);
      truth(c, kind);
      for (const d of lines) {
        for (const dr of d.rows) {
          const x = dr.slice();
          setKeys(x, d.spec.keys, k);
          if (negate) for (const i of d.spec.negate) if (typeof x[i] === 'number') x[i] = -(x[i] as number);
          rows.push(d.spec.table, x);
        }
      }
    };
    if (reissue) {
      copy(r, rows.claims.keys(later), true, 'cancellation');
      copy(r, rows.claims.keys(later), false, 'reissue');
    } else {
      copy(r, rows.claims.keys(trt), false, 'duplicate');
      copy(r, rows.claims.keys(later), true, 'cancellation');
    }
  }

  // Information-only lines: the CCAM acts of stays in public hospitals that do not bill directly.
  const info = w.streams.stream('artefact.information', rows.person.id);
  const acts = liberalActs(w);
  for (const rec of records) {
    if (rec.kind !== 'stay' || rec.establishment.status !== 'public') continue;
    // The hospitals that bill directly (FIDES) send their activity as ER_ETE_F lines instead (see AceModel).
    if (w.ace.billsDirectly(rec.establishment, rec.discharge)) continue;
    for (const a of rec.acts) {
      const act = acts.get(`${a.code}/${a.activity}/${a.phase}`);
      if (act) writeInformationLine(rows, ctx, rec, a.day, act, info);
    }
  }
}

function writeInformationLine(rows: PersonRows, ctx: MapperContext, stay: StayRecord, day: Day, act: CcamAct, stream: RandomStream): void {
  const eco = ctx.world.economics;
  const couple = rows.stayCouples.get(stay.discharge);
  const lag = Math.min(Math.floor(stream.exponential(1 / eco.meanProcessingDelay)), eco.maxProcessingDelay);
  const keys = ctx.prestations.write(rows, {
    day,
    prsNat: act.prsNat,
    quantity: 1,
    paid: act.tariff,
    base: act.tariff,
    unitPrice: act.tariff,
    rate: eco.consultationRate,
    theoreticalRate: eco.consultationRate,
    reimbursed: 0,
    executant: { pfsNum: '', specialty: 0, activity: 1 },
    exoneration: exonerationCode(rows.person, day, stay.ald),
    participationForfaitaire: false,
    sector: 1,
    legalStatus: STATUS_PUBLIC_SALARIED,
    processingDay: day + lag,
    // The rights of the stay whose act it repeats (the hospital transmits what it recorded).
    ...(couple ? { couple } : {}),
  });
  const list = rows.out.get('ER_PRS_F') as Row[];
  const r = list[list.length - 1] as Row;
  r[C.dpn] = DPN_INFORMATION;
  r[C.dpnQlp] = DPN_INFORMATION;
  r[C.exe] = null;
  r[C.spe] = null;
  rows.push('SIM_TRUTH_ARTEFACT', [r[C.nir] ?? null, ...KEY_COLS.map((i) => r[i] ?? null), 'information']);
  writeCamLine(rows, keys, act);
  // The stay's establishment (ETE_IND_TAA 0: it does not bill directly), full stay or day hospitalisation.
  writeEstablishmentRow(rows, keys, stay.establishment, 0, stay.type === 0 ? MDT.fullStay : MDT.dayStay);
}

function dayOf(iso: Row[number] | undefined): Day {
  const d = typeof iso === 'string' ? parseIsoDate(iso) : undefined;
  if (d === undefined) throw new Error(`not an ISO date: ${String(iso)}`);
  return d;
}
