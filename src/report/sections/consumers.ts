import { careLines, GP_CONSULTATION_DESCRIBED, gpConsultationSql, personKeySql } from '../../readback';
import { num, readDataTable, str } from '../../data';
import { sqlString } from '../../snds';
import { pmsiTables } from '../sql';
import type { TargetedDatabase } from '../targets';
import { allPass } from '../tolerance';
import type { Section } from '../types';
import { bandComparison, bandRow } from './common';

/**
 * Who consumes and how much, and which GP and pharmacy: persons with care, the over-dispersion of GP
 * consultations, the concentration of reimbursed spending, hospitalised persons and their stays, persons
 * seeing several GPs or pharmacies. Judged with data/validation/texture_figures.csv (never read by `simulate`;
 * its `fed_to_simulate` column says which figures the care propensity was fitted to).
 */

const PHARMACY_NATURES = '3311, 3312, 3313, 3341';
/** The per-person sums of this file's sections (prefetchPersonSums). */
const GP_CONSULTATIONS: PersonSum = { value: 'SUM(p.PRS_ACT_QTE)', where: gpConsultationSql() };
const DISPENSINGS: PersonSum = { value: 'SUM(p.PRS_ACT_QTE)', where: `p.PRS_NAT_REF IN (${PHARMACY_NATURES})` };
const REIMBURSED: PersonSum = { value: 'SUM(p.BSE_REM_MNT)', where: '1 = 1' };
export const CONSUMERS_PERSON_SUMS: readonly PersonSum[] = [GP_CONSULTATIONS, DISPENSINGS, REIMBURSED];
const VALIDATION = 'validation/texture_figures.csv';
/** Providers of a kind an output must have for the share of persons using several of them to be judged. */
const MIN_PROVIDERS = 2;

