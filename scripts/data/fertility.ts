/**
 * Age-specific fertility rates (births per woman per year, mothers aged 15…50) and the share of
 * boys among births, from the INSEE 2013-2070 population projection (central scenario).
 */
import { type BuildContext, type Cell, type DataBuilder, readRawWorkbook, round, sheetRows, writeTable } from './lib';

export const PROJ_FILE = 'insee_mortality_fertility/irsocprojpop1370_FECcentESPcentMIGcent.xls';

/** Reads the year header (row 5) of a projection sheet: column index → year. */
function yearColumns(rows: unknown[][], where: string): Map<number, number> {
  const header = rows[4];
  if (!header) throw new Error(`${where}: header row 5 missing`);
  const cols = new Map<number, number>();
  header.forEach((v, i) => {
    if (i > 0 && typeof v === 'number' && Number.isInteger(v)) cols.set(i, v);
  });
  if (cols.size !== 58) throw new Error(`${where}: expected 58 year columns (2013-2070), found ${cols.size}`);
  return cols;
}

export const fertilityBuilder: DataBuilder = {
  name: 'fertility',
  outputs: ['fertility.csv', 'births_sex_ratio.csv'],
  build(ctx: BuildContext): void {
    const wb = readRawWorkbook(ctx, PROJ_FILE);

    // Fertility: rows "15" … "50", values per 10 000 women.
    const where = `${PROJ_FILE} sheet Hyp_fecondite`;
    const rows = sheetRows(wb, 'Hyp_fecondite');
    if (!String(rows[1]?.[0] ?? '').includes('taux pour 10000')) throw new Error(`${where}: unit "taux pour 10000" not found in the title`);
    const cols = yearColumns(rows, where);
    const out: Cell[][] = [];
    const ages = new Set<number>();
    for (const r of rows.slice(5)) {
      const age = r[0];
      if (typeof age !== 'number' || !Number.isInteger(age)) continue;
      ages.add(age);
      for (const [i, year] of cols) {
        const v = r[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}: bad value at age ${age} year ${year}`);
        out.push([year, age, round(v / 10000, 6)]);
      }
    }
    if (ages.size !== 36 || !ages.has(15) || !ages.has(50)) throw new Error(`${where}: expected ages 15…50, found ${[...ages].join(',')}`);
    out.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
    writeTable(ctx, 'fertility.csv', ['year', 'age', 'rate'], out);

    // Share of boys: rows "dont naissance de garçons" / "dont naissance de filles" of nbre_naiss.
    const w2 = `${PROJ_FILE} sheet nbre_naiss`;
    const nr = sheetRows(wb, 'nbre_naiss');
    const ncols = yearColumns(nr, w2);
    const find = (label: string): unknown[] => {
      const r = nr.find((x) => String(x[0] ?? '').trim() === label);
      if (!r) throw new Error(`${w2}: row "${label}" not found`);
      return r;
    };
    const boys = find('dont naissance de garçons');
    const girls = find('dont naissance de filles');
    const total = find('Total des naissances');
    const sr: Cell[][] = [];
    for (const [i, year] of ncols) {
      const b = boys[i];
      const g = girls[i];
      const t = total[i];
      if (typeof b !== 'number' || typeof g !== 'number' || typeof t !== 'number') throw new Error(`${w2}: missing births for ${year}`);
      if (Math.abs(b + g - t) > 1) throw new Error(`${w2}: boys + girls <> total for ${year}`);
      sr.push([year, round(b / (b + g), 6)]);
    }
    sr.sort((a, b) => (a[0] as number) - (b[0] as number));
    writeTable(ctx, 'births_sex_ratio.csv', ['year', 'male_share'], sr);
  },
};
