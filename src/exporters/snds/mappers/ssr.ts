import { ageInYears, isoDate, yearOfDay, ymdFromDay, type Day } from '../../../events';
import { dayOfWeek } from '../../../events/holidays';
import type { Establishment } from '../../../world';
import { pmsiTableName, tableDef } from '../../../snds';
import type { OutputTable, Row } from '../../sinks/Sink';
import { yyyymm } from '../dcir';
import type { PersonRows, TableRows } from '../PersonRows';
import { RowTemplate } from '../RowTemplate';
import type { RecordMapper } from './RecordMapper';
import { pmsiTable, recordNumber, simulatedYears } from './pmsiTables';

/** RHA_NUM = person id × this + the person's SSR stay rank within the discharge year (at most 999 a year). */
const RHA_PER_PERSON = 1000;
/** HOS_TYP_UM: 1 full hospitalisation, 2 day hospitalisation (part-time). */
const FULL_TIME = '1';
const PART_TIME = '2';
/**
 * Finalité principale de prise en charge (FP_PEC, ICD-10 chapter XXI): Z50.0 cardiac rehabilitation after a
 * cardiac stay, Z50.1 other physical therapy otherwise. Modelling choice: no published split of FPP by the
 * MCO stay's diagnosis is held.
 */
const FPP_CARDIAC = 'Z500';
const FPP_OTHER = 'Z501';

// Return codes (`*_RET`) 0 = control passed; every stay is linkable.
const C = new RowTemplate(
  tableDef('T_SSRaaC'),
  Object.fromEntries(
    tableDef('T_SSRaaC')
      .columns.filter((c) => c.name.endsWith('_RET'))
      .map((c) => [c.name, c.sqlType === 'INTEGER' ? 0 : '0']),
  ),
);
const B = new RowTemplate(tableDef('T_SSRaaB'), { NBR_CSARR: 0, NBR_CCAM: 0 });
const D = new RowTemplate(tableDef('T_SSRaaD'));
const E = new RowTemplate(tableDef('T_SSRaaE'));

const bc = B.cols([
  'ETA_NUM', 'RHA_NUM', 'RHS_NUM', 'AGE_ANN', 'COD_SEX', 'BDI_COD', 'BDI_DEP', 'MOI_ANN_SOR_SEJ', 'HOS_TYP_UM', 'ETA_NUM_GEO',
  'ENT_MOD', 'ENT_PRV', 'SOR_MOD', 'SOR_DES', 'DEB_SEM', 'DEB_FIN', 'MOI_ANN', 'JP_HWE', 'JP_WE', 'FP_PEC', 'MOR_PRP', 'NBR_DGN',
] as const);
const cc = C.cols(['ETA_NUM', 'RHA_NUM', 'NIR_ANO_17', 'ENT_DAT', 'SOR_DAT', 'EXE_SOI_DTD', 'EXE_SOI_DTF', 'EXE_SOI_AMD', 'EXE_SOI_AMF', 'SOR_ANN', 'SOR_MOI', 'MOI_LUN_1S', 'ANN_LUN_1S'] as const);
const dc = D.cols(['ETA_NUM', 'RHA_NUM', 'RHS_NUM', 'DGN_COD'] as const);

/** SSR stay rank of each person within each discharge year. */
const ranks = new WeakMap<PersonRows, Map<number, number>>();

/** T_SSRyyE row of an establishment. */
function eRow(e: Establishment, year: number): Row {
  return E.from({ ETA_NUM: e.finess, ETB_EXE_FIN: e.finess.slice(0, 8), SOC_RAI: e.name.slice(0, 60), REG_ETA: e.region, ANN_TRT: String(year) });
}

/** Monday of the week of `d`. */
function monday(d: Day): Day {
  return d - dayOfWeek(d);
}

/**
 * SSR stays → PMSI SSR rows in the tables of the year of discharge: T_SSRyyC (the stay: link to the person,
 * NIR_ANO_17 = IR_BEN_R.BEN_NIR_PSA, entry and exit dates, return codes 0), T_SSRyyB (one weekly summary, RHS,
 * per calendar week Monday–Sunday of the stay — every week of a full-time stay, the weeks with a session of a
 * part-time one — with the days of presence Monday–Friday (JP_HWE) and Saturday–Sunday (JP_WE), the entry mode
 * and provenance, the exit mode and destination on the last RHS), T_SSRyyD (associated diagnoses of each RHS).
 * Reference rows: T_SSRyyE for the SSR establishments of the simulated regions. RHA_NUM (TEXT) = person id ×
 * 1000 + the person's SSR stay rank in the year; RHS_NUM = the week's rank in the stay ('1', '2' …).
 */
