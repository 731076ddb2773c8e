/**
 * Modelling tables that no open source provides (provenance: `data/sources/16-modelling-tables.md`):
 * - `ald_treatments.csv`: the treatments of each ALD (ATC prefixes, space-separated) and the specialty
 *   (IR_SPE_V) of the physician who prescribes them when one practises in the département;
 * - `icd10_cmd.csv`: the CMD (catégorie majeure de diagnostic) of ICD-10 main-diagnosis ranges, first
 *   matching row wins (codes compared on the length of the bounds);
 * - `chronic_atc.csv`: the ATC prefixes of long-term treatments, dispensed as refills;
 * - `session_kinds.csv`: the series hospital sessions come in (sessions per series, days between them,
 *   main-diagnosis prefixes, the ALD whose holders alone receive them, 0 for anyone).
 * These are choices of ours, kept here as data so that the simulator reads them like any rate table
 * (their hash enters the run manifest); each is explained in its provenance note.
 */
import type { DataBuilder } from './lib';
import { writeTable } from './lib';

/** ALD number → ATC prefixes of its treatments and the prescriber's specialty. Modelling choice. */
const ALD_TREATMENTS: readonly (readonly [number, { readonly atc: readonly string[]; readonly specialty: number }])[] = [
  [1, { atc: ['B01', 'C10'], specialty: 32 }],
  [2, { atc: ['B03'], specialty: 71 }],
  [3, { atc: ['B01', 'C10'], specialty: 3 }],
  [5, { atc: ['C03', 'C07', 'C09', 'B01'], specialty: 3 }],
  [6, { atc: ['A06AD', 'C03DA'], specialty: 8 }],
  [7, { atc: ['J05'], specialty: 1 }],
  [8, { atc: ['A10'], specialty: 42 }],
  [9, { atc: ['N03'], specialty: 32 }],
  [12, { atc: ['C02', 'C03', 'C07', 'C08', 'C09'], specialty: 3 }],
  [13, { atc: ['B01', 'C07', 'C10', 'C01D'], specialty: 3 }],
  [14, { atc: ['R03'], specialty: 13 }],
  [15, { atc: ['N06D'], specialty: 32 }],
  [16, { atc: ['N04'], specialty: 32 }],
  [19, { atc: ['C09'], specialty: 35 }],
  [21, { atc: ['H02'], specialty: 9 }],
  [22, { atc: ['L04', 'H02'], specialty: 14 }],
  [23, { atc: ['N05', 'N06A'], specialty: 33 }],
  [24, { atc: ['A07E', 'L04'], specialty: 8 }],
  [25, { atc: ['L04', 'L03'], specialty: 32 }],
  [27, { atc: ['M01', 'L04'], specialty: 14 }],
  [28, { atc: ['L04'], specialty: 1 }],
  [29, { atc: ['J04'], specialty: 1 }],
  [30, { atc: ['L01', 'L02'], specialty: 73 }],
];

/**
 * ICD-10 ranges → CMD: our rule, from the ICD-10 chapter and block titles read against the CMD titles
 * (IR_CMD_V / MS_GM9_V labels); the ATIH grouping tables are not open data. First match wins.
 */
