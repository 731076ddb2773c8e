/**
 * Drug referential and dispensing volumes (feeds ER_PHA_F and the IR_PHA_R referential).
 *
 * Outputs (provenance: `data/sources/30-drugs.md`):
 * - `drugs.csv.gz`: one row per reimbursable BDPM presentation, with ATC, rate, price, fee, units,
 *   generic group and an estimate of the boxes reimbursed in 2025;
 * - `ir_pha_r.csv.gz`: the same rows in the official IR_PHA_R layout;
 * - `drug_boxes_age_sex.csv`: national boxes and amounts by Open Medic age band × sex, 2022-2025,
 *   with the INSEE population of the band;
 * - `drug_boxes_atc1.csv`: boxes and amounts by ATC1 group, 2025.
 */
import type { BuildContext, Cell, DataBuilder } from './lib';
import { readRawCsv, readRawText, readRawWorkbook, round, sheetRows, writeTable } from './lib';
import { normName, parseEuro, parseRate, parseUnits, substanceVariants } from './drugs-parse';
import { IR_PHA_R_COLUMNS, type IrPhaRColumn } from './drugs-irphar';

const BDPM = 'ansm_bdpm_2025';
const OM = 'cnam_openmedic';
const OMD = 'cnam_openmedic_derived_2022_2025';
const YEARS = [2022, 2023, 2024, 2025] as const;

/** Tab-separated BDPM file without header (UTF-8 in the raw copy, CRLF or LF). */
function readBdpm(ctx: BuildContext, file: string): string[][] {
  return readRawText(ctx, `${BDPM}/${file}`)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t').map((c) => c.trim()));
}

function cell(row: readonly string[], i: number): string {
  return row[i] ?? '';
}

/** Code → label of one sheet of the Open Medic descriptif (first two columns, header skipped). */
function codeLabels(rows: unknown[][]): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of rows.slice(1)) {
    const code = r[0];
    const label = r[1];
    if (code === null || code === undefined || label === null || label === undefined) continue;
    m.set(String(code).trim(), String(label).trim());
  }
  return m;
}

type AtcSource = 'mitm' | 'substance' | 'group' | 'composition' | 'cip7' | '';

interface Presentation {
  cip13: string;
  cip7: string;
  cis: string;
  label: string;
  shortLabel: string;
  atc: string;
  atcSource: AtcSource;
  rate: number;
  price: number;
  fee: number;
  units: number | null;
  form: string;
  holder: string;
  substances: string;
  genericGroup: string;
  genericGroupLabel: string;
  genericType: string;
  /** Active substance codes (CIS_COMPO, FT replacing SA per liaison) and route of the CIS: `codes|route`. */
  composition: string;
  boxes2025: number;
}

/** Reference data shared by the outputs. */
interface Referential {
  presentations: Presentation[];
  atcLabels: Map<string, string>;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  const out: T[][] = [];
  xs.forEach((x, i) => {
    for (const p of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...p]);
  });
  return out;
}

function cartesian(lists: readonly string[][]): string[][] {
  let acc: string[][] = [[]];
  for (const l of lists) acc = acc.flatMap((a) => l.map((x) => [...a, x]));
  return acc;
}

/**
 * ATC5 codes whose Open Medic label matches the active substances of a CIS.
 * One substance: the first spelling variant that matches any label decides.
 * Two or three substances: labels "A + B" / "A ET B" in any order, over the spelling variants.
 */
function substanceCandidates(subs: readonly string[], byLabel: Map<string, string[]>): string[] {
  if (subs.length === 1) {
    for (const v of substanceVariants(subs[0] ?? '')) {
      const codes = byLabel.get(v);
      if (codes && codes.length > 0) return codes;
    }
    return [];
  }
  if (subs.length > 3) return [];
  const found = new Set<string>();
  for (const choice of cartesian(subs.map((s) => substanceVariants(s)))) {
    for (const p of permutations(choice)) {
      for (const sep of [' + ', ' ET ']) for (const c of byLabel.get(p.join(sep)) ?? []) found.add(c);
    }
  }
  return [...found].sort();
}

