/**
 * Specialist care in private practice: CCAM technical acts per person-year with their executing specialty
 * (`specialist_acts.csv.gz`), and specialist consultations per person-year by specialty, sex and age
 * (`specialist_consultation_rates.csv`). See data/sources/61-specialists.md for the method.
 *
 * Raw inputs: the CNAM CCAM 2019 workbook (through `readCcam`), the CNAM 2016 fees workbook (fees without
 * overrun per specialty, France entière), INSEE population estimates (2016, 2019), the published NGAP
 * tariffs (`published/specialist_tariffs.csv`) and IR_NAT_V (prestation natures of the letter keys).
 */
import { readCcam, type CcamRow } from './ccam';
import { readDeptBandsYears, type DeptBands } from './population';
import { type BuildContext, type Cell, type DataBuilder, readRawCsv, readRawWorkbook, round, sheetRows, writeTable } from './lib';

const FEES_FILE = 'cnam_ps_liberaux/Honoraires_totaux_des_professionnels_de_sante_par_departement_en_2016.xls';
const FEES_SHEET = 'Spécialistes';
const TARIFFS_FILE = 'published/specialist_tariffs.csv';
const NAT_FILE = 'snds_nomenclatures/ORAVAL/IR_NAT_V.csv';
/** Year of the fees workbook (consultations) and of the CCAM volumes (acts). */
const FEES_YEAR = 2016;
const CCAM_YEAR = 2019;

/**
 * Groups of specialties that share acts: an act attributed to a group is performed by a physician of any
 * of its specialties (IR_SPE_V codes). Gynaecology is split over three codes in the SNDS, psychiatry over
 * three. `gp` is the person's own GP (specialty 1).
 */
export const SPECIALTY_GROUPS: Readonly<Record<string, readonly number[]>> = {
  gp: [1],
  cardiology: [3],
  dermatology: [5],
  radiology: [6],
  gynaecology: [79, 7, 70],
  gastroenterology: [8],
  ent: [11],
  pneumology: [13],
  rheumatology: [14],
  ophthalmology: [15],
  urology: [16],
  neurology: [32],
  psychiatry: [33, 17, 75],
  pathology: [37],
  orthopaedics: [41],
  endocrinology: [42],
  visceral_surgery: [49],
  nuclear_medicine: [72],
};

/** Where an act goes: a group of specialties, and whether the simulator produces it (else: why not). */
interface Attribution {
  readonly group: string;
  readonly simulated: boolean;
  readonly rule: string;
}

const DENTAL = 'dental acts (dentists are not simulated)';
const CLINICAL_REGROUPEMENTS = new Set(['ATM', 'ADI', 'ADE', 'ADC', 'ADA', 'ACO']);

/**
 * The attribution rule (a modelling choice, documented in 61-specialists.md): dental acts out; imaging and
 * ultrasound by regroupement (radiologists, except eye, heart/vessel, pregnancy and female-pelvis
 * ultrasound, scintigraphy); other acts by the anatomical chapter of the CCAM code (first letters).
 * Returns undefined for dental acts (no specialty).
 */