/** A validation figure by id: its numbers, quote, source and fed flag. */
function validationFigures(): (id: string) => { numbers: number[]; quote: string; source: string; fed: string } {
  const t = readDataTable(VALIDATION);
  return (id) => {
    const row = t.rows.find((x) => str(t, x, 'id') === id);
    if (!row) return { numbers: [], quote: '', source: '', fed: '?' };
    const numbers = (str(t, row, 'value').replace(/(\d) (\d)/g, '$1$2').match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
    return { numbers, quote: str(t, row, 'quote'), source: str(t, row, 'source_url'), fed: str(t, row, 'fed_to_simulate') };
  };
}

/** A sum per person of the care lines of ER_PRS_F (`p`, see careLines) with a care date in the period. */
export interface PersonSum {
  /** The aggregate: SUM(<expression over p>). */
  readonly value: string;
  /** SQL condition on `p` the summed lines meet. */
  readonly where: string;
  /** Tables `where` reads besides ER_PRS_F: the sum is computed only when the output has them. */
  readonly tables?: readonly string[];
}

/** Sums per person already computed, by database read and by PersonSum (sumKey). */
const computed = new WeakMap<object, Map<string, Map<number, number>>>();

function sumKey(value: string, where: string): string {
  return `${value}\u0000${where}`;
}

/** The expression summed by `value` when it is a plain SUM(…) (balanced parentheses), else undefined. */
function summand(value: string): string | undefined {
  const m = /^SUM\((.*)\)$/s.exec(value.trim());
  if (!m) return undefined;
  let depth = 0;
  for (const ch of m[1] as string) {
    if (ch === '(') depth += 1;
    else if (ch === ')' && --depth < 0) return undefined;
  }
  return depth === 0 ? m[1] : undefined;
}

/**
 * Computes, in one scan of the care lines in the period, every sum of `sums` that the output's tables allow and that
 * is not computed yet, for perPerson and perPersonSums to read. The report's sections sum ten families of lines per
 * person (GP consultations, dispensings, devices, nursing acts…); one GROUP BY per family scanned ER_PRS_F ten times.
 * A person gets a value for a sum only when some of its lines meet the condition, as the GROUP BY of those lines alone.
 */
export async function prefetchPersonSums(r: TargetedDatabase, sums: readonly PersonSum[]): Promise<void> {
  if (!r.tables.has('ER_PRS_F')) return;
  let done = computed.get(r.db);
  if (!done) computed.set(r.db, (done = new Map()));
  const todo = new Map<string, { readonly sum: PersonSum; readonly expr: string }>();
  for (const sum of sums) {
    const expr = summand(sum.value);
    const key = sumKey(sum.value, sum.where);
    if (expr === undefined || done.has(key) || todo.has(key) || !(sum.tables ?? []).every((t) => r.tables.has(t))) continue;
    todo.set(key, { sum, expr });
  }
  if (todo.size === 0) return;
  const wheres = [...new Set([...todo.values()].map((t) => t.sum.where))];
  const lines = wheres.map((w, j) => `SUM(CASE WHEN ${w} THEN 1 ELSE 0 END) AS n${j}`);
  const values = [...todo.values()].map((t, i) => `SUM(CASE WHEN ${t.sum.where} THEN ${t.expr} END) AS v${i}`);
  const out = [...todo.keys()].map(() => new Map<number, number>());
  const whereOf = [...todo.values()].map((t) => wheres.indexOf(t.sum.where));
  await forEachPersonRow(r, [...lines, ...values], undefined, (index, row) =>
    out.forEach((m, i) => {
      if (Number(row[`n${whereOf[i] as number}`]) > 0) m.set(index, (m.get(index) ?? 0) + Number(row[`v${i}`]));
    }),
  );
  [...todo.keys()].forEach((k, i) => (done as Map<string, Map<number, number>>).set(k, out[i] as Map<number, number>));
}

/**
 * One row per couple {BEN_NIR_PSA; BEN_RNG_GEM} of `SELECT <person key> AS nir, <columns>` over the care lines of
 * ER_PRS_F (see careLines) with a care date in the period (and `where`), grouped by couple, handed with the index of
 * its person; the couples of no person of the output are skipped.
 */
async function forEachPersonRow(r: TargetedDatabase, columns: readonly string[], where: string | undefined, each: (index: number, row: Record<string, unknown>) => void): Promise<void> {
  const care = careLines(r.db);
  const key = personKeySql(r.db.columns('ER_PRS_F'), 'p.');
  for (const row of await r.db.all(`SELECT ${key} AS nir, ${columns.join(', ')} FROM ${care.from} WHERE ${care.where} AND ${within(r)}${where === undefined ? '' : ` AND ${where}`} GROUP BY 1`)) {
    const p = r.persons.get(String(row.nir));
    if (p) each(p.index, row);
  }
}

/**
 * Per person of the output (by index: a person may have several couples {BEN_NIR_PSA; BEN_RNG_GEM}): the sum of
 * `value` over the care lines of ER_PRS_F (see careLines) with a care date in the period and `where`.
 */
export async function perPerson(r: TargetedDatabase, value: string, where: string): Promise<Map<number, number>> {
  return (await perPersonSums(r, [value], where))[0] as Map<number, number>;
}

/** perPerson for several sums over the same lines: one map per value, in the order given (those prefetchPersonSums computed are read). */
export async function perPersonSums(r: TargetedDatabase, values: readonly string[], where: string): Promise<Map<number, number>[]> {
  if (!r.tables.has('ER_PRS_F')) return values.map(() => new Map<number, number>());
  await prefetchPersonSums(r, values.map((value) => ({ value, where })));
  const done = computed.get(r.db);
  const cached = values.map((v) => done?.get(sumKey(v, where)));
  // Copies: a section may add to its maps (consumers adds the hospital's spending).
  if (cached.every((m) => m !== undefined)) return (cached as Map<number, number>[]).map((m) => new Map(m));
  // A sum that is not a plain SUM(…): its own scan.
  const out = values.map(() => new Map<number, number>());
  await forEachPersonRow(
    r,
    values.map((v, i) => `${v} AS v${i}`),
    where,
    (index, row) => out.forEach((m, i) => m.set(index, (m.get(index) ?? 0) + Number(row[`v${i}`]))),
  );
  return out;
}

/** Per person: the distinct executants (PFS_EXE_NUM) of the care lines meeting `condition` in the period. */
async function executantsPerPerson(r: TargetedDatabase, condition: string): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  if (!r.tables.has('ER_PRS_F')) return out;
  const care = careLines(r.db);
  const key = personKeySql(r.db.columns('ER_PRS_F'), 'p.');
  for (const row of await r.db.all(
    `SELECT DISTINCT ${key} AS nir, p.PFS_EXE_NUM AS exe FROM ${care.from} WHERE ${care.where} AND ${within(r)} AND ${condition} AND p.PRS_ACT_QTE > 0 AND p.PFS_EXE_NUM IS NOT NULL`,
  )) {
    const p = r.persons.get(String(row.nir));
    if (!p) continue;
    let set = out.get(p.index);
    if (!set) out.set(p.index, (set = new Set()));
    set.add(String(row.exe));
  }
  return out;
}

