import { InputError } from '../errors';
import { dayFromYmd, parseIsoDate, type Day } from '../events';
import { NO_DATE } from '../snds';
import type { SndsReader } from './types';

/** A person of IR_BEN_R, with what the report and the calibration stratify on. */
export interface OutputPerson {
  /** Index of the person (0 … persons − 1), in IR_BEN_R order. */
  readonly index: number;
  /** BEN_SEX_COD: 1 male, 2 female. */
  readonly sex: 1 | 2;
  /** Birth day, taken on the 15th of the month of birth (IR_BEN_R has the year and month only). */
  readonly birth: Day;
  /** Département of residence in the form of data/ ('35', '2A', '971'). */
  readonly dept: string;
  /** BEN_DCD_DTE, or undefined. */
  readonly death: Day | undefined;
  /** BEN_DTE_INS (entry into the referential), or undefined when absent. */
  readonly entry: Day | undefined;
}

/**
 * Persons keyed by BEN_NIR_PSA: iterating (and `size`) gives each person once, under the pseudonym of
 * their first IR_BEN_R row; `get` and `has` also resolve the person's other pseudonyms (the couples that
 * share their BEN_IDT_ANO), so that the lines written under any of them reach the same person.
 */
export class PersonsByPseudonym extends Map<string, OutputPerson> {
  private readonly aliases = new Map<string, OutputPerson>();

  /** Makes `psa` another pseudonym of `person` (already stored under its first pseudonym). */
  alias(psa: string, person: OutputPerson): void {
    if (!super.has(psa)) this.aliases.set(psa, person);
  }

  override get(psa: string): OutputPerson | undefined {
    return super.get(psa) ?? this.aliases.get(psa);
  }

  override has(psa: string): boolean {
    return super.has(psa) || this.aliases.has(psa);
  }
}

/** The persons of an output. */
export interface OutputPersons {
  /** Persons by BEN_NIR_PSA (one entry per person, i.e. per BEN_IDT_ANO when the column exists; see PersonsByPseudonym). */
  readonly persons: ReadonlyMap<string, OutputPerson>;
  /** IR_BEN_R rows left out: sex other than 1/2, no valid birth year or month, pseudonym seen before. */
  readonly skippedRows: number;
}

/**
 * The key of a couple {BEN_NIR_PSA; BEN_RNG_GEM} in the persons of an output: BEN_NIR_PSA, with the rank appended
 * for BEN_RNG_GEM > 1 (same-sex twins share their BEN_NIR_PSA and differ by the rank). The PMSI has no rank: its
 * NIR_ANO_17 finds the first twin, as in the SNDS.
 */
export function personKey(psa: string, rng: unknown): string {
  const n = Number(rng);
  return Number.isInteger(n) && n > 1 ? `${psa}|${n}` : psa;
}

/** SQL for the same key from a table with BEN_NIR_PSA and, when `columns` has it, BEN_RNG_GEM (`prefix` e.g. 'p.'). */
export function personKeySql(columns: readonly string[], prefix = ''): string {
  return columns.includes('BEN_RNG_GEM')
    ? `CASE WHEN ${prefix}BEN_RNG_GEM > 1 THEN ${prefix}BEN_NIR_PSA || '|' || CAST(${prefix}BEN_RNG_GEM AS VARCHAR) ELSE ${prefix}BEN_NIR_PSA END`
    : `${prefix}BEN_NIR_PSA`;
}

/** A person while IR_BEN_R is read (its entry may move earlier with a later row of the same BEN_IDT_ANO). */
type MutablePerson = { -readonly [K in keyof OutputPerson]: OutputPerson[K] };

/** IR_BEN_R columns without which no person can be placed. */
const REQUIRED_BEN_COLUMNS = ['BEN_NIR_PSA', 'BEN_SEX_COD', 'BEN_NAI_ANN'];

/** Département code of IR_BEN_R.BEN_RES_DPT ('035', '02A', '971') in the form of data/ ('35', '2A', '971'). */
export function deptOfResidence(code: string, known: readonly string[]): string {
  const c = code.trim();
  for (const d of known) if (c === d || c === d.padStart(3, '0')) return d;
  return c.length === 3 && c.startsWith('0') ? c.slice(1) : c;
}