export function attribute(r: CcamRow): Attribution | undefined {
  const code = r.act;
  const c1 = code.slice(0, 1);
  const c2 = code.slice(0, 2);
  const label = r.label.toLowerCase();
  if (!CLINICAL_REGROUPEMENTS.has(r.regroupement) || c2 === 'HB' || r.category.toLowerCase().includes('dentaire')) return undefined;
  const out = (group: string, rule: string): Attribution => ({ group, simulated: false, rule });
  const sim = (group: string, rule: string): Attribution => ({ group, simulated: true, rule });
  // Acts mostly performed in operating theatres or during stays (the hospital process simulates stays).
  if (r.regroupement === 'ADA') return out('anaesthesia', 'anaesthesia (during surgery)');
  if (c2 === 'YY') return out('supplement', 'supplements billed with another act');
  if (r.subcategory.startsWith('Séance de dialyse') || c2 === 'JV') return out('nephrology', 'dialysis sessions');
  if (r.subcategory.includes('radiothérapie')) return out('radiotherapy', 'radiotherapy sessions');
  if (r.subcategory.includes('réanimation')) return out('intensive_care', 'intensive-care surveillance (during stays)');
  const organ = organGroup(r, c1, c2, label);
  if (r.regroupement === 'ADC' || r.regroupement === 'ACO') return out(organ, 'surgery and obstetrics (operating theatres, mostly during stays)');
  if (r.category.startsWith('Examen') || r.category.startsWith('Autres examens')) return sim('pathology', 'pathology examinations of samples');
  if (r.regroupement === 'ADI') {
    if (c1 === 'B' || c2 === 'EB') return sim('ophthalmology', 'eye imaging');
    if (label.includes('scintigraph') || label.includes('tomographie par émission')) return sim('nuclear_medicine', 'scintigraphy');
    return sim('radiology', 'imaging');
  }
  if (r.regroupement === 'ADE') {
    if (c1 === 'B') return sim('ophthalmology', 'eye ultrasound');
    if (c1 === 'D') return sim('cardiology', 'heart ultrasound');
    if (FEMALE_PELVIS.has(c2)) return sim('gynaecology', 'pregnancy and female-pelvis ultrasound');
    return sim('radiology', 'other ultrasound');
  }
  if (label.startsWith("séance d'acupuncture") || label.startsWith('séance de médecine manuelle')) return sim('gp', 'acupuncture and manual medicine (GPs with a particular practice)');
  return sim(organ, 'technical medical act by anatomical chapter');
}

/** Female genital organs and pregnancy (CCAM chapters JJ ovary … JQ foetus). */
const FEMALE_PELVIS = new Set(['JJ', 'JK', 'JL', 'JM', 'JN', 'JP', 'JQ', 'JR', 'JS']);
/** Male genital organs (prostate, scrotum/penis). */
const MALE_GENITAL = new Set(['JG', 'JH']);

/** Group of the specialty caring for the organ of a CCAM code (the anatomical chapter, first two letters). */
function organGroup(r: CcamRow, c1: string, c2: string, label: string): string {
  switch (c1) {
    case 'A':
      if (r.regroupement === 'ADC') return 'orthopaedics'; // nerve releases (carpal tunnel)
      return c2 === 'AL' ? 'psychiatry' : 'neurology';
    case 'B':
      return 'ophthalmology';
    case 'C':
      return 'ent';
    case 'D':
    case 'E':
      return c2 === 'EG' ? 'gastroenterology' : 'cardiology';
    case 'F':
      // Allergy tests, lymph and blood: allergologists are GPs with a particular practice (MEP, specialty 1).
      return 'gp';
    case 'G':
      return ['GA', 'GB', 'GC', 'GD'].includes(c2) ? 'ent' : 'pneumology';
    case 'H':
      if (['HA', 'HC', 'HD'].includes(c2)) return 'ent';
      return r.regroupement === 'ADC' && !label.includes('endoscop') && !label.includes('coloscop') ? 'visceral_surgery' : 'gastroenterology';
    case 'J':
      return FEMALE_PELVIS.has(c2) ? 'gynaecology' : 'urology';
    case 'K':
      return 'endocrinology';
    case 'L':
    case 'M':
    case 'N':
    case 'P':
      if (c2 === 'LM') return 'visceral_surgery';
      return r.regroupement === 'ADC' ? 'orthopaedics' : 'rheumatology';
    case 'Q':
      return c2 === 'QE' ? 'gynaecology' : 'dermatology';
    default:
      return 'radiology';
  }
}

/** Sex an act applies to: 2 female organs and breast, 1 male genital organs, 0 both. */
function actSex(c2: string): 0 | 1 | 2 {
  if (FEMALE_PELVIS.has(c2) || c2 === 'QE') return 2;
  if (MALE_GENITAL.has(c2)) return 1;
  return 0;
}