const ICD10_CMD: readonly (readonly [string, string, number])[] = [
  ['B20', 'B24', 25],
  ['A00', 'B99', 18],
  ['C00', 'C14', 3],
  ['C15', 'C21', 6],
  ['C22', 'C25', 7],
  ['C26', 'C26', 6],
  ['C30', 'C32', 3],
  ['C33', 'C39', 4],
  ['C40', 'C41', 8],
  ['C43', 'C44', 9],
  ['C45', 'C45', 4],
  ['C46', 'C49', 8],
  ['C50', 'C50', 9],
  ['C51', 'C58', 13],
  ['C60', 'C63', 12],
  ['C64', 'C68', 11],
  ['C69', 'C69', 2],
  ['C70', 'C72', 1],
  ['C73', 'C75', 10],
  ['C76', 'C97', 17],
  ['D00', 'D01', 6],
  ['D02', 'D02', 4],
  ['D03', 'D05', 9],
  ['D074', 'D076', 12],
  ['D06', 'D07', 13],
  ['D09', 'D09', 23],
  ['D10', 'D11', 3],
  ['D12', 'D13', 6],
  ['D14', 'D15', 4],
  ['D16', 'D16', 8],
  ['D17', 'D24', 9],
  ['D25', 'D28', 13],
  ['D29', 'D29', 12],
  ['D30', 'D30', 11],
  ['D31', 'D31', 2],
  ['D32', 'D33', 1],
  ['D34', 'D35', 10],
  ['D36', 'D36', 23],
  ['D37', 'D37', 6],
  ['D38', 'D38', 4],
  ['D39', 'D39', 13],
  ['D40', 'D40', 12],
  ['D41', 'D41', 11],
  ['D42', 'D43', 1],
  ['D44', 'D44', 10],
  ['D45', 'D47', 17],
  ['D48', 'D48', 9],
  ['D50', 'D89', 16],
  ['E00', 'E90', 10],
  ['F10', 'F19', 20],
  ['F00', 'F99', 19],
  ['G00', 'G99', 1],
  ['H00', 'H59', 2],
  ['H60', 'H95', 3],
  ['I60', 'I69', 1],
  ['I00', 'I99', 5],
  ['J00', 'J06', 3],
  ['J30', 'J39', 3],
  ['J00', 'J99', 4],
  ['K00', 'K14', 3],
  ['K70', 'K87', 7],
  ['K00', 'K93', 6],
  ['L00', 'L99', 9],
  ['M00', 'M99', 8],
  ['N00', 'N39', 11],
  ['N40', 'N51', 12],
  ['N60', 'N65', 9],
  ['N70', 'N98', 13],
  ['N99', 'N99', 11],
  ['O00', 'O99', 14],
  ['P00', 'P96', 15],
  ['Q00', 'Q07', 1],
  ['Q10', 'Q15', 2],
  ['Q16', 'Q18', 3],
  ['Q20', 'Q28', 5],
  ['Q30', 'Q34', 4],
  ['Q35', 'Q45', 6],
  ['Q50', 'Q52', 13],
  ['Q53', 'Q55', 12],
  ['Q60', 'Q64', 11],
  ['Q65', 'Q79', 8],
  ['Q80', 'Q85', 9],
  ['S06', 'S06', 1],
  ['S00', 'S99', 8],
  ['T20', 'T32', 22],
  ['T00', 'T98', 21],
];

/**
 * ATC prefixes of long-term ("chronic") treatments, dispensed as refills at the rhythm of the box.
 * Modelling choice: cardiovascular drugs, antidiabetics, antithrombotics, thyroid, antiepileptics,
 * antiparkinsonians, antipsychotics, antidepressants, anti-dementia, antiasthmatics,
 * antineoplastic/hormonal/immunosuppressant agents, antigout, drugs of benign prostatic hypertrophy and
 * proton-pump inhibitors.
 */
const CHRONIC_ATC: readonly string[] = ['C', 'A10', 'B01', 'H03', 'N03', 'N04', 'N05A', 'N06A', 'N06D', 'R03', 'L01', 'L02', 'L04', 'M04', 'G04C', 'A02B'];

/**
 * Session series: dialysis 3 sessions a week (intervals 2, 2, 3 days) for a year; chemotherapy 6 cycles
 * 21 days apart; other sessions (transfusion, radiotherapy…) isolated. The last kind's empty prefix takes
 * every other session diagnosis. Modelling choice: no open table gives sessions per patient. Chronic dialysis
 * treats end-stage renal failure, exempted as ALD 19 (néphropathie chronique grave), and chemotherapy a cancer,
 * ALD 30 (tumeur maligne): those series go to holders of that ALD only.
 */
const SESSION_KINDS: readonly (readonly [string, number, readonly number[], readonly string[], number])[] = [
  ['dialysis', 156, [2, 2, 3], ['Z49'], 19],
  ['chemotherapy', 6, [21], ['Z511', 'Z512'], 30],
  ['other', 1, [1], [''], 0],
];

export const modellingTablesBuilder: DataBuilder = {
  name: 'modelling-tables',
  outputs: ['ald_treatments.csv', 'icd10_cmd.csv', 'chronic_atc.csv', 'session_kinds.csv'],
  build(ctx) {
    writeTable(
      ctx,
      'ald_treatments.csv',
      ['ald', 'atc', 'specialty'],
      ALD_TREATMENTS.map(([ald, t]) => [ald, t.atc.join(' '), t.specialty]),
    );
    writeTable(
      ctx,
      'icd10_cmd.csv',
      ['order', 'from', 'to', 'cmd'],
      ICD10_CMD.map(([from, to, cmd], i) => [i + 1, from, to, cmd]),
    );
    writeTable(
      ctx,
      'chronic_atc.csv',
      ['atc'],
      CHRONIC_ATC.map((a) => [a]),
    );
    writeTable(
      ctx,
      'session_kinds.csv',
      ['order', 'name', 'sessions', 'intervals', 'prefixes', 'ald'],
      SESSION_KINDS.map(([name, sessions, intervals, prefixes, ald], i) => [i + 1, name, sessions, intervals.join(' '), prefixes.join(' '), ald]),
    );
  },
};
