/**
 * MCO stay rates per person-year by ScanSanté region × type × sex × age band (PMSI 2016), and the
 * département → ScanSanté region key. See data/sources/40-hospital.md, section "mco_stay_rates.csv".
 */
import { type BuildContext, type Cell, readRawRows, readRawWorkbook, sheetRows, writeTable, round } from './lib';

/** Lower bounds of the ScanSanté age bands; the last band is open. */
export const SCANSANTE_AGE_MIN: readonly number[] = [0, 17, 26, 46, 56, 70, 80];
/** Upper bound written for the open last band. */
export const OPEN_AGE_MAX = 120;

const SCANSANTE = 'scansante_pmsi_medtraj';
const POP_XLSX = 'insee_pop/estim-pop-dep-sexe-aq-1975-2021.xlsx';
const PYRAMID = 'insee_pop/donnees_pyramide_act_2022.csv';
const POP_YEAR = '2016';

/** ScanSanté départements codes (`2`, `02A`, `971`) → INSEE codes (`02`, `2A`, `971`). */
export function normaliseDept(code: string): string {
  const c = code.trim().toUpperCase();
  if (/^0?2[AB]$/.test(c)) return c.slice(-2);
  if (/^\d+$/.test(c)) return c.length === 1 ? `0${c}` : c;
  throw new Error(`unexpected département code "${code}"`);
}

/** Parses a decimal-comma number ("5,6"); throws on anything else. */
function num(s: string | undefined, what: string): number {
  const v = Number((s ?? '').trim().replace(',', '.'));
  if ((s ?? '').trim() === '' || !Number.isFinite(v)) throw new Error(`${what}: not a number "${s}"`);
  return v;
}

/** reg_dpt.csv: département → ScanSanté region (REG_COD_AFF). */
export function readRegionOfDept(ctx: BuildContext): Map<string, number> {
  const rows = readRawRows(ctx, `${SCANSANTE}/reg_dpt.csv`, { delimiter: ';' });
  const out = new Map<string, number>();
  for (const r of rows.slice(1)) out.set(normaliseDept(r[0] ?? ''), num(r[1], 'REG_COD_AFF'));
  return out;
}

/** Index of the ScanSanté age band containing single age `a`. */
function bandOf(a: number): number {
  let j = 0;
  for (let k = 0; k < SCANSANTE_AGE_MIN.length; k++) if (a >= (SCANSANTE_AGE_MIN[k] ?? 0)) j = k;
  return j;
}

/**
 * Population 2016 by ScanSanté region × sex (0 = men, 1 = women) × ScanSanté age band: INSEE
 * département × sex × 5-year band, each 5-year band split across ScanSanté bands in proportion to
 * the national single-year pyramid of the same year and sex.
 */
export function populationByRegion(ctx: BuildContext, regionOf: Map<string, number>, seen: Set<string> = new Set()): Map<number, number[][]> {
  // National single-year pyramid 2016 (ages 0..99, 99 = 99 and over).
  const pyr: number[][] = [new Array<number>(100).fill(0), new Array<number>(100).fill(0)];
  for (const r of readRawRows(ctx, PYRAMID, { delimiter: ';' }).slice(1)) {
    if (r[0] !== POP_YEAR) continue;
    const s = r[1] === 'M' ? 0 : r[1] === 'F' ? 1 : -1;
    const a = Number(r[2]);
    if (s < 0 || !(a >= 0 && a <= 99)) throw new Error(`pyramid: bad row ${r.join(';')}`);
    pyr[s]![a] = num(r[3], 'POP');
  }
  // share[s][k][j]: part of 5-year band k (k = 0..19, 19 = 95+) falling in ScanSanté band j.
  const share: number[][][] = [0, 1].map((s) =>
    Array.from({ length: 20 }, (_, k) => {
      const out = new Array<number>(SCANSANTE_AGE_MIN.length).fill(0);
      if (k === 19) {
        out[SCANSANTE_AGE_MIN.length - 1] = 1;
        return out;
      }
      let tot = 0;
      for (let a = 5 * k; a < 5 * k + 5; a++) tot += pyr[s]![a]!;
      for (let a = 5 * k; a < 5 * k + 5; a++) out[bandOf(a)]! += pyr[s]![a]! / tot;
      return out;
    }),
  );
  const rows = sheetRows(readRawWorkbook(ctx, POP_XLSX), POP_YEAR);
  const pop = new Map<number, number[][]>();
  let depts = 0;
  for (const r of rows.slice(5)) {
    const code = r[0];
    if (code === null || code === undefined) continue;
    const c = String(code).trim();
    if (!/^(\d{2,3}|2[AB])$/.test(c)) continue; // totals rows
    const reg = regionOf.get(c);
    if (reg === undefined) throw new Error(`département ${c} missing from reg_dpt.csv`);
    depts++;
    seen.add(c);
    let m = pop.get(reg);
    if (!m) {
      m = [0, 1].map(() => new Array<number>(SCANSANTE_AGE_MIN.length).fill(0));
      pop.set(reg, m);
    }
    for (let s = 0; s < 2; s++) {
      const first = 2 + 21 * (s + 1); // Ensemble block C..W, then Hommes, then Femmes
      for (let k = 0; k < 20; k++) {
        const v = r[first + k];
        if (typeof v !== 'number') throw new Error(`population ${c}: non-numeric cell`);
        for (let j = 0; j < SCANSANTE_AGE_MIN.length; j++) m[s]![j]! += v * share[s]![k]![j]!;
      }
    }
  }
  // reg_dpt.csv also lists the old Corsica code "20", which has no population row.
  if (depts < 100) throw new Error(`population: only ${depts} départements in sheet ${POP_YEAR}`);
  return pop;
}