/**
 * Specialties whose consultations are simulated, with the NGAP letter key of their consultation, its
 * IR_NAT_V letter key (PRS_NAT_CB2: CNPSY is coded CNP in IR_NAT_V) and the population they see
 * (sex 0 = both; ages as INSEE 5-year bands, i.e. age_max 14 = the bands 0-4 … 10-14).
 */
const CONSULTING: readonly { spe: number; ngap: string; nat: string; sex: 0 | 1 | 2; ageMin: number; ageMax: number }[] = [
  { spe: 3, ngap: 'CSC', nat: 'CSC', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 5, ngap: 'CS', nat: 'CS', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 7, ngap: 'CS', nat: 'CS', sex: 2, ageMin: 15, ageMax: 120 },
  { spe: 8, ngap: 'CS', nat: 'CS', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 9, ngap: 'CS', nat: 'CS', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 11, ngap: 'CS', nat: 'CS', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 12, ngap: 'CS', nat: 'CS', sex: 0, ageMin: 0, ageMax: 14 },
  { spe: 13, ngap: 'CS', nat: 'CS', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 14, ngap: 'CS', nat: 'CS', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 15, ngap: 'CS', nat: 'CS', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 16, ngap: 'CS', nat: 'CS', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 17, ngap: 'CNPSY', nat: 'CNP', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 32, ngap: 'CNPSY', nat: 'CNP', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 33, ngap: 'CNPSY', nat: 'CNP', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 42, ngap: 'CS', nat: 'CS', sex: 0, ageMin: 0, ageMax: 120 },
  { spe: 70, ngap: 'CS', nat: 'CS', sex: 2, ageMin: 15, ageMax: 120 },
  { spe: 75, ngap: 'CNPSY', nat: 'CNP', sex: 0, ageMin: 0, ageMax: 19 },
  { spe: 79, ngap: 'CS', nat: 'CS', sex: 2, ageMin: 15, ageMax: 120 },
];

/**
 * Rows of `consultation_tariffs.csv` for the specialties whose consultations are simulated (columns of
 * that table: specialty, prs_nat, letters, start, end, age_min, age_max, tariff, source). The published
 * letter-key values are applied over the whole calendar (a modelling choice: see 61-specialists.md).
 */
export function specialistTariffRows(ctx: BuildContext): (string | number)[][] {
  const tariffs = readSpecialistTariffs(ctx);
  const nat = natCodes(ctx);
  return CONSULTING.map((c) => {
    const t = tariffs.get(c.ngap);
    if (!t) throw new Error(`${TARIFFS_FILE}: no tariff for ${c.ngap}`);
    return [c.spe, nat(c.nat), c.ngap, '1900-01-01', '2099-12-31', 0, 999, t.value, `specialist_tariffs.csv#${t.source}`];
  });
}

/** NGAP consultation tariffs (€) by letter key, from the published transcription (one row per key). */
export function readSpecialistTariffs(ctx: BuildContext): Map<string, { value: number; source: string }> {
  const out = new Map<string, { value: number; source: string }>();
  for (const r of readRawCsv(ctx, TARIFFS_FILE)) {
    const key = r.indicator ?? '';
    const v = Number(r.value);
    if (!Number.isFinite(v) || (r.value ?? '').trim() === '') throw new Error(`${TARIFFS_FILE}: bad value in ${JSON.stringify(r)}`);
    if (out.has(key)) throw new Error(`${TARIFFS_FILE}: duplicate indicator ${key}`);
    out.set(key, { value: v, source: r.source ?? '' });
  }
  return out;
}

