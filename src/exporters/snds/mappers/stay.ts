import { ageInYears, isoDate, yearOfDay, ymdFromDay, type Day } from '../../../events';
import type { Establishment } from '../../../world';
import { pmsiTableName, tableDef } from '../../../snds';
import type { OutputTable, Row } from '../../sinks/Sink';
import { yyyymm } from '../dcir';
import { ESTABLISHMENT_TABLE, MDT, sectorOf, writeEstablishmentRow } from '../establishmentRow';
import { exonerationCode } from './consultation';
import type { PersonRows, TableRows } from '../PersonRows';
import { RowTemplate } from '../RowTemplate';
import type { RecordMapper } from './RecordMapper';
import { pmsiTable, recordNumber, simulatedYears } from './pmsiTables';

/** MS_SOR_V modes: 8 home (domicile) for entries and exits, 9 death. */
const MODE_HOME = '8';
const MODE_DEATH = '9';
/** IR_NAT_V prestations of a clinic's stay: 2111 GHS « frais d'hébergement et environnement en GHS », 2112 EXH « frais de séjour supplémentaire au GHS ». */
const GHS_PRS_NAT = 2111;
const EXH_PRS_NAT = 2112;
/** ER_ETE_F.MFT_COD of private clinics: IR_MFT_V 7 « tarifs par contrat avec ARH pour établissements privés » (MCO…), the mode the SNDS documentation selects them by. */
const MFT_CLINIC = 7;
/** PSE_STJ_COD of a line the clinic bills itself (no practitioner): IR_SJP_V 98 « sans objet ». */
const STATUS_NONE = 98;
/** RSA_NUM = person id × this + the person's stay rank within the discharge year (at most 999 a year). */
const RSA_PER_PERSON = 1000;

const B = new RowTemplate(tableDef('T_MCOaaB'), {
  NBR_RUM: 1,
  SEQ_RUM: 1,
  GRG_RET: 0,
  GRC_RET: 0,
  TYP_GEN_RSA: 0,
  ENT_MOD: MODE_HOME,
});
// Return codes (`*_RET`) 0 = control passed; every stay is linkable.
const C = new RowTemplate(
  tableDef('T_MCOaaC'),
  Object.fromEntries(
    tableDef('T_MCOaaC')
      .columns.filter((c) => c.name.endsWith('_RET'))
      .map((c) => [c.name, c.sqlType === 'INTEGER' ? 0 : '0']),
  ),
);
const D = new RowTemplate(tableDef('T_MCOaaD'));
const A = new RowTemplate(tableDef('T_MCOaaA'), { NBR_EXE_ACT: 1, RUM_SEQ: '1' });
const E = new RowTemplate(tableDef('T_MCOaaE'));
const UM = new RowTemplate(tableDef('T_MCOaaUM'), { UM_ORD_NUM: 1 });
const IDE = new RowTemplate(tableDef('BE_IDE_R'));
// VALO 1: the stay is valued (0 would be a stay not valued); one stay (PONDER) even for a session.
const VALO = new RowTemplate(tableDef('T_MCOaaVALO'), { VALO: '1', PONDER: 1 });

const bc = B.cols(['ETA_NUM', 'RSA_NUM', 'AGE_ANN', 'AGE_JOU', 'COD_SEX', 'BDI_DEP', 'BDI_COD', 'DGN_PAL', 'DGN_REL', 'GRG_GHM', 'GHS_NUM', 'SEJ_NBJ', 'NBR_SEA', 'NBR_DGN', 'NBR_ACT', 'SOR_MOD', 'SOR_ANN', 'SOR_MOI'] as const);
const cc = C.cols(['ETA_NUM', 'RSA_NUM', 'NIR_ANO_17', 'ENT_DAT', 'SOR_DAT', 'EXE_SOI_DTD', 'EXE_SOI_DTF', 'EXE_SOI_AMD', 'EXE_SOI_AMF', 'ENT_AM', 'SOR_AM', 'SOR_ANN', 'SOR_MOI'] as const);
const dc = D.cols(['ETA_NUM', 'RSA_NUM', 'ASS_DGN', 'DGN_ASS_NUM'] as const);
const ac = A.cols(['ETA_NUM', 'RSA_NUM', 'CDC_ACT', 'ACV_ACT', 'PHA_ACT', 'ENT_DAT_DEL'] as const);
const vc = VALO.cols(['ETA_NUM', 'RSA_NUM', 'GHS_NUM', 'ETE_GHS_NUM', 'NBEXH', 'MNT_GHS_BR', 'MNT_EXH_BR', 'MNT_TOT_BR', 'MNT_GHS_AM', 'MNT_EXH_AM', 'MNT_TOT_AM', 'MNT_18', 'TAUX2'] as const);
const uc = UM.cols(['ETA_NUM', 'RSA_NUM', 'ETA_NUM_GEO', 'DGN_PAL', 'DGN_REL', 'PAR_DUR_SEJ', 'DGN_ASS_NBR', 'ACT_RUM_NBR'] as const);