/** Care dates in the period, on ER_PRS_F as `p`. */
export function within(r: TargetedDatabase): string {
  return `p.EXE_SOI_DTD BETWEEN ${sqlString(r.startIso)} AND ${sqlString(r.endIso)}`;
}

/**
 * Per person: `value` (an aggregate over the rows `x`) of each yearly PMSI MCO table T_MCOyy<letter> joined to its
 * T_MCOyyC on (ETA_NUM, RSA_NUM) for the person, the stays admitted in the period meeting `where`.
 */
async function perPersonOfStays(r: TargetedDatabase, letter: string, value: string, where: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const cTables = new Set(pmsiTables(r.tables, 'C'));
  for (const t of pmsiTables(r.tables, letter)) {
    const ct = `${t.slice(0, 'T_MCOyy'.length)}C`;
    if (!cTables.has(ct)) continue;
    const rows = await r.db.all(
      `SELECT c.NIR_ANO_17 AS nir, ${value} AS v FROM "${t}" x JOIN "${ct}" c ON c.ETA_NUM = x.ETA_NUM AND c.RSA_NUM = x.RSA_NUM
       WHERE ${where} AND c.ENT_DAT BETWEEN ${sqlString(r.startIso)} AND ${sqlString(r.endIso)} GROUP BY 1`,
    );
    for (const row of rows) {
      const p = r.persons.get(String(row.nir));
      if (p) out.set(p.index, (out.get(p.index) ?? 0) + Number(row.v));
    }
  }
  return out;
}

/** Share (%) of the `k` largest values in the total. */
function topShare(sorted: readonly number[], fraction: number): number {
  const total = sorted.reduce((a, b) => a + b, 0);
  const k = Math.round(fraction * sorted.length);
  let top = 0;
  for (let i = 0; i < k; i++) top += sorted[i] as number;
  return total > 0 ? (100 * top) / total : 0;
}

