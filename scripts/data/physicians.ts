/**
 * Liberal physicians per specialty × département (CNAM, 2016) and the mean number of distinct
 * patients per liberal GP (CNAM data.ameli, 2016-2021).
 */
import { type BuildContext, type Cell, type DataBuilder, readRawCsv, readRawWorkbook, round, sheetRows, writeTable } from './lib';

const FEES_FILE = 'cnam_ps_liberaux/Honoraires_totaux_des_professionnels_de_sante_par_departement_en_2016.xls';
const PATIENTS_FILE = 'cnam_ps_liberaux/derived_patientele_moyenne_2016_2021.csv.gz';
const GP_PROFESSION = 'Ensemble des médecins généralistes';

/** A département line of the CNAM workbook: "35- Ille-et-Vilaine", "2A- Corse-du-Sud", "971- Guadeloupe". */
const DEPT_LINE = /^(\d{2}|2A|2B|97\d)\s*-\s*\S/;
/** A specialty line: "03- Pathologie cardio-vasculaire", "34-Gériatrie". */
const SPE_LINE = /^(\d{2})\s*-\s*(.+)$/;

/**
 * Reads one sheet into [dept, spe_code, spe_label, count] rows. In the GP sheet only the line
 * "01- Médecine générale" carries a specialty code; the other lines are MEP competences.
 */
function readSheet(ctx: BuildContext, sheet: string, keep: (code: string, label: string) => boolean): Cell[][] {
  const where = `${FEES_FILE} sheet ${sheet}`;
  const rows = sheetRows(readRawWorkbook(ctx, FEES_FILE), sheet);
  const header = rows[0];
  if (!header || String(header[1]).trim() !== 'DEPARTEMENT' || String(header[2]).trim() !== 'EFFECTIFS') throw new Error(`${where}: unexpected header`);
  const out: Cell[][] = [];
  const seen = new Set<string>();
  for (const r of rows.slice(1)) {
    const line = String(r[0] ?? '').trim();
    const geo = String(r[1] ?? '').trim();
    if (line === '' || line.toUpperCase().startsWith('TOTAL')) continue;
    const sm = SPE_LINE.exec(line);
    if (!sm || !sm[1] || !sm[2]) throw new Error(`${where}: unexpected line label "${line}"`);
    const dm = DEPT_LINE.exec(geo);
    if (!dm || !dm[1]) continue; // regional / national total lines
    if (!keep(sm[1], sm[2].trim())) continue;
    const n = r[2];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error(`${where}: bad headcount for ${line} / ${geo}`);
    const key = `${dm[1]}|${sm[1]}`;
    if (seen.has(key)) throw new Error(`${where}: duplicate ${key}`);
    seen.add(key);
    out.push([dm[1], sm[1], sm[2].trim(), n]);
  }
  return out;
}

export const physiciansBuilder: DataBuilder = {
  name: 'physicians',
  outputs: ['physicians.csv', 'gp_patients_per_gp.csv'],
  build(ctx: BuildContext): void {
    const gp = readSheet(ctx, 'Généralistes et MEP', (code, label) => code === '01' && label === 'Médecine générale');
    const spe = readSheet(ctx, 'Spécialistes', () => true);
    const gpDepts = new Set(gp.map((r) => r[0]));
    if (gpDepts.size < 100) throw new Error(`${FEES_FILE}: only ${gpDepts.size} départements with GP counts`);
    // Nurses (24), physiotherapists (26), dentists (19) and midwives (21): the liberal care of data/liberal_families.csv.
    const aux = readSheet(ctx, 'Auxiliaires médicaux', (code) => code === '24' || code === '26');
    const dentists = readSheet(ctx, 'Dentistes et ODF', (code) => code === '19');
    const midwives = readSheet(ctx, 'Sages-femmes', (code) => code === '21');
    const rows = [...gp, ...spe, ...aux, ...dentists, ...midwives];
    const key = (r: Cell[]): string => `${String(r[0])}|${String(r[1])}`;
    const keys = new Set(rows.map(key));
    if (keys.size !== rows.length) throw new Error(`${FEES_FILE}: duplicate (dept, specialty) between sheets`);
    rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    writeTable(ctx, 'physicians.csv', ['dept', 'spe_code', 'spe_label', 'count'], rows);

    const recs = readRawCsv(ctx, PATIENTS_FILE, { delimiter: ';' });
    const out: Cell[][] = [];
    const seen = new Set<string>();
    for (const r of recs) {
      if (r.profession_sante !== GP_PROFESSION) continue;
      const year = Number(r.annee);
      const dept = r.Num_dep ?? '';
      const v = r.nombre_patients_uniques ?? '';
      if (!Number.isInteger(year) || !/^(\d{2}|2A|2B|97\d)$/.test(dept)) throw new Error(`${PATIENTS_FILE}: bad row ${JSON.stringify(r)}`);
      if (year < 2016 || year > 2021 || v === 'NS') continue;
      const n = Number(v.replace(',', '.'));
      if (!Number.isFinite(n)) throw new Error(`${PATIENTS_FILE}: bad value ${JSON.stringify(r)}`);
      const k = `${dept}|${year}`;
      if (seen.has(k)) throw new Error(`${PATIENTS_FILE}: duplicate ${k}`);
      seen.add(k);
      out.push([dept, year, round(n, 2)]);
    }
    if (out.length === 0) throw new Error(`${PATIENTS_FILE}: no row for "${GP_PROFESSION}"`);
    out.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : (a[1] as number) - (b[1] as number)));
    writeTable(ctx, 'gp_patients_per_gp.csv', ['dept', 'year', 'patients'], out);
  },
};