/**
 * Gives a presentation without an ATC5 code the ATC5 of its peers (same key: generic group, or same active
 * substances and route) when all the peers whose ATC5 comes from MITM or from their substance agree on one code,
 * inside the level-2-4 code the presentation may already have. Presentations keep their order.
 */
function borrowAtc(presentations: Presentation[], key: (p: Presentation) => string, source: AtcSource): void {
  const codes = new Map<string, Set<string>>();
  for (const p of presentations) {
    const k = key(p);
    if (k === '' || p.atc.length !== 7 || (p.atcSource !== 'mitm' && p.atcSource !== 'substance')) continue;
    const set = codes.get(k) ?? new Set<string>();
    codes.set(k, set);
    set.add(p.atc);
  }
  for (const p of presentations) {
    if (p.atc.length === 7) continue;
    const set = codes.get(key(p));
    if (!set || set.size !== 1) continue;
    const atc = [...set][0] as string;
    if (!atc.startsWith(p.atc)) continue;
    p.atc = atc;
    p.atcSource = source;
  }
}

function buildReferential(ctx: BuildContext): Referential {
  // Open Medic descriptif: ATC labels (levels 1-5) and short CIP13 labels.
  const wb = readRawWorkbook(ctx, `${OM}/Open_Medic_descriptif.xls`);
  const atcLabels = new Map<string, string>();
  for (const s of ['ATC1', 'ATC2', 'ATC3', 'ATC4', 'ATC5']) for (const [k, v] of codeLabels(sheetRows(wb, s))) atcLabels.set(k, v);
  const byLabel = new Map<string, string[]>();
  for (const [code, label] of codeLabels(sheetRows(wb, 'ATC5'))) {
    if (!/^[A-Z]\d\d[A-Z]{2}\d\d$/.test(code)) continue;
    const k = normName(label);
    byLabel.set(k, [...(byLabel.get(k) ?? []), code].sort());
  }
  const omLabel = codeLabels(sheetRows(wb, 'CIP13'));

  // BDPM specialties, compositions, generic groups, MITM ATC codes.
  const spec = new Map<string, { denom: string; form: string; route: string; holder: string }>();
  for (const r of readBdpm(ctx, 'CIS_bdpm.txt.gz')) {
    spec.set(cell(r, 0), { denom: cell(r, 1), form: cell(r, 2), route: cell(r, 3), holder: cell(r, 10) });
  }

  // Active substances (names and codes): per (CIS, liaison number) the FT (fraction thérapeutique) rows replace the SA rows.
  type Link = { sa: Set<string>; ft: Set<string>; saCodes: Set<string>; ftCodes: Set<string> };
  const compo = new Map<string, Map<string, Link>>();
  for (const r of readBdpm(ctx, 'CIS_COMPO_bdpm.txt.gz')) {
    const nature = cell(r, 6);
    if (nature !== 'SA' && nature !== 'FT') continue;
    const cis = cell(r, 0);
    const byLink = compo.get(cis) ?? new Map<string, Link>();
    compo.set(cis, byLink);
    const link = byLink.get(cell(r, 7)) ?? { sa: new Set<string>(), ft: new Set<string>(), saCodes: new Set<string>(), ftCodes: new Set<string>() };
    byLink.set(cell(r, 7), link);
    (nature === 'FT' ? link.ft : link.sa).add(cell(r, 3));
    (nature === 'FT' ? link.ftCodes : link.saCodes).add(cell(r, 2));
  }
  const substances = new Map<string, string[]>();
  const substanceCodes = new Map<string, string[]>();
  for (const [cis, byLink] of compo) {
    const names = new Set<string>();
    const codes = new Set<string>();
    for (const l of byLink.values()) {
      for (const n of l.ft.size > 0 ? l.ft : l.sa) names.add(n);
      for (const c of l.ftCodes.size > 0 ? l.ftCodes : l.saCodes) codes.add(c);
    }
    substances.set(cis, [...names].sort());
    substanceCodes.set(cis, [...codes].sort());
  }

  const generic = new Map<string, { group: string; label: string; type: string }>();
  for (const r of readBdpm(ctx, 'CIS_GENER_bdpm.txt.gz')) {
    const cis = cell(r, 2);
    const g = { group: cell(r, 0), label: cell(r, 1), type: cell(r, 3) };
    const old = generic.get(cis);
    if (!old || Number(g.group) < Number(old.group)) generic.set(cis, g);
  }

  const mitm = new Map<string, string>();
  for (const r of readBdpm(ctx, 'CIS_MITM.txt.gz')) {
    const atc = cell(r, 1).toUpperCase();
    if (/^[A-Z]\d\d([A-Z]([A-Z](\d\d)?)?)?$/.test(atc)) mitm.set(cell(r, 0), atc);
  }

  const mitmCodes = new Set(mitm.values());

  // IR_CIP_V (SNDS nomenclature, Dec. 2020): CIP7 → ATC level 2.
  const cip7Atc2 = new Map<string, string>();
  for (const r of readRawCsv(ctx, 'snds_nomenclatures_hdh/IR_CIP_V.csv.gz', { delimiter: ';' })) {
    const atc = (r['PHA_ATC_CLA'] ?? '').trim();
    if (/^[A-Z]\d\d$/.test(atc)) cip7Atc2.set((r['PHA_PRS_IDE'] ?? '').trim(), atc);
  }

  // Open Medic 2025 reimbursed amount per CIP13.
  const amount2025 = new Map<string, number>();
  for (const r of readRawCsv(ctx, `${OMD}/derived_eda_12_rem_par_cip13_2025.csv.gz`)) {
    amount2025.set((r['cip13'] ?? '').trim(), Number(r['remboursement_total']));
  }

  const candCache = new Map<string, string[]>();
  const presentations: Presentation[] = [];
  for (const r of readBdpm(ctx, 'CIS_CIP_bdpm.txt.gz')) {
    if (cell(r, 3) !== 'Présentation active') continue;
    const rate = parseRate(cell(r, 8));
    const price = parseEuro(cell(r, 9));
    if (rate === null || price === null || price <= 0) continue;
    const fee = parseEuro(cell(r, 11)) ?? 0;
    const cis = cell(r, 0);
    const cip7 = cell(r, 1);
    const cip13 = cell(r, 6);
    if (!/^\d{13}$/.test(cip13)) continue;
    const sp = spec.get(cis);
    const subs = substances.get(cis) ?? [];
    let cands = candCache.get(cis);
    if (!cands) {
      cands = substanceCandidates(subs, byLabel);
      candCache.set(cis, cands);
    }
    const atc2 = cip7Atc2.get(cip7) ?? '';
    const m = mitm.get(cis) ?? '';
    let atc = '';
    let atcSource: AtcSource = '';
    if (m.length === 7) {
      atc = m;
      atcSource = 'mitm';
    } else if (m !== '') {
      const c = cands.filter((x) => x.startsWith(m));
      [atc, atcSource] = c.length === 1 && c[0] !== undefined ? [c[0], 'substance'] : [m, 'mitm'];
    } else {
      // Ties (one label under several ATC5 codes): keep the codes of the CIP7's ATC2 (IR_CIP_V), then
      // the codes that the July 2025 MITM list itself uses (current ATC version after reclassifications).
      let c = cands.length > 1 && atc2 !== '' ? cands.filter((x) => x.startsWith(atc2)) : cands;
      if (c.length > 1) c = c.filter((x) => mitmCodes.has(x));
      if (c.length === 1 && c[0] !== undefined) [atc, atcSource] = [c[0], 'substance'];
      else if (atc2 !== '') [atc, atcSource] = [atc2, 'cip7'];
    }
    const amount = amount2025.get(cip13) ?? 0;
    // Open Medic's base de remboursement excludes the dispensing fee (see data/sources/30-drugs.md).
    const unitCost = price * (rate / 100);
    const presLabel = cell(r, 2);
    presentations.push({
      cip13,
      cip7,
      cis,
      label: sp ? `${sp.denom} - ${presLabel}` : presLabel,
      shortLabel: omLabel.get(cip13) ?? (sp ? normName(sp.denom.split(',')[0] ?? sp.denom) : ''),
      atc,
      atcSource,
      rate,
      price: round(price, 2),
      fee: round(fee, 2),
      units: parseUnits(presLabel),
      form: sp?.form ?? '',
      holder: sp?.holder ?? '',
      substances: subs.join(' + '),
      genericGroup: generic.get(cis)?.group ?? '',
      genericGroupLabel: generic.get(cis)?.label ?? '',
      genericType: generic.get(cis)?.type ?? '',
      composition: `${(substanceCodes.get(cis) ?? []).join(' ')}|${sp?.route ?? ''}`,
      boxes2025: amount > 0 && unitCost > 0 ? Math.round(amount / unitCost) : 0,
    });
  }
  presentations.sort((a, b) => (a.cip13 < b.cip13 ? -1 : a.cip13 > b.cip13 ? 1 : 0));
  borrowAtc(presentations, (p) => p.genericGroup, 'group');
  borrowAtc(presentations, (p) => (p.composition.startsWith('|') ? '' : p.composition), 'composition');
  return { presentations, atcLabels };
}