/** 10. Who consumes and how much. */
export async function consumersSection(r: TargetedDatabase): Promise<Section> {
  const fig = validationFigures();
  const persons = r.persons.size;
  const gp = await perPerson(r, GP_CONSULTATIONS.value, GP_CONSULTATIONS.where);
  const pha = await perPerson(r, DISPENSINGS.value, DISPENSINGS.where);
  const pct = (n: number): number => (persons > 0 ? (100 * n) / persons : 0);
  const withGp = [...gp.values()].filter((n) => n > 0).length;
  const withPha = [...pha.values()].filter((n) => n > 0).length;
  const filters = r.tables.has('ER_PRS_F') ? careLines(r.db).described : '';

  const params = r.targets.read('care_heterogeneity_parameters.csv');
  const seenRow = params.rows.find((x) => str(params, x, 'name') === 'share_persons_seen_by_gp');
  const seenTarget = seenRow ? 100 * num(params, seenRow, 'value') : NaN;
  const seen = fig('figures_2_32');
  const share = bandComparison(
    {
      id: 'consumers.share',
      title: 'Persons with care in the year, % / Personnes ayant eu des soins dans l’année, %',
      unit: '% of the persons of IR_BEN_R',
      xLabel: 'Care / Soins',
      yLabel: '% of persons / % des personnes',
      tolerance: '≥ 1 GP consultation: 80–90 %; ≥ 1 dispensing: 70–95 % (plausibility band, no published figure held)',
      notes: [
        `Persons of IR_BEN_R (by BEN_IDT_ANO) with a positive sum of PRS_ACT_QTE on the ER_PRS_F lines of ${GP_CONSULTATION_DESCRIBED} (resp. natures ${PHARMACY_NATURES}) with a care date in the period, ${filters}.`,
        `Not independent for GPs: « ${seen.quote} » (${seen.source}) over the INSEE population of 2018 is the figure the care propensity's shape was fitted to (fed_to_simulate = ${seen.fed}); the independent checks are the dispersion, concentration and hospital comparisons below. No published share of persons with a dispensing is held in data/validation.`,
      ],
    },
    [
      bandRow('GP', '≥ 1 GP consultation / ≥ 1 consultation de généraliste', pct(withGp), seenTarget, 80, 90, withGp),
      bandRow('pharmacy', '≥ 1 dispensing / ≥ 1 délivrance', pct(withPha), pct(withGp), 70, 95, withPha),
    ],
  );

  // Over-dispersion: variance / mean of GP consultations per person (zeros included).
  let s1 = 0;
  let s2 = 0;
  for (const n of gp.values()) {
    s1 += n;
    s2 += n * n;
  }
  const mean = persons > 0 ? s1 / persons : 0;
  const ratio = mean > 0 ? (s2 / persons - mean * mean) / mean : 0;
  const dispersion = bandComparison(
    {
      id: 'consumers.gp_dispersion',
      title: 'GP consultations per person: variance ÷ mean / Consultations de généraliste par personne : variance ÷ moyenne',
      unit: 'variance ÷ mean',
      xLabel: 'Statistic / Statistique',
      yLabel: 'variance ÷ mean / variance ÷ moyenne',
      tolerance: 'variance ÷ mean ≥ 2 (1 would be Poisson: everybody alike)',
      notes: [
        `Consultations (sum of PRS_ACT_QTE, ${GP_CONSULTATION_DESCRIBED}) per person of IR_BEN_R, zeros included; mean ${mean.toFixed(2)}. No published variance is held: the band is the acceptance figure of the project; the real distribution is very skewed (see the concentration below).`,
      ],
    },
    [bandRow('GP', 'variance ÷ mean / variance ÷ moyenne', ratio, 2, 2, 1000, Math.round(s1))],
  );

  // Concentration of reimbursed spending among consumers.
  // The reimbursed amount of the care lines; the participation forfaitaire of a supplement line (CPL_REM_MNT < 0)
  // is not deducted (1 € a consultation, beside amounts of tens of euros).
  const spend = await perPerson(r, REIMBURSED.value, REIMBURSED.where);
  // The insurance's part of the valued stays (VALO 1) of the public hospitals, which the DCIR does not hold.
  const hospitalSpend = await perPersonOfStays(r, 'VALO', 'SUM(x.MNT_TOT_AM)', "x.VALO = '1'");
  for (const [k, v] of hospitalSpend) spend.set(k, (spend.get(k) ?? 0) + v);
  const hospitalTotal = [...hospitalSpend.values()].reduce((a, b) => a + b, 0);
  const dcirTotal = [...spend.values()].reduce((a, b) => a + b, 0) - hospitalTotal;
  // In cents: the engines sum doubles in different orders, so the report gives the same shares on every format.
  const sorted = [...spend.values()].map((x) => Math.round(100 * x)).filter((x) => x > 0).sort((a, b) => b - a);
  const [meanAll, top10, top1] = [fig('figures_2_1'), fig('figures_2_6'), fig('figures_2_7')];
  const m = meanAll.numbers[0] ?? NaN;
  const t10 = (10 * (top10.numbers[0] ?? NaN)) / m;
  const t1 = (top1.numbers[0] ?? NaN) / m;
  // « … 2 900 € de dépenses de santé en 2021, dont 1 160 € à l’hôpital … »: the hospital's share of the mean.
  const atHospital = /dont\s+(\d[\d\s\u00a0\u202f]*)\s*€\s+à\s+l[’']hôpital/.exec(meanAll.quote);
  const hospitalShare = atHospital ? (100 * Number((atHospital[1] as string).replace(/\D/g, ''))) / m : undefined;
  const concentration = bandComparison(
    {
      id: 'consumers.concentration',
      title: 'Share of reimbursed spending held by the top consumers, % / Part des dépenses remboursées des plus gros consommateurs, %',
      unit: '% of the reimbursed amount of consumers (BSE_REM_MNT in the DCIR, MNT_TOT_AM of the valued public stays)',
      xLabel: 'Consumers / Consommateurs',
      yLabel: '% of spending / % des dépenses',
      tolerance: 'top 10 %: 55–70 %; top 1 %: ± 25 % of the DREES share; top 5 %: between the two DREES shares (no published figure)',
      notes: [
        `Persons with a positive sum of BSE_REM_MNT on ER_PRS_F (${filters}, care in the period) and of MNT_TOT_AM on the stays of T_MCOyyVALO with VALO = '1' joined to T_MCOyyC on (ETA_NUM, RSA_NUM), admitted in the period (public and non-profit hospitals: ${((100 * hospitalTotal) / Math.max(1, hospitalTotal + dcirTotal)).toFixed(1)} % of the amount${hospitalShare === undefined ? '' : `, against ${hospitalShare.toFixed(0)} % at the hospital in the DREES figure below, not fed`}), ranked by that sum. DREES 2021 (${meanAll.source}): « ${top10.quote} » and « ${meanAll.quote} »: top 10 % = 10 × ${top10.numbers[0]} ÷ ${m} = ${t10.toFixed(1)} %, top 1 % = ${top1.numbers[0]} ÷ ${m} = ${t1.toFixed(1)} % of spending (fed_to_simulate = ${top10.fed}, ${top1.fed}, ${meanAll.fed}).`,
        'Scope: the DREES figures cover all care (hospital, which is half of it, dentists, optics and other medical goods, nurses, physiotherapists, transport, laboratories); the simulator’s DCIR holds consultations, CCAM acts, drugs, nurses, physiotherapists, dentists, midwives, laboratories, patient transport, three home devices (CPAP, oxygen, glucose self-monitoring) and the GHS of private clinics’ stays, and its PMSI values the MCO stays of public and non-profit hospitals (the GHS and its supplements for long stays, without the drugs and devices billed on top); the fees of physicians operating in clinics, SSR stays, optics, hearing aids and the other devices are not valued. The band of the top 10 % is wider than the DREES point for that reason.',
      ],
    },
    [
      bandRow('top 1 %', 'top 1 % / 1 % les plus consommateurs', topShare(sorted, 0.01), t1, 0.75 * t1, 1.25 * t1, Math.round(0.01 * sorted.length)),
      bandRow('top 5 %', 'top 5 % / 5 % les plus consommateurs', topShare(sorted, 0.05), (t1 + t10) / 2, t1, t10, Math.round(0.05 * sorted.length)),
      bandRow('top 10 %', 'top 10 % / 10 % les plus consommateurs', topShare(sorted, 0.1), t10, 55, 70, Math.round(0.1 * sorted.length)),
    ],
  );

  // Hospitalised persons (MCO, sessions excluded) and stays per hospitalised person.
  const stays = await perPersonOfStays(r, 'B', 'COUNT(*)', 'COALESCE(x.NBR_SEA, 0) = 0');
  const hospitalised = stays.size;
  const totalStays = [...stays.values()].reduce((a, b) => a + b, 0);
  const [bySex, perPersonFig] = [fig('figures_2_64'), fig('figures_2_63')];
  const sexTarget = ((bySex.numbers[0] ?? NaN) + (bySex.numbers[1] ?? NaN)) / 2;
  const staysTarget = perPersonFig.numbers[2] ?? NaN;
  const hospital = bandComparison(
    {
      id: 'consumers.hospital',
      title: 'Persons hospitalised in MCO and their stays / Personnes hospitalisées en MCO et leurs séjours',
      unit: '% of persons; stays per hospitalised person',
      xLabel: 'Statistic / Statistique',
      yLabel: '% or stays / % ou séjours',
      tolerance: 'hospitalised 12–20 % of persons; 1.3–1.8 stays per hospitalised person',
      notes: [
        `T_MCOyyB stays without sessions (NBR_SEA = 0) admitted in the period, per person (T_MCOyyC.NIR_ANO_17). DREES: « ${bySex.quote} » (${bySex.source}) and « ${perPersonFig.quote} » (${perPersonFig.source}); fed_to_simulate = ${bySex.fed}, ${perPersonFig.fed}. Not fed: the hospital factor was fitted to the all-fields share of patients with a single stay (figures_2_58, fed_to_simulate = ${fig('figures_2_58').fed}).`,
      ],
    },
    [
      bandRow('hospitalised', 'hospitalised / hospitalisés (%)', pct(hospitalised), sexTarget, 12, 20, hospitalised),
      bandRow('stays', 'stays per hospitalised person / séjours par hospitalisé', hospitalised > 0 ? totalStays / hospitalised : 0, staysTarget, 1.3, 1.8, totalStays),
    ],
  );

  const comparisons = [share, dispersion, concentration, hospital];
  return {
    id: 'consumers',
    titleFr: 'Qui consomme, et combien',
    titleEn: 'Who consumes and how much',
    description:
      'Persons with care, the spread of GP consultations between persons, the concentration of reimbursed spending and of hospital stays, against published figures (data/validation/texture_figures.csv; the notes say which were fed to simulate).',
    comparisons,
    pass: allPass(comparisons),
  };
}

/** 11. Which GP and which pharmacy: persons seeing several GPs, persons using several pharmacies. */
export async function providersSection(r: TargetedDatabase): Promise<Section> {
  const fig = validationFigures();
  const gps = await executantsPerPerson(r, gpConsultationSql());
  const phas = await executantsPerPerson(r, `p.PRS_NAT_REF IN (${PHARMACY_NATURES})`);
  const several = (m: Map<number, Set<string>>): number => [...m.values()].filter((k) => k.size >= 2).length;
  // Judged only where a choice exists: a small run may have a single pharmacy (or GP) in its area.
  const providers = async (condition: string): Promise<number> =>
    r.tables.has('ER_PRS_F') ? Number((await r.db.all(`SELECT COUNT(DISTINCT p.PFS_EXE_NUM) AS n FROM ER_PRS_F p WHERE ${condition} AND ${within(r)}`))[0]?.n ?? 0) : 0;
  const [gpCount, phaCount] = [await providers(gpConsultationSql()), await providers(`p.PRS_NAT_REF IN (${PHARMACY_NATURES})`)];
  const judged = (row: ReturnType<typeof bandRow>, count: number): ReturnType<typeof bandRow> => (count >= MIN_PROVIDERS ? row : { ...row, pass: true });
  const pctOf = (n: number, d: number): number => (d > 0 ? (100 * n) / d : 0);
  const nomad = fig('figures_2_111');
  const commune = fig('figures_2_82');
  const comparison = bandComparison(
    {
      id: 'providers.several',
      title: 'Persons seeing several GPs or pharmacies in the year, % / Personnes ayant vu plusieurs généralistes ou pharmacies, %',
      unit: '% of GP patients; % of dispensed persons',
      xLabel: 'Providers / Professionnels',
      yLabel: '% of persons / % des personnes',
      tolerance: '≥ 2 GPs: 25–50 % of GP patients; ≥ 2 pharmacies: > 10 % of dispensed persons',
      notes: [
        `Distinct PFS_EXE_NUM per person (BEN_IDT_ANO) among the ER_PRS_F lines of ${GP_CONSULTATION_DESCRIBED} (resp. natures ${PHARMACY_NATURES}) with a care date in the period, quantity > 0${r.tables.has('ER_PRS_F') ? `, ${careLines(r.db).described}` : ''}.`,
        `Not independent for GPs: CNAMTS 1992, « ${nomad.quote.replace(/\s+/g, ' ')} » (${nomad.source}) is the figure the probability of consulting another GP was fitted to (fed_to_simulate = ${nomad.fed}). No published share of persons using several pharmacies is held: the band is the project's acceptance figure; the pharmacies other than the usual one come from on-duty pharmacies (Sundays, holidays) and a stated modelling share of acute prescriptions dispensed elsewhere.`,
        `The output has ${gpCount} GPs and ${phaCount} pharmacies with care in the period; a row is judged only when its kind has at least ${MIN_PROVIDERS} (a small run may have a single pharmacy in its area: nobody can then use two).`,
        `For information (not compared): a GP sees ${commune.numbers[0] ?? '?'} patients a year on average, ${commune.numbers[2] ?? '?'} of whom have declared him médecin traitant (${commune.source}).`,
      ],
    },
    [
      judged(bandRow('GPs', '≥ 2 GPs / ≥ 2 généralistes', pctOf(several(gps), gps.size), nomad.numbers[0] ?? NaN, 25, 50, several(gps)), gpCount),
      judged(bandRow('pharmacies', '≥ 2 pharmacies', pctOf(several(phas), phas.size), 10, 10, 100, several(phas)), phaCount),
    ],
  );
  return {
    id: 'providers',
    titleFr: 'Quel médecin, quelle pharmacie',
    titleEn: 'Which doctor and which pharmacy',
    description: 'Persons who saw more than one GP, and dispensed persons who used more than one pharmacy, in the period (ER_PRS_F executants).',
    comparisons: [comparison],
    pass: comparison.pass,
  };
}