/**
 * Iterative proportional fitting of a 2-D seed to row and column margins (column margins are first
 * rescaled to the row total). Deterministic: fixed number of sweeps or convergence to 1e-12.
 */
export function ipf(seed: number[][], rowTargets: number[], colTargets: number[]): number[][] {
  const nr = seed.length;
  const nc = colTargets.length;
  const rowTot = rowTargets.reduce((a, b) => a + b, 0);
  const colTot = colTargets.reduce((a, b) => a + b, 0);
  const cols = colTargets.map((c) => (colTot > 0 ? (c * rowTot) / colTot : 0));
  const m = seed.map((r) => r.slice());
  for (let it = 0; it < 1000; it++) {
    let maxDiff = 0;
    for (let i = 0; i < nr; i++) {
      const s = m[i]!.reduce((a, b) => a + b, 0);
      const f = s > 0 ? rowTargets[i]! / s : 0;
      for (let j = 0; j < nc; j++) m[i]![j]! *= f;
    }
    for (let j = 0; j < nc; j++) {
      let s = 0;
      for (let i = 0; i < nr; i++) s += m[i]![j]!;
      const f = s > 0 ? cols[j]! / s : 0;
      maxDiff = Math.max(maxDiff, Math.abs(s - cols[j]!) / Math.max(1, cols[j]!));
      for (let i = 0; i < nr; i++) m[i]![j]! *= f;
    }
    if (maxDiff < 1e-12) break;
  }
  return m;
}

interface Margin {
  stays: number;
  los: number;
}

/** Builds mco_stay_rates.csv and mco_region_of_dept.csv. */
export function buildStayRates(ctx: BuildContext): void {
  const regionOf = readRegionOfDept(ctx);
  const seen = new Set<string>();
  const pop = populationByRegion(ctx, regionOf, seen);

  // age margins: key region|type → per band
  const byAge = new Map<string, (Margin | undefined)[]>();
  for (const r of readRawRows(ctx, `${SCANSANTE}/nbsejours_age_region.csv`, { delimiter: ';' }).slice(1)) {
    const key = `${num(r[1], 'reg')}|${num(r[2], 'type')}`;
    const j = SCANSANTE_AGE_MIN.indexOf(num(r[3], 'age'));
    if (j < 0) throw new Error(`nbsejours_age_region: unknown age band ${r[3]}`);
    const arr = byAge.get(key) ?? new Array<Margin | undefined>(SCANSANTE_AGE_MIN.length).fill(undefined);
    arr[j] = { stays: num(r[4], 'nbsej'), los: num(r[5], 'DMS') };
    byAge.set(key, arr);
  }
  const bySex = new Map<string, (Margin | undefined)[]>();
  for (const r of readRawRows(ctx, `${SCANSANTE}/nbsejours_sexe_region.csv`, { delimiter: ';' }).slice(1)) {
    const key = `${num(r[1], 'reg')}|${num(r[2], 'Type')}`;
    const s = num(r[3], 'Sexe') - 1;
    if (s !== 0 && s !== 1) throw new Error(`nbsejours_sexe_region: sex ${r[3]}`);
    const arr = bySex.get(key) ?? [undefined, undefined];
    arr[s] = { stays: num(r[4], 'Nb séjours'), los: num(r[5], 'DMS') };
    bySex.set(key, arr);
  }

  const out: Cell[][] = [];
  const regions = [...pop.keys()].sort((a, b) => a - b);
  for (const reg of regions) {
    const p = pop.get(reg)!;
    for (const type of [0, 1, 2]) {
      const key = `${reg}|${type}`;
      const age = byAge.get(key);
      const sex = bySex.get(key);
      if (!age || age.some((x) => !x) || !sex || sex.some((x) => !x)) throw new Error(`missing margins for ${key}`);
      const A = age as Margin[];
      const S = sex as Margin[];
      // seed[j][s] = population of band j and sex s
      const seed = A.map((_, j) => [p[0]![j]!, p[1]![j]!]);
      const fit = ipf(
        seed,
        A.map((m) => m.stays),
        S.map((m) => m.stays),
      );
      // LOS: age DMS × sex factor, the factor making each sex's stay-weighted mean equal its DMS.
      const factor = [0, 1].map((s) => {
        let w = 0;
        let n = 0;
        for (let j = 0; j < A.length; j++) {
          w += fit[j]![s]! * A[j]!.los;
          n += fit[j]![s]!;
        }
        return w > 0 ? (S[s]!.los * n) / w : 0;
      });
      for (let s = 0; s < 2; s++) {
        for (let j = 0; j < A.length; j++) {
          const stays = fit[j]![s]!;
          const people = p[s]![j]!;
          out.push([
            reg,
            type,
            s + 1,
            SCANSANTE_AGE_MIN[j]!,
            j + 1 < SCANSANTE_AGE_MIN.length ? SCANSANTE_AGE_MIN[j + 1]! - 1 : OPEN_AGE_MAX,
            round(stays, 1),
            round(people, 0),
            round(people > 0 ? stays / people : 0, 6),
            round(A[j]!.los * factor[s]!, 2),
          ]);
        }
      }
    }
  }
  writeTable(ctx, 'mco_stay_rates.csv', ['region', 'type', 'sex', 'age_min', 'age_max', 'stays', 'population', 'rate', 'mean_los'], out);

  const depts = [...regionOf.entries()].filter(([d]) => seen.has(d)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  writeTable(ctx, 'mco_region_of_dept.csv', ['dept', 'region'], depts);
}