function writeDrugs(ctx: BuildContext, ref: Referential): void {
  const header = [
    'cip13', 'cip7', 'cis', 'label', 'atc', 'atc_source', 'rate', 'price', 'fee', 'units', 'form',
    'generic_group', 'generic_type', 'boxes_2025',
  ];
  const rows: Cell[][] = ref.presentations.map((p) => [
    p.cip13, p.cip7, p.cis, p.label, p.atc, p.atcSource, p.rate, p.price, p.fee, p.units ?? '', p.form,
    p.genericGroup, p.genericType, p.boxes2025,
  ]);
  writeTable(ctx, 'drugs.csv.gz', header, rows);
}

function writeIrPhaR(ctx: BuildContext, ref: Referential): void {
  const rows: Cell[][] = ref.presentations.map((p) => {
    const atc2 = p.atc.slice(0, 3);
    const v: Partial<Record<IrPhaRColumn, Cell>> = {
      PHA_CIP_C13: p.cip13,
      PHA_PRS_IDE: p.cip7,
      PHA_MED_NOM: p.shortLabel,
      PHA_FRM_LIB: p.form,
      PHA_LAB_NOM: p.holder,
      PHA_PRD_LIB1: p.label,
      PHA_GRS_NUM: p.genericGroup,
      PHA_GRS_NOM: p.genericGroupLabel,
      PHA_NOM_PA: p.substances,
      PHA_ATC_C07: p.atc.length === 7 ? p.atc : '',
      PHA_ATC_L07: p.atc.length === 7 ? (ref.atcLabels.get(p.atc) ?? '') : '',
      PHA_ATC_C03: atc2,
      PHA_ATC_L03: atc2 !== '' ? (ref.atcLabels.get(atc2) ?? '') : '',
      PHA_ATC_CLA: p.atc,
      PHA_ATC_LIB: p.atc !== '' ? (ref.atcLabels.get(p.atc) ?? '') : '',
      PHA_UPC_NBR: p.units ?? '',
    };
    return IR_PHA_R_COLUMNS.map((c) => v[c] ?? '');
  });
  writeTable(ctx, 'ir_pha_r.csv.gz', IR_PHA_R_COLUMNS, rows);
}

