/**
 * Maternity wards and delivery stays (data/sources/42-maternity.md), from the DREES SAE 2023 PERINAT table:
 *  - `maternity_wards.csv`: the establishments of `establishments.csv` with deliveries (SEJACC > 0), their
 *    deliveries and caesareans (SEJCES);
 *  - `maternity_parameters.csv`: national totals of the table (deliveries, caesareans, their days) and the
 *    figures derived from them: caesarean share, mean nights of a vaginal delivery and of a caesarean;
 *  - `maternity_acts.csv`: the CCAM delivery acts (subcategories « Accouchement par voie naturelle » and « Accouchement
 *    par césarienne » of `ccam_liberal.csv.gz`), by mode and plurality, with their national stays (`mco_acts.csv.gz`);
 *  - `prenatal_schedule.csv`: the prenatal follow-up in private practice (modelling choices, see PRENATAL_SCHEDULE).
 *
 * Runs after the hospital builder: a maternity ward must be an MCO establishment of `establishments.csv`.
 */
import { type BuildContext, type Cell, type DataBuilder, readOut, readRawCsv, round, writeTable } from './lib';

export const SAE_PERINAT = 'drees_sae_2023/PERINAT_2023r.csv';

/** SAE integer cell (blank = 0). */
function saeInt(s: string | undefined, what: string): number {
  const t = (s ?? '').trim();
  if (t === '') return 0;
  const v = Number(t);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${SAE_PERINAT}: ${what}: bad value "${s}"`);
  return v;
}


/** Delivery acts: CCAM subcategory → mode. */
const DELIVERY_SUBCATEGORIES: Readonly<Record<string, string>> = { 'Accouchement par voie naturelle': 'vaginal', 'Accouchement par césarienne': 'caesarean' };

/** The delivery acts with their national stays (activity 1, the act itself). */
function deliveryActs(ctx: BuildContext): Cell[][] {
  const stays = new Map<string, number>();
  for (const r of readOut(ctx, 'mco_acts.csv.gz')) {
    const key = `${r['act']}|${r['phase']}`;
    stays.set(key, (stays.get(key) ?? 0) + Number(r['stays']));
  }
  const out: Cell[][] = [];
  const seen = new Set<string>();
  for (const r of readOut(ctx, 'ccam_liberal.csv.gz')) {
    const mode = DELIVERY_SUBCATEGORIES[r['subcategory'] ?? ''];
    const key = `${r['act']}|${r['phase']}`;
    const label = r['label'] ?? '';
    // The subcategories also hold the surveillance of labour (JQQP099): deliveries only.
    if (mode === undefined || r['activity'] !== '1' || !label.startsWith('Accouchement') || seen.has(key)) continue;
    seen.add(key);
    // Plurality from the label: « Accouchement multiple … » for twins, « … unique … » for one child, else either.
    const plurality = /multiple/i.test(label) ? 'multiple' : /unique/i.test(label) ? 'single' : 'any';
    const n = stays.get(key) ?? 0;
    if (n > 0) out.push([r['act'] ?? '', r['phase'] ?? '', mode, plurality, n]);
  }
  out.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
  if (!out.some((r) => r[2] === 'vaginal') || !out.some((r) => r[2] === 'caesarean')) throw new Error('ccam_liberal.csv.gz × mco_acts.csv.gz: no vaginal or no caesarean delivery act');
  return out;
}

/** Term of a pregnancy in weeks of amenorrhoea: the birth day is week 40 (modelling choice, 42-maternity.md). */
export const TERM_WEEKS = 40;

/**
 * Prenatal follow-up in private practice (42-maternity.md): kind, code, week of amenorrhoea, why. Consultations by a
 * gynaecologist-obstetrician (IR_SPE_V 7): the seven prenatal examinations of the issue, the first in the third month
 * and then one a month; ultrasounds: the CCAM acts « … au 1er / 2ème / 3ème trimestre » (ccam_liberal.csv.gz labels), in
 * the middle of their trimester; lab tests (NABM, IR_BIO_R labels): blood group, irregular antibodies, toxoplasmosis
 * and syphilis screening at the first examination, hepatitis B surface antigen in the sixth month, irregular antibodies
 * again in the eighth. The weeks are modelling choices: the regulatory calendar is not held in ../shared.
 */
const PRENATAL_SCHEDULE: readonly (readonly [string, string, number, string])[] = [
  ['consultation', '7', 12, 'first prenatal examination, third month'],
  ['consultation', '7', 17, 'prenatal examination, fourth month'],
  ['consultation', '7', 21, 'prenatal examination, fifth month'],
  ['consultation', '7', 26, 'prenatal examination, sixth month'],
  ['consultation', '7', 30, 'prenatal examination, seventh month'],
  ['consultation', '7', 34, 'prenatal examination, eighth month'],
  ['consultation', '7', 38, 'prenatal examination, ninth month'],
  ['ultrasound', 'JQQM010', 12, 'CCAM: échographie … grossesse uniembryonnaire au 1er trimestre'],
  ['ultrasound', 'JQQM018', 22, 'CCAM: échographie … grossesse unifoetale au 2ème trimestre'],
  ['ultrasound', 'JQQM016', 32, 'CCAM: échographie … grossesse unifoetale au 3ème trimestre'],
  ['lab', '1140', 12, 'NABM: groupage sanguin ABO-RH (D)'],
  ['lab', '1141', 12, "NABM: recherche d'anticorps irréguliers (RAI)"],
  ['lab', '1430', 12, 'NABM: toxoplasmose grossesse : dépistage : SD initial'],
  ['lab', '1326', 12, 'NABM: syphilis : sérodiagnostic de dépistage'],
  ['lab', '322', 26, 'NABM: hépatite B : Ag HBs'],
  ['lab', '1141', 34, "NABM: recherche d'anticorps irréguliers (RAI)"],
];

export const maternityBuilder: DataBuilder = {
  name: 'maternity',
  outputs: ['maternity_wards.csv', 'maternity_parameters.csv', 'maternity_acts.csv', 'prenatal_schedule.csv'],
  build(ctx: BuildContext): void {
    writeTable(ctx, 'prenatal_schedule.csv', ['kind', 'code', 'weeks', 'note'], PRENATAL_SCHEDULE.map((r) => [...r]));
    writeTable(ctx, 'maternity_acts.csv', ['act', 'phase', 'mode', 'plurality', 'stays'], deliveryActs(ctx));
    const known = new Set(readOut(ctx, 'establishments.csv').map((r) => r['finess'] ?? ''));
    const out: Cell[][] = [];
    let deliveries = 0;
    let caesareans = 0;
    let deliveryDays = 0;
    let caesareanDays = 0;
    let single = 0;
    let multiple = 0;
    for (const r of readRawCsv(ctx, SAE_PERINAT, { delimiter: ';', encoding: 'latin1' })) {
      const fi = (r['FI'] ?? '').trim();
      const acc = saeInt(r['SEJACC'], `${fi} SEJACC`);
      const ces = saeInt(r['SEJCES'], `${fi} SEJCES`);
      if (ces > acc) throw new Error(`${SAE_PERINAT}: ${fi} has more caesareans (${ces}) than deliveries (${acc})`);
      deliveries += acc;
      caesareans += ces;
      deliveryDays += saeInt(r['JOUACC'], `${fi} JOUACC`);
      caesareanDays += saeInt(r['JOUCES'], `${fi} JOUCES`);
      single += saeInt(r['ACCUN'], `${fi} ACCUN`);
      multiple += saeInt(r['ACCMU'], `${fi} ACCMU`);
      if (acc === 0) continue;
      if (!known.has(fi)) throw new Error(`${SAE_PERINAT}: maternity ${fi} is not in establishments.csv`);
      out.push([fi, acc, ces]);
    }
    // The delivery stays of the table are its single and multiple deliveries.
    if (single + multiple !== deliveries) throw new Error(`${SAE_PERINAT}: SEJACC (${deliveries}) ≠ ACCUN + ACCMU (${single + multiple})`);
    out.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    writeTable(ctx, 'maternity_wards.csv', ['finess', 'deliveries', 'caesareans'], out);
    const source = 'DREES SAE 2023 PERINAT';
    writeTable(
      ctx,
      'maternity_parameters.csv',
      ['name', 'value', 'unit', 'source'],
      [
        ['deliveries', deliveries, 'delivery stays (SEJACC)', source],
        ['caesareans', caesareans, 'delivery stays with a caesarean (SEJCES)', source],
        ['delivery_days', deliveryDays, 'days of delivery stays (JOUACC)', source],
        ['caesarean_days', caesareanDays, 'days of caesarean stays (JOUCES)', source],
        ['caesarean_share', round(caesareans / deliveries, 6), 'share of deliveries', `${source}: SEJCES / SEJACC`],
        ['vaginal_mean_nights', round((deliveryDays - caesareanDays) / (deliveries - caesareans), 4), 'nights', `${source}: (JOUACC - JOUCES) / (SEJACC - SEJCES)`],
        ['caesarean_mean_nights', round(caesareanDays / caesareans, 4), 'nights', `${source}: JOUCES / SEJCES`],
        ['term_weeks', TERM_WEEKS, 'weeks of amenorrhoea at the birth', 'modelling choice (42-maternity.md)'],
      ],
    );
  },
};
