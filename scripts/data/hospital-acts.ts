/**
 * CCAM acts in MCO stays by region (Open CCAM 2019) and the MCO establishments referential (SAE 2023 +
 * Eurostat GISCO coordinates). See data/sources/40-hospital.md.
 */
import { type BuildContext, type Cell, readRawCsv, writeTable, round } from './lib';

const OPEN_CCAM = 'atih_open_ccam/open_ccam_19_reg.csv.gz';
const SAE_ID = 'drees_sae_2023/ID_2023r.csv';
const SAE_MCO = 'drees_sae_2023/MCO_2023r.csv';
const GISCO = 'eurostat_gisco_hospitals/FR.csv';

/** Open CCAM count: `.` (suppressed small cell) → undefined. */
function count(s: string | undefined, what: string): number | undefined {
  const t = (s ?? '').trim();
  if (t === '.') return undefined;
  const v = Number(t);
  if (t === '' || !Number.isFinite(v)) throw new Error(`${what}: not a number "${s}"`);
  return v;
}

/**
 * Builds mco_acts.csv.gz. Rows whose stays or acts are suppressed are left out. The activity code is
 * not part of the Open CCAM key, so the `activity` column is empty.
 */
export function buildActs(ctx: BuildContext): void {
  const out: Cell[][] = [];
  for (const r of readRawCsv(ctx, OPEN_CCAM, { delimiter: ';' })) {
    const acte = (r['acte'] ?? '').trim();
    // 8 characters = 7-char CCAM code + phase (observed values 0-3; CCAM activity codes are 1-5, never 0).
    if (!/^[A-Z]{4}\d{3}[0-3]$/.test(acte)) throw new Error(`open_ccam: bad acte "${acte}"`);
    const stays = count(r['nb_sejsea'], 'nb_sejsea');
    const acts = count(r['nb_actes'], 'nb_actes');
    if (stays === undefined || acts === undefined) continue;
    const los = count(r['dms_globale'], 'dms_globale');
    const zero = count(r['nb_sej_0_nuit'], 'nb_sej_0_nuit');
    out.push([(r['reg'] ?? '').trim(), acte.slice(0, 7), '', Number(acte[7]), stays, acts, los === undefined ? '' : round(los, 2), zero ?? '']);
  }
  out.sort((a, b) => (a[0] === b[0] ? (String(a[1]) + a[2] + a[3] < String(b[1]) + b[2] + b[3] ? -1 : 1) : String(a[0]) < String(b[0]) ? -1 : 1));
  writeTable(ctx, 'mco_acts.csv.gz', ['region', 'act', 'activity', 'phase', 'stays', 'acts', 'mean_los', 'zero_night_stays'], out);
}

/** SAE regrouped legal status `stjr` → label (cross-tab of `stj` × `stjr` against IR_SJE_V, see provenance). */
export const STATUS_OF_STJR: Readonly<Record<string, string>> = {
  '1': 'public',
  '2': 'private for-profit',
  '3': 'private non-profit',
};

/** SAE integer cell (blank = 0). */
function saeInt(s: string | undefined, what: string): number {
  const t = (s ?? '').trim();
  if (t === '') return 0;
  const v = Number(t);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${what}: bad value "${s}"`);
  return v;
}

/** SAE codes overseas départements 9A…9F; INSEE uses 971…976 (9A = 971 Guadeloupe … 9F = 976 Mayotte). */
export function inseeCommune(saeCom: string): string {
  const m = /^9([A-F])(\d{3})$/.exec(saeCom);
  if (!m) return saeCom;
  return `97${m[1]!.charCodeAt(0) - 64}${m[2]!.slice(1)}`;
}

/** INSEE département of a commune code (DOM: 3 digits). */
export function deptOfCommune(com: string): string {
  return com.startsWith('97') ? com.slice(0, 3) : com.slice(0, 2);
}

/** Builds establishments.csv. */
export function buildEstablishments(ctx: BuildContext): void {
  const coords = new Map<string, [string, string]>();
  for (const g of readRawCsv(ctx, GISCO)) coords.set((g['id'] ?? '').trim(), [(g['lat'] ?? '').trim(), (g['lon'] ?? '').trim()]);
  const mco = new Map<string, Record<string, string>>();
  for (const m of readRawCsv(ctx, SAE_MCO, { delimiter: ';', encoding: 'latin1' })) mco.set((m['FI'] ?? '').trim(), m);
  const out: Cell[][] = [];
  for (const e of readRawCsv(ctx, SAE_ID, { delimiter: ';', encoding: 'latin1' })) {
    const fi = (e['fi'] ?? '').trim();
    const m = mco.get(fi);
    if (!m) continue;
    const full = saeInt(m['SEJHC_MCO'], 'SEJHC_MCO');
    const zero = saeInt(m['SEJ0_MCO'], 'SEJ0_MCO');
    const sessions = saeInt(m['SEA_MCO'], 'SEA_MCO');
    if (full + zero + sessions === 0) continue;
    if (!/^[0-9][0-9AB][0-9]{7}$/.test(fi)) throw new Error(`SAE: bad FINESS "${fi}"`);
    const status = STATUS_OF_STJR[(e['stjr'] ?? '').trim()];
    if (!status) throw new Error(`SAE ${fi}: unknown stjr "${e['stjr']}"`);
    const com = inseeCommune((e['COMINSEE'] ?? '').trim());
    if (!/^[0-9][0-9AB][0-9]{3}$/.test(com)) throw new Error(`SAE ${fi}: bad commune "${com}"`);
    const xy = coords.get(fi.startsWith('0') ? fi.slice(1) : fi);
    const lat = xy ? Number(xy[0]) : NaN;
    const lon = xy ? Number(xy[1]) : NaN;
    const ok = xy !== undefined && xy[0] !== '' && Number.isFinite(lat) && Number.isFinite(lon);
    out.push([
      fi,
      (e['fi_ej'] ?? '').trim(),
      (e['rs'] ?? '').trim(),
      deptOfCommune(com),
      com,
      (e['cat'] ?? '').trim(),
      status,
      full,
      zero,
      sessions,
      ok ? round(lat, 5) : '',
      ok ? round(lon, 5) : '',
    ]);
  }
  out.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  writeTable(
    ctx,
    'establishments.csv',
    ['finess', 'finess_ej', 'name', 'dept', 'commune', 'category', 'status', 'mco_full_stays', 'mco_zero_night_stays', 'mco_sessions', 'lat', 'lon'],
    out,
  );
}