/** SIM_RUN_MANIFEST as key → value, JSON values parsed (plain strings kept). */
export function parsedManifest(reader: SndsReader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of reader.manifest) {
    try {
      out[k] = JSON.parse(v) as unknown;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

/**
 * Reads the persons of IR_BEN_R (shared by `report` and `calibrate`). `departements` are the codes
 * residence départements are matched against (see `deptOfResidence`). Optional columns (month of
 * birth, département, death, entry) read as absent when the table lacks them. Throws an InputError
 * naming `argName` when IR_BEN_R or one of its required columns is missing.
 */
export async function readPersons(reader: SndsReader, departements: readonly string[], argName = '<db>'): Promise<OutputPersons> {
  if (!reader.tables.has('IR_BEN_R')) {
    throw new InputError({ path: argName, message: `${reader.path} has no table IR_BEN_R: not an SNDS database; give a database with the SNDS beneficiary referential (e.g. one written by snds-sim simulate)` });
  }
  const ben = new Set(reader.columns('IR_BEN_R'));
  const missing = REQUIRED_BEN_COLUMNS.filter((c) => !ben.has(c));
  if (missing.length > 0) throw new InputError({ path: argName, message: `${reader.path}: IR_BEN_R has no column ${missing.join(', ')}: not an SNDS beneficiary referential` });
  const col = (name: string, alias: string): string => (ben.has(name) ? `${name} AS ${alias}` : `NULL AS ${alias}`);
  const rows = await reader.all(
    `SELECT BEN_NIR_PSA AS nir, ${col('BEN_RNG_GEM', 'rng')}, ${col('BEN_IDT_ANO', 'idt')}, BEN_SEX_COD AS sex, BEN_NAI_ANN AS y, ${col('BEN_NAI_MOI', 'm')}, ${col('BEN_RES_DPT', 'dpt')}, ${col('BEN_DCD_DTE', 'dcd')}, ${col('BEN_DTE_INS', 'ins')} FROM IR_BEN_R`,
  );
  // The same few codes repeat over millions of rows.
  const deptCache = new Map<string, string>();
  const deptOf = (code: string): string => {
    let d = deptCache.get(code);
    if (d === undefined) deptCache.set(code, (d = deptOfResidence(code, departements)));
    return d;
  };
  const persons = new PersonsByPseudonym();
  // A person's couples may enter the referential on different days (a new BEN_NIR_PSA at 18): keep the earliest.
  const byIdt = new Map<string, MutablePerson>();
  let skippedRows = 0;
  for (const r of rows) {
    const nir = personKey(String(r.nir), r.rng);
    // Another couple {BEN_NIR_PSA; BEN_RNG_GEM} of a person already read (same BEN_IDT_ANO).
    const same = r.idt === null || r.idt === undefined ? undefined : byIdt.get(String(r.idt));
    if (same !== undefined) {
      persons.alias(nir, same);
      const entry = typeof r.ins === 'string' && r.ins !== NO_DATE ? parseIsoDate(r.ins.slice(0, 10)) : undefined;
      if (entry !== undefined && same.entry !== undefined && entry < same.entry) same.entry = entry;
      continue;
    }
    const sex = Number(r.sex);
    const y = Number(r.y);
    const m = Number(r.m);
    if ((sex !== 1 && sex !== 2) || !Number.isInteger(y) || y < 1800 || !(m >= 1 && m <= 12) || persons.has(nir)) {
      skippedRows += 1;
      continue;
    }
    const death = typeof r.dcd === 'string' && r.dcd !== NO_DATE ? parseIsoDate(r.dcd.slice(0, 10)) : undefined;
    const entry = typeof r.ins === 'string' && r.ins !== NO_DATE ? parseIsoDate(r.ins.slice(0, 10)) : undefined;
    const person: MutablePerson = { index: persons.size, sex, birth: dayFromYmd(y, m, 15), dept: deptOf(String(r.dpt ?? '')), death, entry };
    persons.set(nir, person);
    if (r.idt !== null && r.idt !== undefined) byIdt.set(String(r.idt), person);
  }
  return { persons, skippedRows };
}