export const ssrMapper: RecordMapper = {
  name: 'ssr',
  tables(ctx) {
    const out: OutputTable[] = [];
    const stay = ['ETA_NUM', 'RHA_NUM'] as const;
    for (const y of simulatedYears(ctx)) {
      out.push(
        pmsiTable('T_SSRaaB', y, [{ columns: ['ETA_NUM', 'RHA_NUM', 'RHS_NUM'], unique: true }]),
        pmsiTable('T_SSRaaC', y, [
          { columns: stay, unique: true },
          { columns: ['NIR_ANO_17'], unique: false },
        ]),
        pmsiTable('T_SSRaaD', y, [{ columns: stay, unique: false }]),
        pmsiTable('T_SSRaaE', y, [{ columns: ['ETA_NUM'], unique: true }]),
      );
    }
    return out;
  },
  reference(ctx) {
    const out: TableRows = new Map();
    const list = ctx.world.hospital.ssr.all;
    for (const y of simulatedYears(ctx)) out.set(pmsiTableName('T_SSRaaE', y), list.map((e) => eRow(e, y)));
    return out;
  },
  map(record, rows) {
    if (record.kind !== 'ssr') return;
    const person = rows.person;
    const year = yearOfDay(record.discharge);
    let perYear = ranks.get(rows);
    if (!perYear) ranks.set(rows, (perYear = new Map()));
    const rank = (perYear.get(year) ?? 0) + 1;
    if (rank >= RHA_PER_PERSON) throw new Error(`person ${person.id} has more than ${RHA_PER_PERSON - 1} SSR stays discharged in ${year}`);
    perYear.set(year, rank);
    const eta = record.establishment.finess;
    const rha = recordNumber(person.id, rank, RHA_PER_PERSON);
    const yy = (t: string): string => pmsiTableName(t, year);
    const age = ageInYears(person.birth, record.admission);
    const firstMonday = monday(record.admission);

    const c = C.blank();
    c[cc.ETA_NUM] = eta;
    c[cc.RHA_NUM] = rha;
    // The rights of the MCO stay it follows (the file is transferred with the patient).
    const couple = rows.stayCouples.get(record.mcoDischarge) ?? rows.coupleOn(record.admission);
    rows.used.add(couple);
    c[cc.NIR_ANO_17] = couple.psa;
    c[cc.ENT_DAT] = isoDate(record.admission);
    c[cc.SOR_DAT] = isoDate(record.discharge);
    c[cc.EXE_SOI_DTD] = isoDate(record.admission);
    c[cc.EXE_SOI_DTF] = isoDate(record.discharge);
    c[cc.EXE_SOI_AMD] = yyyymm(record.admission);
    c[cc.EXE_SOI_AMF] = yyyymm(record.discharge);
    // ENT_AM / SOR_AM (year + month) are typed `date` of length 6 in the official T_SSRaaC definition: a month is
    // no date (DuckDB and Parquet outputs type `date` columns DATE), so they stay NULL; EXE_SOI_AMD/AMF carry the months.
    c[cc.SOR_ANN] = String(year);
    c[cc.SOR_MOI] = String(ymdFromDay(record.discharge).month).padStart(2, '0');
    c[cc.MOI_LUN_1S] = String(ymdFromDay(firstMonday).month).padStart(2, '0');
    c[cc.ANN_LUN_1S] = String(yearOfDay(firstMonday));
    rows.push(yy('T_SSRaaC'), c);

    // Days of presence: every day from entry to the day before exit (full-time), the sessions (part-time).
    const present = new Set<Day>();
    if (record.fullTime) for (let d = record.admission; d < record.discharge; d++) present.add(d);
    else for (const d of record.sessions) present.add(d);
    const weeks: Day[] = [];
    for (let m = firstMonday; m <= record.discharge; m += 7) {
      let any = false;
      for (let i = 0; i < 7; i++) any ||= present.has(m + i);
      if (record.fullTime || any) weeks.push(m);
    }
    weeks.forEach((m, i) => {
      const rhs = String(i + 1);
      const last = i === weeks.length - 1;
      const pattern = (from: number, n: number): string => {
        let s = '';
        for (let k = 0; k < n; k++) s += present.has(m + from + k) ? '1' : '0';
        return s;
      };
      const b = B.blank();
      b[bc.ETA_NUM] = eta;
      b[bc.RHA_NUM] = rha;
      b[bc.RHS_NUM] = rhs;
      b[bc.AGE_ANN] = age;
      b[bc.COD_SEX] = String(person.sex);
      b[bc.BDI_COD] = person.home.postcode;
      b[bc.BDI_DEP] = person.home.dept.slice(0, 2);
      b[bc.MOI_ANN_SOR_SEJ] = yyyymm(record.discharge);
      b[bc.HOS_TYP_UM] = record.fullTime ? FULL_TIME : PART_TIME;
      b[bc.ETA_NUM_GEO] = eta;
      b[bc.ENT_MOD] = record.entryMode;
      b[bc.ENT_PRV] = record.provenance;
      b[bc.SOR_MOD] = last ? record.exitMode : null;
      b[bc.SOR_DES] = last && record.destination !== '' ? record.destination : null;
      b[bc.DEB_SEM] = i === 0 ? '1' : '0';
      b[bc.DEB_FIN] = last ? '1' : '0';
      b[bc.MOI_ANN] = yyyymm(Math.max(m, record.admission));
      b[bc.JP_HWE] = pattern(0, 5);
      b[bc.JP_WE] = pattern(5, 2);
      b[bc.FP_PEC] = record.reason === 'cardiac' ? FPP_CARDIAC : FPP_OTHER;
      b[bc.MOR_PRP] = record.morbidity;
      b[bc.NBR_DGN] = record.das.length;
      rows.push(yy('T_SSRaaB'), b);
      for (const code of record.das) {
        const d = D.blank();
        d[dc.ETA_NUM] = eta;
        d[dc.RHA_NUM] = rha;
        d[dc.RHS_NUM] = rhs;
        d[dc.DGN_COD] = code;
        rows.push(yy('T_SSRaaD'), d);
      }
    });
  },
};
