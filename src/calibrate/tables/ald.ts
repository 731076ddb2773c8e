import { personKeySql } from '../../readback';
import { ageInYears, yearOfDay } from '../../events';
import { aliveOn } from '../../report/exposure';
import { NO_DATE_SQL, sqlString } from '../../snds';
import { num, readDataTable, str } from '../../data';
import { AgeGrid, CellGrid } from '../cells';
import { describeFactor, spreadLevel, spreadNote, type ProfilePart } from '../spread';
import type { CalibratedFile, CalibrationContext, TableOutcome } from '../types';
import { describeCell, describeSuppressed, missingColumns, notComputed, publishGrid, round, type TableBasics } from './common';

/** Most ALDs of one person counted, bounding the sensitivity under --epsilon. */
export const ALD_BOUND_PER_PERSON = 4;
/** The 5-year age bands of data/ald_prevalence.csv.gz (0-4 … 95+). */
const BANDS = new AgeGrid([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95], 120);

const BASICS: TableBasics = {
  file: 'ald_prevalence.csv.gz',
  description:
    'Share of persons holding each ALD on the first day of the period by ALD × sex × 5-year age × département (data/ald_prevalence.csv.gz: ald, sex, age_min, dept, prevalence); one row per 5-year band, the level of a merged group from the database and its shape over the bands from data/ald_prevalence.csv.gz.',
  numerator: 'persons with an ALD exoneration of IR_IMB_R open on the first day (IMB_ALD_DTD ≤ start ≤ IMB_ALD_DTF, no end date or 1600-01-01 counting as open), for the ALD numbers of data/ald_labels.csv',
  denominator: 'persons of IR_BEN_R alive on the first day (born before it, not dead before it, BEN_DTE_INS not after it), by age on that day and département of residence',
  strata: ['ald', 'sex', 'dept', 'age'],
};