/** Stay rank of each person within each discharge year (keyed by the person's rows, so no global state). */
const ranks = new WeakMap<PersonRows, Map<number, number>>();

const STAY_KEY = ['ETA_NUM', 'RSA_NUM'] as const;

/** SNDS 3-character département code of an INSEE département ('35' → '035', '2A' → '02A', '971' → '971'). */
function sndsDept(dept: string): string {
  return dept.padStart(3, '0');
}

/** T_MCOyyE row of an establishment. */
function eRow(e: Establishment, year: number): Row {
  return E.from({ ETA_NUM: e.finess, ETB_EXE_FIN: e.finess.slice(0, 8), SOC_RAI: e.name.slice(0, 80), REG_ETA: e.region, ANN_TRT: String(year) });
}

/** BE_IDE_R row of an establishment. */
function ideRow(e: Establishment): Row {
  return IDE.from({
    IDE_ETA_NUM: e.finess,
    IDE_ETA_NU8: e.finess.slice(0, 8),
    IDE_ETA_NOM: e.name.slice(0, 38),
    IDE_CPT_RSC: e.name.slice(0, 80),
    IDE_INS_COM: e.commune,
    IDE_PSH_CAT: e.category,
    IDE_GES_NUM: e.finessEj,
    IDE_IMP_DPT: sndsDept(e.dept),
  });
}

/**
 * Hospital stays → PMSI MCO rows in the tables of the year of discharge: T_MCOyyB (stay), T_MCOyyC (link to
 * the person: NIR_ANO_17 = IR_BEN_R.BEN_NIR_PSA, dates, return codes 0), T_MCOyyD (associated diagnoses),
 * T_MCOyyA (CCAM acts), T_MCOyyUM (one medical unit per stay). Reference rows: T_MCOyyE for every year and
 * BE_IDE_R, for the MCO establishments of the simulated départements' regions. RSA_NUM (TEXT) is the person
 * id × 1000 + the person's stay rank in the year: unique within an establishment and year, whatever the
 * worker or shard. The GHS of the GHM goes to T_MCOyyB.GHS_NUM (World.hospital.valuation); a stay in a public or
 * non-profit hospital (ex-DG) is valued in the PMSI by its T_MCOyyVALO row, a stay in a private clinic is billed to
 * the DCIR (ER_PRS_F lines 2111 GHS and 2112 EXH with their ER_ETE_F rows).
 */