/** IR_NAT_V prestation code of a letter key (PRS_NAT_CB2), e.g. 'ADI' → 1351. */
function natCodes(ctx: BuildContext): (letters: string) => number {
  const rows = readRawCsv(ctx, NAT_FILE, { delimiter: ';' });
  return (letters) => {
    const m = rows.filter((r) => r.PRS_NAT_CB2 === letters);
    if (m.length !== 1) throw new Error(`IR_NAT_V: expected one prestation with letter key ${letters}, found ${m.length}`);
    return Number((m[0] as Record<string, string>).PRS_NAT);
  };
}

/** France population of a year by sex (1, 2) and 5-year band (band b = ages 5b … 5b+4, band 19 = 95+). */
function franceBands(bands: readonly DeptBands[]): [number[], number[]] {
  const out: [number[], number[]] = [new Array<number>(20).fill(0), new Array<number>(20).fill(0)];
  for (const d of bands) for (const s of [0, 1] as const) d.bands[s].forEach((n, b) => (out[s][b] = (out[s][b] as number) + n));
  return out;
}

/** Population of a sex (0 both) and age range (band-aligned) from France bands. */
function popOf(fr: [number[], number[]], sex: 0 | 1 | 2, ageMin: number, ageMax: number): number {
  let n = 0;
  for (const s of [1, 2] as const) {
    if (sex !== 0 && sex !== s) continue;
    (s === 1 ? fr[0] : fr[1]).forEach((x, b) => {
      if (b * 5 >= ageMin && Math.min(b * 5 + 4, 120) <= ageMax) n += x;
    });
  }
  return n;
}

/** Fees without overrun (€) per specialty code, France entière, from the CNAM 2016 workbook. */
function readFees(ctx: BuildContext): Map<number, number> {
  const rows = sheetRows(readRawWorkbook(ctx, FEES_FILE), FEES_SHEET);
  const header = rows[0] ?? [];
  if (String(header[3]).trim() !== 'HONORAIRES SANS DEPASSEMENT (Euros)') throw new Error(`${FEES_FILE}: unexpected header ${JSON.stringify(header)}`);
  const out = new Map<number, number>();
  for (const r of rows.slice(1)) {
    const m = /^(\d{2})\s*-/.exec(String(r[0] ?? '').trim());
    if (!m || String(r[1] ?? '').trim() !== 'TOTAL France ENTIERE') continue;
    const v = r[3];
    // Some small specialties have no published amount (statistical secrecy): left out, an error if used.
    if (typeof v === 'number') out.set(Number(m[1]), v);
  }
  return out;
}