const AGE_BANDS: Readonly<Record<string, string>> = { '0-19 ANS': '0-19', '20 - 59 ANS': '20-59', '60 ANS ET +': '60+' };
const SEXES: Readonly<Record<string, number>> = { MASCULIN: 1, FEMININ: 2 };
const BAND_ORDER = ['0-19', '20-59', '60+'] as const;

/** Population at 1 January of the latest year of the INSEE pyramid file, by Open Medic band × sex. */
function population(ctx: BuildContext): { year: number; pop: Map<string, number> } {
  const recs = readRawCsv(ctx, 'insee_pop/donnees_pyramide_act_2022.csv', { delimiter: ';' });
  const year = Math.max(...recs.map((r) => Number(r['ANNEE'])));
  const pop = new Map<string, number>();
  for (const r of recs) {
    if (Number(r['ANNEE']) !== year) continue;
    const age = Number(r['AGE']);
    const sex = r['SEXE'] === 'M' ? 1 : r['SEXE'] === 'F' ? 2 : 0;
    if (!sex || !Number.isFinite(age)) continue;
    const band = age < 20 ? '0-19' : age < 60 ? '20-59' : '60+';
    const k = `${band}|${sex}`;
    pop.set(k, (pop.get(k) ?? 0) + Number(r['POP']));
  }
  return { year, pop };
}