export const stayMapper: RecordMapper = {
  name: 'stay',
  tables(ctx) {
    const out: OutputTable[] = [];
    for (const y of simulatedYears(ctx)) {
      out.push(
        pmsiTable('T_MCOaaB', y, [{ columns: STAY_KEY, unique: true }]),
        pmsiTable('T_MCOaaC', y, [
          { columns: STAY_KEY, unique: true },
          { columns: ['NIR_ANO_17'], unique: false },
        ]),
        pmsiTable('T_MCOaaD', y, [{ columns: STAY_KEY, unique: false }]),
        pmsiTable('T_MCOaaA', y, [{ columns: STAY_KEY, unique: false }]),
        pmsiTable('T_MCOaaUM', y, [{ columns: STAY_KEY, unique: false }]),
        pmsiTable('T_MCOaaVALO', y, [{ columns: STAY_KEY, unique: true }]),
        pmsiTable('T_MCOaaE', y, [{ columns: ['ETA_NUM'], unique: true }]),
      );
    }
    // The clinics' stays are billed to the DCIR with their ER_ETE_F rows.
    out.push(ESTABLISHMENT_TABLE);
    out.push({
      name: 'BE_IDE_R',
      def: IDE.def,
      indexes: [
        { columns: ['IDE_ETA_NU8'], unique: true },
        { columns: ['IDE_ETA_NUM'], unique: true },
      ],
    });
    return out;
  },
  reference(ctx) {
    const out: TableRows = new Map();
    const list = ctx.world.hospital.establishments.all;
    for (const y of simulatedYears(ctx)) out.set(pmsiTableName('T_MCOaaE', y), list.map((e) => eRow(e, y)));
    out.set('BE_IDE_R', list.map(ideRow));
    return out;
  },
  map(record, rows, ctx) {
    if (record.kind !== 'stay') return;
    const person = rows.person;
    const year = yearOfDay(record.discharge);
    let perYear = ranks.get(rows);
    if (!perYear) ranks.set(rows, (perYear = new Map()));
    const rank = (perYear.get(year) ?? 0) + 1;
    if (rank >= RSA_PER_PERSON) throw new Error(`person ${person.id} has more than ${RSA_PER_PERSON - 1} stays discharged in ${year}`);
    perYear.set(year, rank);
    const eta = record.establishment.finess;
    const rsa = recordNumber(person.id, rank, RSA_PER_PERSON);
    const yy = (t: string): string => pmsiTableName(t, year);
    const nights = record.discharge - record.admission;
    const age = ageInYears(person.birth, record.admission);
    const month = String(ymdFromDay(record.discharge).month).padStart(2, '0');

    const b = B.blank();
    b[bc.ETA_NUM] = eta;
    b[bc.RSA_NUM] = rsa;
    b[bc.AGE_ANN] = age;
    b[bc.AGE_JOU] = age < 1 ? record.admission - person.birth : null;
    b[bc.COD_SEX] = String(person.sex);
    b[bc.BDI_DEP] = person.home.dept.slice(0, 2);
    b[bc.BDI_COD] = person.home.postcode;
    b[bc.DGN_PAL] = record.dp;
    b[bc.DGN_REL] = record.dr === '' ? null : record.dr;
    b[bc.GRG_GHM] = record.ghm === '' ? null : record.ghm;
    // The GHS tariff sector is the establishment's: a private clinic's (2) or a public or non-profit hospital's (1).
    const sector = sectorOf(record.establishment);
    const value = record.ghm === '' ? undefined : ctx.world.hospital.valuation.value({
      ghm: record.ghm,
      sector,
      admission: record.admission,
      nights,
      session: record.type === 2,
      ald: record.ald,
      heavyAct: record.ghm[2] === 'C' || record.ghm[2] === 'K',
      ageDays: record.admission - person.birth,
    });
    b[bc.GHS_NUM] = value ? value.ghs : null;
    b[bc.SEJ_NBJ] = record.type === 2 ? null : nights;
    b[bc.NBR_SEA] = record.type === 2 ? 1 : 0;
    b[bc.NBR_DGN] = record.das.length;
    b[bc.NBR_ACT] = record.acts.length;
    b[bc.SOR_MOD] = record.death ? MODE_DEATH : MODE_HOME;
    b[bc.SOR_ANN] = String(year);
    b[bc.SOR_MOI] = month;
    rows.push(yy('T_MCOaaB'), b);

    const c = C.blank();
    const dtd = (d: Day): string => isoDate(d);
    c[cc.ETA_NUM] = eta;
    c[cc.RSA_NUM] = rsa;
    // The hospital records the couple of the rights presented (same-sex twins share it, as in the SNDS).
    const couple = rows.coupleOn(record.admission);
    rows.stayCouples.set(record.discharge, couple);
    c[cc.NIR_ANO_17] = couple.psa;
    c[cc.ENT_DAT] = dtd(record.admission);
    c[cc.SOR_DAT] = dtd(record.discharge);
    c[cc.EXE_SOI_DTD] = dtd(record.admission);
    c[cc.EXE_SOI_DTF] = dtd(record.discharge);
    c[cc.EXE_SOI_AMD] = yyyymm(record.admission);
    c[cc.EXE_SOI_AMF] = yyyymm(record.discharge);
    c[cc.ENT_AM] = yyyymm(record.admission);
    c[cc.SOR_AM] = yyyymm(record.discharge);
    c[cc.SOR_ANN] = String(year);
    c[cc.SOR_MOI] = month;
    rows.push(yy('T_MCOaaC'), c);

    record.das.forEach((code, i) => {
      const d = D.blank();
      d[dc.ETA_NUM] = eta;
      d[dc.RSA_NUM] = rsa;
      d[dc.ASS_DGN] = code;
      d[dc.DGN_ASS_NUM] = i + 1;
      rows.push(yy('T_MCOaaD'), d);
    });

    for (const act of record.acts) {
      const a = A.blank();
      a[ac.ETA_NUM] = eta;
      a[ac.RSA_NUM] = rsa;
      a[ac.CDC_ACT] = act.code;
      a[ac.ACV_ACT] = String(act.activity);
      a[ac.PHA_ACT] = String(act.phase);
      a[ac.ENT_DAT_DEL] = act.day - record.admission;
      rows.push(yy('T_MCOaaA'), a);
    }

    const u = UM.blank();
    u[uc.ETA_NUM] = eta;
    u[uc.RSA_NUM] = rsa;
    u[uc.ETA_NUM_GEO] = eta;
    u[uc.DGN_PAL] = record.dp;
    u[uc.DGN_REL] = record.dr === '' ? null : record.dr;
    u[uc.PAR_DUR_SEJ] = record.type === 2 ? null : nights;
    u[uc.DGN_ASS_NBR] = record.das.length;
    u[uc.ACT_RUM_NBR] = record.acts.length;
    rows.push(yy('T_MCOaaUM'), u);

    if (value && sector === 2) {
      // A private clinic bills the stay to the DCIR: its GHS, and its EXH days beyond the high bound, each an ER_PRS_F
      // line over the stay with its ER_ETE_F row (the clinic, the GHS, MFT_COD 7), at the rate of the stay.
      const w = ctx.world;
      const exoneration = exonerationCode(person, record.admission, record.ald);
      const mdt = record.type === 0 ? MDT.fullStay : MDT.dayStay;
      const lines = [
        { prsNat: GHS_PRS_NAT, quantity: 1, base: value.ghsBase, reimbursed: value.ghsAm },
        { prsNat: EXH_PRS_NAT, quantity: value.exhDays, base: value.exhBase, reimbursed: value.exhAm },
      ];
      for (const l of lines) {
        if (l.quantity === 0) continue;
        const keys = ctx.prestations.write(
          rows,
          {
            day: record.admission,
            endDay: record.discharge,
            prsNat: l.prsNat,
            quantity: l.quantity,
            paid: l.base,
            base: l.base,
            unitPrice: Math.round((100 * l.base) / l.quantity) / 100,
            rate: value.rate / 100,
            theoreticalRate: w.hospital.valuation.standardRate,
            reimbursed: l.reimbursed,
            executant: { pfsNum: '', specialty: 0, activity: 0 },
            exoneration,
            participationForfaitaire: false,
            sector,
            legalStatus: STATUS_NONE,
            // The rights the clinic recorded for the stay (T_MCOyyC.NIR_ANO_17).
            couple,
          },
          rows.clinicClaims,
        );
        writeEstablishmentRow(rows, keys, record.establishment, 0, mdt, { ghs: value.ghs, mft: MFT_CLINIC });
      }
    } else if (value) {
      const v = VALO.blank();
      v[vc.ETA_NUM] = eta;
      v[vc.RSA_NUM] = rsa;
      v[vc.GHS_NUM] = String(value.ghs).padStart(4, '0');
      v[vc.ETE_GHS_NUM] = value.ghs;
      v[vc.NBEXH] = value.exhDays;
      v[vc.MNT_GHS_BR] = value.ghsBase;
      v[vc.MNT_EXH_BR] = value.exhBase;
      v[vc.MNT_TOT_BR] = Math.round((value.ghsBase + value.exhBase) * 100) / 100;
      v[vc.MNT_GHS_AM] = value.ghsAm;
      v[vc.MNT_EXH_AM] = value.exhAm;
      v[vc.MNT_TOT_AM] = value.totalAm;
      v[vc.MNT_18] = value.forfait;
      v[vc.TAUX2] = value.rate;
      rows.push(yy('T_MCOaaVALO'), v);
    }
  },
};
