/**
 * `data/death_causes.csv`: national distribution of the underlying cause of death (ICD-10, ≤ 4 characters) by sex,
 * for deaths not attributed to one of the person's ALDs. See data/sources/55-deaths.md.
 *
 * Raw inputs:
 * - `published/deaths_place_cause.csv` — shares of deaths by ICD-10 chapter and sex (DSS, REPSS Maladie, 2017), and
 *   of ill-defined and unknown causes (Ined, both sexes);
 * - `scansante_pmsi_medtraj/cimcounts_all.csv` — hospital stays per ICD-10 code (PMSI MCO, circa 2016): the weight
 *   of each code within its chapter;
 * - `snds_nomenclatures/ORAVAL/IR_CIM_V.csv.gz` — valid codes and labels (external causes V01–Y89 come from here).
 */
import { restrictionOf } from './hospital-diagnoses';
import { readRawCsv, readRawRows, round, writeTable, type BuildContext, type Cell, type DataBuilder } from './lib';

const SHARES_FILE = 'published/deaths_place_cause.csv';
const SHARES_SOURCE = 'dss_repss_maladie_2019';
const ILL_DEFINED_SOURCE = 'ined_2025_desesquelles';
const PLACE_SOURCE = 'insee_focus_2017_lieux_deces';
const CIM_COUNTS = 'scansante_pmsi_medtraj/cimcounts_all.csv';
const IR_CIM_V = 'snds_nomenclatures/ORAVAL/IR_CIM_V.csv.gz';

/** A group of ICD-10 codes with a published share of deaths (by sex), or the remainder. */
interface CauseGroup {
  readonly name: string;
  /** First characters of the codes of the group. */
  readonly test: (cim: string) => boolean;
  /**
   * Source and indicator of the published share in deaths_place_cause.csv, per sex (`sex` all: the same figure for
   * both); undefined = part of the remainder.
   */
  readonly indicator: { readonly M?: string; readonly F?: string };
  /** Source of the share when not `dss_repss_maladie_2019`, and whether its row is for both sexes. */
  readonly source?: { readonly key: string; readonly allSexes: boolean };
}

const between = (cim: string, from: string, to: string): boolean => {
  const c = cim.slice(0, 3);
  return c >= from && c <= to;
};

/**
 * Groups, first match wins. The published shares cover neoplasms, circulatory diseases and external causes (both
 * sexes) and the nervous system (women; "et des organes des sens": G and H). Every other chapter in `REMAINDER`
 * shares what is left, in proportion to its hospital stays. Chapters left out (modelling choice): O (pregnancy), P
 * (perinatal), S–T (injuries: CépiDc codes the external cause V–Y as underlying cause), U, Z (not diseases).
 */
const GROUPS: readonly CauseGroup[] = [
  // Published share: C00–D48. Within it, in-situ and benign tumours (D00–D36), frequent in hospital stays
  // (polyps…) but rare as causes of death, are left out (modelling choice): malignant C00–C97 and uncertain D37–D48.
  { name: 'neoplasms', test: (c) => between(c, 'C00', 'C97') || between(c, 'D37', 'D48'), indicator: { M: 'share_neoplasms', F: 'share_neoplasms' } },
  { name: 'excluded', test: (c) => between(c, 'D00', 'D36'), indicator: {} },
  { name: 'circulatory', test: (c) => c.startsWith('I'), indicator: { M: 'share_circulatory', F: 'share_circulatory' } },
  { name: 'external', test: (c) => between(c, 'V01', 'Y89'), indicator: { M: 'share_external_causes', F: 'share_external_causes' } },
  // Diseases of the eye and ear (H00–H95): cataract, glaucoma, otitis… are frequent hospital diagnoses but no
  // published share of deaths was found for them and they are not causes of death in practice (modelling choice:
  // left out). The published "système nerveux et des organes des sens" share then goes to G.
  { name: 'excluded', test: (c) => c.startsWith('H'), indicator: {} },
  { name: 'nervous', test: (c) => c.startsWith('G'), indicator: { F: 'share_nervous_system' } },
  // Symptoms and ill-defined or unknown causes (R00–R99): one death in ten (Ined), both sexes.
  {
    name: 'ill_defined',
    test: (c) => c.startsWith('R'),
    indicator: { M: 'share_ill_defined_unknown_causes', F: 'share_ill_defined_unknown_causes' },
    source: { key: ILL_DEFINED_SOURCE, allSexes: true },
  },
  { name: 'other', test: (c) => /^[ABDEFGJKLMNQ]/.test(c), indicator: {} },
];

