import type { InputProblem } from '../../errors';
import { readNomenclature } from '../../snds';
import type { DataRegistry } from '../../data';
import type { Intervention, PathwayModule } from './types';
import { parseIcdRange } from './validate';

/** Code lists of the data the modules and interventions may name. */
interface KnownCodes {
  readonly atc: readonly string[];
  readonly nabm: ReadonlySet<number>;
  readonly ccam: ReadonlySet<string>;
  readonly specialties: ReadonlySet<number>;
  /** Specialties with a consultation tariff. */
  readonly consulting: ReadonlySet<number>;
  /** ALD number → its ICD-10 codes. */
  readonly aldCodes: ReadonlyMap<number, readonly string[]>;
}

/**
 * Reads the code lists through the run's registry, so that a scenario's `tables` folder is honoured and the
 * world later finds these tables already read.
 */
function known(data: DataRegistry): KnownCodes {
  const drugs = data.get('drugs.csv.gz');
  const acts = data.get('specialist_acts.csv.gz');
  const phys = data.get('physicians.csv');
  const ald = data.get('ald_icd10.csv');
  const tariffs = data.get('consultation_tariffs.csv');
  const bio = readNomenclature('IR_BIO_R');
  const bc = bio.columns.indexOf('BIO_PRS_IDE');
  const aldCodes = new Map<number, string[]>();
  for (const r of ald.rows) {
    const n = Number(r.ald);
    const list = aldCodes.get(n) ?? [];
    list.push(r.cim ?? '');
    aldCodes.set(n, list);
  }
  return {
    atc: [...new Set(drugs.rows.map((r) => r.atc ?? '').filter((a) => a !== ''))],
    nabm: new Set(bio.rows.map((r) => Number(r[bc]))),
    ccam: new Set(acts.rows.map((r) => r.act ?? '')),
    specialties: new Set(phys.rows.map((r) => Number(r.spe_code))),
    consulting: new Set(tariffs.rows.map((r) => Number(r.specialty))),
    aldCodes,
  };
}

/**
 * Checks the codes modules and interventions name against the data: drugs of each ATC class exist in
 * the referential, NABM tests in IR_BIO_R, CCAM acts among the acts simulated, specialties among the
 * practising physicians, and each ALD onset's ICD-10 codes among those of the ALD. `data` is the registry
 * of the run (the scenario's `tables` folder).
 */
export function checkCodes(modules: readonly PathwayModule[], interventions: readonly Intervention[], data: DataRegistry): InputProblem[] {
  if (modules.length === 0 && interventions.length === 0) return [];
  const k = known(data);
  const problems: InputProblem[] = [];
  const atcKnown = (p: string): boolean => k.atc.some((a) => a.startsWith(p));
  modules.forEach((m, i) => {
    const at = `modules[${i}]`;
    const ald = m.onset.ald;
    if (ald !== undefined) {
      const codes = k.aldCodes.get(ald);
      if (!codes) problems.push({ path: `${at}.onset.ald`, message: `unknown ALD number ${ald}: use a number of the ALD list (data/ald_labels.csv)` });
      else {
        (m.onset.codes ?? []).forEach((c, j) => {
          if (!codes.some((x) => x.startsWith(c) || c.startsWith(x))) problems.push({ path: `${at}.onset.codes[${j}]`, message: `no ICD-10 code of ALD ${ald} starts with "${c}"` });
        });
      }
    }
    for (const [name, s] of Object.entries(m.states)) {
      const sp = `${at}.states.${name}`;
      s.treatments?.forEach((t, j) => {
        t.atc.forEach((a, n) => {
          if (!atcKnown(a)) problems.push({ path: `${sp}.treatments[${j}].atc[${n}]`, message: `no reimbursed drug has an ATC code starting with "${a}"` });
        });
        if (typeof t.prescriber === 'number' && !k.specialties.has(t.prescriber)) problems.push({ path: `${sp}.treatments[${j}].prescriber`, message: `unknown specialty ${t.prescriber}: use an IR_SPE_V code of practising physicians, or "gp"` });
      });
      s.monitoring?.forEach((mo, j) => {
        const mp = `${sp}.monitoring[${j}]`;
        if (mo.lab !== undefined && !k.nabm.has(mo.lab)) problems.push({ path: `${mp}.lab`, message: `unknown NABM code ${mo.lab}: use a BIO_PRS_IDE of IR_BIO_R` });
        if (mo.consultation !== undefined && !(k.specialties.has(mo.consultation) && k.consulting.has(mo.consultation))) {
          problems.push({ path: `${mp}.consultation`, message: `specialty ${mo.consultation} has no practising physicians or no consultation tariff: use one of ${[...k.consulting].sort((a, b) => a - b).join(', ')}` });
        }
        if (mo.act !== undefined && !k.ccam.has(mo.act)) problems.push({ path: `${mp}.act`, message: `CCAM act ${mo.act} is not among the acts of data/specialist_acts.csv.gz` });
      });
    }
  });
  interventions.forEach((x, i) => {
    x.exposure.atc.forEach((a, n) => {
      if (!atcKnown(a)) problems.push({ path: `interventions[${i}].exposure.atc[${n}]`, message: `no reimbursed drug has an ATC code starting with "${a}"` });
    });
    x.outcome.dp.forEach((d, n) => {
      const r = parseIcdRange(d);
      if (r.to < r.from) problems.push({ path: `interventions[${i}].outcome.dp[${n}]`, message: `the range ${d} ends before it starts: write it as FROM-TO, e.g. K20-K31` });
    });
  });
  return problems;
}