/**
 * Spreads the cells with unknown age band and/or sex over the 6 known cells, proportionally to the
 * known cells' values of the same measure (within the known band, within the known sex, or over all).
 */
function spreadUnknown(
  cells: { band: string | null; sex: number | null; value: number }[],
): Map<string, number> {
  const known = new Map<string, number>();
  for (const c of cells) if (c.band && c.sex) known.set(`${c.band}|${c.sex}`, (known.get(`${c.band}|${c.sex}`) ?? 0) + c.value);
  const out = new Map(known);
  for (const c of cells) {
    if (c.band && c.sex) continue;
    const targets = [...known.keys()].filter((k) => {
      const [b, s] = k.split('|');
      return (!c.band || b === c.band) && (!c.sex || Number(s) === c.sex);
    });
    const tot = targets.reduce((a, k) => a + (known.get(k) ?? 0), 0);
    for (const k of targets) out.set(k, (out.get(k) ?? 0) + (c.value * (known.get(k) ?? 0)) / tot);
  }
  return out;
}

function writeAgeSex(ctx: BuildContext): void {
  const { pop } = population(ctx);
  const rows: Cell[][] = [];
  for (const year of YEARS) {
    const recs = readRawCsv(ctx, `${OMD}/derived_fe_02_remboursement_moyen_age_sexe_${year}.csv`);
    const parsed = recs.map((r) => ({
      band: AGE_BANDS[(r['tranche_age'] ?? '').trim()] ?? null,
      sex: SEXES[(r['sexe'] ?? '').trim()] ?? null,
      boxes: Number(r['boites_totales']),
      amount: Number(r['remboursement_total']),
    }));
    const boxes = spreadUnknown(parsed.map((p) => ({ band: p.band, sex: p.sex, value: p.boxes })));
    const amount = spreadUnknown(parsed.map((p) => ({ band: p.band, sex: p.sex, value: p.amount })));
    for (const band of BAND_ORDER) {
      for (const sex of [1, 2]) {
        const k = `${band}|${sex}`;
        const b = boxes.get(k) ?? 0;
        const p = pop.get(k) ?? 0;
        rows.push([year, band, sex, Math.round(b), round(amount.get(k) ?? 0, 2), p, p > 0 ? round(b / p, 3) : '']);
      }
    }
  }
  writeTable(ctx, 'drug_boxes_age_sex.csv', ['year', 'age_band', 'sex', 'boxes', 'amount', 'population', 'boxes_per_person'], rows);
}

function writeAtc1(ctx: BuildContext, ref: Referential): void {
  const rows: Cell[][] = readRawCsv(ctx, `${OM}/derived_eda_05_analyse_atc1.csv`, { encoding: 'latin1' })
    .map((r) => {
      const atc1 = (r['atc1'] ?? '').trim();
      return [atc1, ref.atcLabels.get(atc1) ?? '', Math.round(Number(r['boites_delivrees'])), round(Number(r['remboursement_total']), 2)] as Cell[];
    })
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  writeTable(ctx, 'drug_boxes_atc1.csv', ['atc1', 'label', 'boxes', 'amount'], rows);
}

export const drugsBuilder: DataBuilder = {
  name: '30-drugs',
  outputs: ['drugs.csv.gz', 'ir_pha_r.csv.gz', 'drug_boxes_age_sex.csv', 'drug_boxes_atc1.csv'],
  build(ctx: BuildContext): void {
    const ref = buildReferential(ctx);
    writeDrugs(ctx, ref);
    writeIrPhaR(ctx, ref);
    writeAgeSex(ctx);
    writeAtc1(ctx, ref);
  },
};