/** Published share (%) of a chapter for one sex (`all`: a figure for both sexes together). */
function share(ctx: BuildContext, indicator: string, sex: 'M' | 'F', source = SHARES_SOURCE, allSexes = false): number {
  const want = allSexes ? 'all' : sex;
  const rows = readRawCsv(ctx, SHARES_FILE).filter((r) => r['source'] === source && r['indicator'] === indicator && r['sex'] === want);
  if (rows.length !== 1) throw new Error(`${SHARES_FILE}: expected one row for ${source}/${indicator}/${want}, found ${rows.length}`);
  return Number(rows[0]!['value']);
}

/** Rows [sex, group, cim, weight, label] of the underlying-cause distribution. */
export function deathCauses(ctx: BuildContext): Cell[][] {
  const labels = new Map<string, string>();
  for (const r of readRawRows(ctx, IR_CIM_V, { delimiter: ';' }).slice(1)) labels.set((r[0] ?? '').trim(), (r[1] ?? '').trim());
  // Codes as on death certificates (≤ 4 characters): hospital-stay counts truncated to 4 characters and summed.
  const counts = new Map<string, number>();
  for (const r of readRawRows(ctx, CIM_COUNTS).slice(1)) {
    const code = (r[1] ?? '').trim().toUpperCase().slice(0, 4);
    const n = Number(r[2]);
    if (!Number.isFinite(n) || n <= 0 || !labels.has(code)) continue;
    counts.set(code, (counts.get(code) ?? 0) + n);
  }
  // External causes are absent from the stay counts: every 3-character category V01–Y89 of IR_CIM_V, equal weights.
  for (const code of labels.keys()) if (code.length === 3 && between(code, 'V01', 'Y89')) counts.set(code, 1);
  const codes = [...counts.keys()].sort();
  const out: Cell[][] = [];
  for (const [sex, letter] of [[1, 'M'], [2, 'F']] as const) {
    const allowed = codes.filter((c) => restrictionOf(c).sex === 0 || restrictionOf(c).sex === sex);
    const byGroup = new Map<string, string[]>();
    for (const c of allowed) {
      const g = GROUPS.find((x) => x.test(c));
      if (!g) continue;
      let l = byGroup.get(g.name);
      if (!l) byGroup.set(g.name, (l = []));
      l.push(c);
    }
    // Published groups get their share; the remainder (100 − published) goes to the other groups by stay counts.
    const fixed = new Map<string, number>();
    for (const g of GROUPS) {
      const ind = g.indicator[letter];
      if (ind !== undefined) fixed.set(g.name, share(ctx, ind, letter, g.source?.key, g.source?.allSexes) / 100);
    }
    const rest = 1 - [...fixed.values()].reduce((a, b) => a + b, 0);
    const freeGroups = GROUPS.filter((g) => !fixed.has(g.name) && g.name !== 'excluded');
    const freeTotal = freeGroups.reduce((s, g) => s + (byGroup.get(g.name) ?? []).reduce((t, c) => t + counts.get(c)!, 0), 0);
    for (const g of GROUPS) {
      if (g.name === 'excluded') continue;
      const list = byGroup.get(g.name) ?? [];
      const total = list.reduce((t, c) => t + counts.get(c)!, 0);
      for (const c of list) {
        const w = fixed.has(g.name) ? (fixed.get(g.name)! * counts.get(c)!) / total : (rest * counts.get(c)!) / freeTotal;
        const rw = round(w, 9);
        if (rw > 0) out.push([sex, g.name, c, rw, labels.get(c) ?? '']);
      }
    }
  }
  return out;
}

export const deathCausesBuilder: DataBuilder = {
  name: '55-deaths',
  outputs: ['death_causes.csv', 'death_parameters.csv'],
  build(ctx) {
    writeTable(ctx, 'death_causes.csv', ['sex', 'group', 'cim', 'weight', 'label'], deathCauses(ctx));
    // Outside hospital: share of deaths at home among home, nursing home and public place (Insee 2016).
    const place = (indicator: string): number => {
      const rows = readRawCsv(ctx, SHARES_FILE).filter((r) => r['source'] === PLACE_SOURCE && r['indicator'] === indicator);
      if (rows.length !== 1) throw new Error(`${SHARES_FILE}: expected one row for ${PLACE_SOURCE}/${indicator}`);
      return Number(rows[0]!['value']);
    };
    const home = place('share_deaths_home');
    const elsewhere = place('share_deaths_nursing_home') + place('share_deaths_public_place');
    writeTable(ctx, 'death_parameters.csv', ['name', 'value', 'unit', 'source'], [
      ['home_share_of_deaths_outside_hospital', round(home / (home + elsewhere), 6), 'fraction', `deaths_place_cause.csv#${PLACE_SOURCE}`],
    ]);
  },
};