export const specialistsBuilder: DataBuilder = {
  name: '61-specialists',
  outputs: ['specialist_acts.csv.gz', 'specialist_act_groups.csv', 'specialist_consultation_rates.csv'],
  build(ctx: BuildContext): void {
    const ccam = readCcam(ctx);
    const pops = readDeptBandsYears(ctx, [FEES_YEAR, CCAM_YEAR]);
    const pop19 = franceBands(pops.get(CCAM_YEAR) as DeptBands[]);
    const pop16 = franceBands(pops.get(FEES_YEAR) as DeptBands[]);
    const nat = natCodes(ctx);

    // Acts: one row per simulated act/activity/phase with a tariff and a 2019 volume.
    const acts: Cell[][] = [];
    const groups = new Map<string, { simulated: boolean; rule: string; acts: number; base: number }>();
    const baseByGroup = new Map<string, number>();
    for (const r of ccam) {
      const a = attribute(r);
      const gkey = a ? `${a.group}|${a.simulated ? 1 : 0}|${a.rule}` : `dental|0|${DENTAL}`;
      const g = groups.get(gkey) ?? { simulated: a?.simulated ?? false, rule: a?.rule ?? DENTAL, acts: 0, base: 0 };
      g.acts += r.quantity;
      g.base += r.base ?? 0;
      groups.set(gkey, g);
      if (!a) continue;
      baseByGroup.set(a.group, (baseByGroup.get(a.group) ?? 0) + (r.base ?? 0));
      if (!a.simulated || r.quantity <= 0 || r.tariff === null || r.tariff <= 0) continue;
      const sex = actSex(r.act.slice(0, 2));
      const rate = r.quantity / popOf(pop19, sex, 0, 120);
      const spes = SPECIALTY_GROUPS[a.group];
      if (!spes) throw new Error(`specialty group ${a.group} has no specialty codes`);
      acts.push([r.act, r.activity, r.phase, r.regroupement, nat(r.regroupement), a.group, spes.join(' '), sex, round(r.tariff, 2), r.quantity, round(rate, 9)]);
    }
    writeTable(ctx, 'specialist_acts.csv.gz', ['act', 'activity', 'phase', 'regroupement', 'prs_nat', 'group', 'specialties', 'sex', 'tariff', 'quantity', 'rate'], acts);
    const gRows = [...groups.entries()]
      .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
      .map(([k, g]) => [k.split('|')[0] as string, SPECIALTY_GROUPS[k.split('|')[0] as string]?.join(' ') ?? '', g.simulated ? 1 : 0, g.rule, g.acts, round(g.base, 2)]);
    writeTable(ctx, 'specialist_act_groups.csv', ['group', 'specialties', 'simulated', 'rule', 'acts', 'base'], gRows);

    // Consultations: (fees without overrun 2016 − CCAM base 2019 of the specialty's acts) ÷ tariff ÷ population.
    const fees = readFees(ctx);
    const tariffs = readSpecialistTariffs(ctx);
    const groupOf = (spe: number): string => {
      for (const [g, codes] of Object.entries(SPECIALTY_GROUPS)) if (codes.includes(spe)) return g;
      return `specialty ${spe}`; // no act attributed to it: nothing to subtract
    };
    // A group's CCAM base is shared among its specialties in proportion to their fees.
    const groupFees = new Map<string, number>();
    for (const c of CONSULTING) groupFees.set(groupOf(c.spe), (groupFees.get(groupOf(c.spe)) ?? 0) + (fees.get(c.spe) ?? 0));
    // Consultation share of the fees: 1 − CCAM base / fees. Where the acts attributed to a specialty exceed its
    // fees (acts it shares with performers the rule does not see, and 2019 volumes against 2016 fees), the
    // share is imputed: the pooled share of the specialties where the subtraction is positive.
    const derived = CONSULTING.map((c) => {
      const f = fees.get(c.spe);
      if (f === undefined) throw new Error(`${FEES_FILE}: no France total for specialty ${c.spe}`);
      const g = groupOf(c.spe);
      const ccamBase = ((baseByGroup.get(g) ?? 0) * f) / (groupFees.get(g) as number);
      return { c, f, ccamBase, net: f - ccamBase };
    });
    const ok = derived.filter((d) => d.net > 0);
    const pooledShare = ok.reduce((s, d) => s + d.net, 0) / ok.reduce((s, d) => s + d.f, 0);
    const out: Cell[][] = [];
    for (const { c, f, ccamBase, net } of derived) {
      const t = tariffs.get(c.ngap);
      if (!t) throw new Error(`${TARIFFS_FILE}: no tariff for ${c.ngap}`);
      const imputed = net <= 0;
      const consultations = (imputed ? f * pooledShare : net) / t.value;
      const sexes = c.sex === 0 ? [1, 2] : [c.sex];
      const rate = consultations / popOf(pop16, c.sex, c.ageMin, c.ageMax);
      for (const s of sexes) {
        out.push([c.spe, s, c.ageMin, c.ageMax, round(rate, 6), c.ngap, nat(c.nat), t.value, round(f, 2), round(ccamBase, 2), imputed ? round(pooledShare, 4) : '', `${TARIFFS_FILE}#${t.source}`]);
      }
    }
    writeTable(
      ctx,
      'specialist_consultation_rates.csv',
      ['specialty', 'sex', 'age_min', 'age_max', 'rate', 'letters', 'prs_nat', 'tariff', 'fees_2016', 'ccam_base_2019', 'imputed_share', 'tariff_source'],
      out,
    );
  },
};
