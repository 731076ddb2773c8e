/**
 * CCAM technical acts in private practice (CNAM, *Actes techniques de la CCAM en 2019*): one row per
 * act/activity/phase with tariffs, quantity, base and reimbursed amounts, and aggregates per regroupement code.
 * Raw input: `cnam_ccam_liberal/2019_actes-techniques-ccam_serie-annuelle.xls` (see data/sources/60-ccam.md).
 */
import { readRawWorkbook, round, sheetRows, writeTable } from './lib';
import type { BuildContext, Cell, DataBuilder } from './lib';

const CCAM_FILE = 'cnam_ccam_liberal/2019_actes-techniques-ccam_serie-annuelle.xls';
const DATA_SHEET = 'Panorama des actes CCAM';
const README_SHEET = 'A lire';

/** Expected header of the data sheet (trimmed), checked so that a different edition fails loudly. */
const HEADER = [
  'Code Acte',
  'Code acte/activité/phase',
  'Libellé long',
  'Code Activité',
  'Code Phase',
  'Code regroupement',
  "Tarif secteur 1 et 2 adhérant à l'OPTAM/OPTAM-CO",
  "Tarif secteur 2 non adhérant à l'OPTAM/OPTAM-CO",
  "Quantité d'actes",
  'Base de remboursement',
  'Montants remboursés',
  "Catégorie d'acte",
  "Sous-catégorie d'acte",
];

/** One published row. Missing numbers (empty cells in the file) are `null`. */
export interface CcamRow {
  act: string;
  activity: string;
  phase: string;
  label: string;
  regroupement: string;
  tariff: number | null;
  tariffS2: number | null;
  quantity: number;
  base: number | null;
  amount: number | null;
  category: string;
  subcategory: string;
}

function optNum(v: unknown, what: string): number | null {
  if (v === null || v === '') return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new Error(`${CCAM_FILE} ${what}: not a number: ${JSON.stringify(v)}`);
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

/** Reads and checks the data sheet. */
export function readCcam(ctx: BuildContext): CcamRow[] {
  const rows = sheetRows(readRawWorkbook(ctx, CCAM_FILE), DATA_SHEET);
  const header = (rows[0] ?? []).map(text);
  if (header.join('|') !== HEADER.join('|')) throw new Error(`${CCAM_FILE}: unexpected header ${JSON.stringify(header)}`);
  const out: CcamRow[] = [];
  const seen = new Set<string>();
  for (const r of rows.slice(1)) {
    if (r.every((v) => v === null || v === '')) continue;
    const act = text(r[0]);
    const aap = text(r[1]);
    const activity = text(r[3]);
    const phase = text(r[4]);
    if (!/^[A-Z]{4}\d{3}$/.test(act)) throw new Error(`${CCAM_FILE}: bad act code ${JSON.stringify(act)}`);
    if (aap !== act + activity + phase) throw new Error(`${CCAM_FILE}: ${aap} is not ${act}+${activity}+${phase}`);
    if (seen.has(aap)) throw new Error(`${CCAM_FILE}: duplicate ${aap}`);
    seen.add(aap);
    const quantity = optNum(r[8], `${aap} quantity`);
    if (quantity === null) throw new Error(`${CCAM_FILE}: ${aap} has no quantity`);
    out.push({
      act,
      activity,
      phase,
      label: text(r[2]),
      regroupement: text(r[5]),
      tariff: optNum(r[6], `${aap} tariff`),
      tariffS2: optNum(r[7], `${aap} tariff s2`),
      quantity,
      base: optNum(r[9], `${aap} base`),
      amount: optNum(r[10], `${aap} amount`),
      category: text(r[11]),
      subcategory: text(r[12]),
    });
  }
  return out;
}

/** Labels of the regroupement codes from the `A lire` sheet (continuation lines joined with " / "). */
export function readRegroupementLabels(ctx: BuildContext): Map<string, string> {
  const rows = sheetRows(readRawWorkbook(ctx, CCAM_FILE), README_SHEET);
  const labels = new Map<string, string>();
  // The table sits in columns B (code) and C (label); a label running over two lines has an empty code cell.
  const start = rows.findIndex((r) => text(r[1]) === 'Code regroupement' && text(r[2]) === 'Libellé');
  if (start < 0) throw new Error(`${CCAM_FILE} ${README_SHEET}: regroupement table not found`);
  let last: string | null = null;
  for (const r of rows.slice(start + 1)) {
    const code = text(r[1]);
    const label = text(r[2]);
    if (!code && !label) break;
    if (code) {
      if (!/^[A-Z0-9]{3}$/.test(code)) throw new Error(`${CCAM_FILE} ${README_SHEET}: bad regroupement ${code}`);
      labels.set(code, label);
      last = code;
    } else if (last) {
      labels.set(last, `${labels.get(last)!} / ${label}`);
    }
  }
  return labels;
}

const money = (x: number | null): Cell => (x === null ? '' : round(x, 2));

export const ccamBuilder: DataBuilder = {
  name: '60-ccam',
  outputs: ['ccam_liberal.csv.gz', 'ccam_regroupement.csv'],
  build(ctx: BuildContext): void {
    const rows = readCcam(ctx).sort((x, y) =>
      x.act !== y.act ? (x.act < y.act ? -1 : 1) : x.activity !== y.activity ? (x.activity < y.activity ? -1 : 1) : x.phase < y.phase ? -1 : x.phase > y.phase ? 1 : 0,
    );
    writeTable(
      ctx,
      'ccam_liberal.csv.gz',
      ['act', 'activity', 'phase', 'label', 'regroupement', 'tariff', 'quantity', 'base', 'amount', 'category', 'subcategory', 'tariff_s2_non_optam'],
      rows.map((r) => [r.act, r.activity, r.phase, r.label, r.regroupement, money(r.tariff), r.quantity, money(r.base), money(r.amount), r.category, r.subcategory, money(r.tariffS2)]),
    );

    const labels = readRegroupementLabels(ctx);
    const agg = new Map<string, { acts: number; amount: number; base: number }>();
    for (const r of rows) {
      const a = agg.get(r.regroupement) ?? { acts: 0, amount: 0, base: 0 };
      a.acts += r.quantity;
      a.amount += r.amount ?? 0;
      a.base += r.base ?? 0;
      agg.set(r.regroupement, a);
    }
    const out: Cell[][] = [...agg.entries()]
      .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
      .map(([g, a]) => [g, a.acts, round(a.amount, 2), round(a.base, 2), labels.get(g) ?? '']);
    writeTable(ctx, 'ccam_regroupement.csv', ['regroupement', 'acts', 'amount', 'base', 'label'], out);
  },
};