/** ald_prevalence.csv.gz (with ald_parameters.csv dating it) from IR_IMB_R and IR_BEN_R. */
export async function aldTable(ctx: CalibrationContext): Promise<TableOutcome> {
  const missing = missingColumns(ctx, 'IR_IMB_R', ['BEN_NIR_PSA', 'IMB_ALD_NUM', 'IMB_ALD_DTD']);
  if (missing.length > 0) return { files: [], description: notComputed(BASICS, `IR_IMB_R ${ctx.source.tables.has('IR_IMB_R') ? `has no column ${missing.join(', ')}` : 'is missing'}`) };
  const labels = readDataTable('ald_labels.csv');
  const alds = labels.rows.map((r) => num(labels, r, 'ald')).sort((a, b) => a - b);
  const knownAld = new Set(alds);
  const dt = readDataTable('departements.csv');
  const depts = new Set(dt.rows.map((r) => str(dt, r, 'code')));
  const { start, startIso } = ctx.source;
  const grid = new CellGrid(BANDS, [{ name: 'persons_with_ald', bound: ALD_BOUND_PER_PERSON, decimals: 0 }], [], ctx.epsilon !== undefined);
  const simDepts = ctx.source.departements.filter((d) => depts.has(d));
  // Every ALD of a sex and département shares the denominator of the first ALD.
  const seriesOf = new Map<string, number>();
  for (const ald of alds) {
    for (const sex of [1, 2]) {
      for (const dept of simDepts) {
        const first = seriesOf.get(`${alds[0]}|${sex}|${dept}`);
        seriesOf.set(`${ald}|${sex}|${dept}`, grid.seriesOf({ ald, sex, dept }, first));
      }
    }
  }
  // Keyed by person index: a person's IR_IMB_R rows may be under any of its BEN_NIR_PSA.
  const present = new Map<number, { index: number; age: number; sex: 1 | 2; dept: string }>();
  let outside = 0;
  for (const p of ctx.source.persons.values()) {
    if (p.birth >= start || !aliveOn(p, start) || (p.entry !== undefined && p.entry > start)) continue;
    if (!depts.has(p.dept)) {
      outside += 1;
      continue;
    }
    const age = Math.max(0, ageInYears(p.birth, start));
    present.set(p.index, { index: p.index, age, sex: p.sex, dept: p.dept });
    grid.addPerson(p.index, grid.cell(seriesOf.get(`${alds[0]}|${p.sex}|${p.dept}`) as number, age));
  }
  const imb = ctx.source.columns('IR_IMB_R');
  const open = imb.has('IMB_ALD_DTF') ? `AND (IMB_ALD_DTF >= ${sqlString(startIso)} OR IMB_ALD_DTF = ${NO_DATE_SQL} OR IMB_ALD_DTF IS NULL OR IMB_ALD_DTF = '')` : '';
  let otherNumbers = 0;
  const held = new Set<string>();
  for (const r of await ctx.source.db.all(`SELECT DISTINCT ${personKeySql([...imb])} AS nir, IMB_ALD_NUM AS ald FROM IR_IMB_R WHERE IMB_ALD_DTD <= ${sqlString(startIso)} ${open} ORDER BY 1, 2`)) {
    const person = ctx.source.persons.get(String(r.nir));
    const p = person === undefined ? undefined : present.get(person.index);
    if (!p) continue;
    const ald = Number(r.ald);
    // Once per person and ALD, whichever pseudonym the rows are under.
    if (held.has(`${p.index}|${ald}`)) continue;
    held.add(`${p.index}|${ald}`);
    if (!knownAld.has(ald)) {
      otherNumbers += 1;
      continue;
    }
    grid.addEvent(p.index, grid.cell(seriesOf.get(`${ald}|${p.sex}|${p.dept}`) as number, p.age), 0, 1);
  }
  const pub = publishGrid(ctx, grid, BASICS.file);
  const openShape = openPrevalence();
  const rows: (string | number)[][] = [];
  let merged = 0;
  let flat = 0;
  let capped = 0;
  const cells = pub.cells.map((c) => {
    const key = `${c.series.ald}|${c.series.sex}`;
    const parts: ProfilePart[] = [];
    for (let b = c.firstBand; b <= c.lastBand; b++) {
      parts.push({ exposure: grid.personSet(c.seriesIndex * BANDS.length + b).size, profile: openShape.get(`${key}|${BANDS.lows[b]}|${c.series.dept}`) ?? 0 });
    }
    const spread = spreadLevel(c.counts[0] as number, parts);
    if (c.lastBand > c.firstBand) merged += 1;
    if (spread.shape === 'flat') flat += 1;
    spread.rates.forEach((x, i) => {
      // A prevalence is a share: a large factor on a steep open-data profile could pass 1 in the oldest band.
      if (x > 1) capped += 1;
      rows.push([c.series.ald as number, c.series.sex as number, BANDS.lows[c.firstBand + i] as number, c.series.dept as string, round(Math.min(1, x), 8)]);
    });
    const prevalence = c.persons > 0 ? round((c.counts[0] as number) / c.persons, 8) : 0;
    return describeCell(grid, c, { prevalence, ...describeFactor(spread) }, false);
  });
  rows.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number) || (a[2] as number) - (b[2] as number) || ((a[3] as string) < (b[3] as string) ? -1 : 1));
  const notes = [
    spreadNote('the prevalences of its 5-year bands', merged, flat),
    ...(capped > 0 ? [`${capped} band(s) whose spread prevalence passed 1 are published at 1.`] : []),
    'A suppressed series (an ALD × sex × département with fewer than the threshold of persons holding it, all ages together) has no row: the simulator reads its prevalence as 0.',
    `ald_parameters.csv is written with it: data/ald_parameters.csv with ald_prevalence_year = ${yearOfDay(start) - 1}, so that the simulator, which grows the prevalence from 31 December of that year to its start date, applies no growth to a run starting in ${yearOfDay(start)}.`,
  ];
  if (otherNumbers > 0) notes.push(`${otherNumbers} open exonerations with an ALD number outside data/ald_labels.csv (hors liste, polypathologie) are left out.`);
  if (outside > 0) notes.push(`${outside} persons alive on the first day whose département is not in data/departements.csv are left out.`);
  const description = { ...BASICS, ageBands: BANDS.labels, ...(pub.noise ? { noise: pub.noise } : {}), cells, suppressed: describeSuppressed(pub), notes };
  const withRows = new Set(rows.map((r) => r[3] as string));
  const empty = simDepts.filter((d) => !withRows.has(d));
  // The simulator needs rows for each département it simulates: with none published, data/'s table stays in use.
  if (simDepts.length === 0 || empty.length > 0) {
    return { files: [], description: { ...description, written: false, reason: `no publishable cell for département(s) ${empty.join(', ') || '(none)'}; data/ald_prevalence.csv.gz stays in use` } };
  }
  const parameters = aldParameters(yearOfDay(start) - 1, startIso);
  return {
    files: [{ file: BASICS.file, header: ['ald', 'sex', 'age_min', 'dept', 'prevalence'], rows }, parameters],
    description: { ...description, written: true, companions: [{ file: parameters.file, content: 'data/ald_parameters.csv with ald_prevalence_year set to the year before the first day' }] },
  };
}

/** data/ald_parameters.csv with the prevalence dated to 31 December of `year`. */
function aldParameters(year: number, startIso: string): CalibratedFile {
  const t = readDataTable('ald_parameters.csv');
  const header = Object.keys(t.rows[0] ?? { name: '', value: '', unit: '', source: '' });
  const rows = t.rows.map((r) =>
    str(t, r, 'name') === 'ald_prevalence_year' ? header.map((h) => (h === 'value' ? year : h === 'source' ? `snds-sim calibrate: prevalence on ${startIso}` : (r[h] ?? ''))) : header.map((h) => r[h] ?? ''),
  );
  return { file: 'ald_parameters.csv', header, rows };
}

/** The open-data prevalence of data/ald_prevalence.csv.gz by `${ald}|${sex}|${age_min}|${dept}`: the shape within groups. */
function openPrevalence(): Map<string, number> {
  const t = readDataTable('ald_prevalence.csv.gz');
  const out = new Map<string, number>();
  for (const r of t.rows) out.set(`${num(t, r, 'ald')}|${num(t, r, 'sex')}|${num(t, r, 'age_min')}|${str(t, r, 'dept')}`, num(t, r, 'prevalence'));
  return out;
}
