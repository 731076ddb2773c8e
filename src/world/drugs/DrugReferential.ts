import type { Day } from '../../events';
import { DataError } from '../../errors';
import { num, str, type DataRegistry } from '../../data';

/** A reimbursable drug presentation (CIP13) of the referential. */
export interface Drug {
  readonly cip13: string;
  readonly cip7: string;
  readonly label: string;
  /** ATC code as precise as known ('' when unknown). */
  readonly atc: string;
  /** Reimbursement rate (fraction: 0.15, 0.3, 0.65, 1). */
  readonly rate: number;
  /** Price of a box without the dispensing fee (€). */
  readonly price: number;
  /** Dispensing fee per box (€). */
  readonly fee: number;
  /** Units in the box (0 when unknown). */
  readonly units: number;
  /** Days of treatment a box lasts (see boxDays). */
  readonly days: number;
  /** IR_NAT_V prestation code of a line of this drug (PH1/PH4/PH7/PH2 by its rate). */
  readonly prsNat: number;
}

/** Days a box lasts when its units cannot be read as daily doses (non-oral-solid forms). Modelling choice. */
export const DEFAULT_BOX_DAYS = 30;
/** Longest treatment a box is taken to cover (3-month packs hold 84 or 90 units). Modelling choice. */
export const MAX_BOX_DAYS = 90;
/** A refill covers about 4 weeks at least: boxes of fewer units are dispensed by several. Modelling choice. */
export const MIN_REFILL_DAYS = 28;
/** Oral solid forms, whose units are taken as one a day (modelling choice). */
const ORAL_SOLID = /comprim|gélule|capsule molle|capsule dure|lyophilisat oral/;

/**
 * Days of treatment in a box: its units for oral solid forms (one a day, at most MAX_BOX_DAYS),
 * DEFAULT_BOX_DAYS otherwise or when the units are unknown.
 */
export function boxDays(form: string, units: number): number {
  if (units > 0 && ORAL_SOLID.test(form)) return Math.min(units, MAX_BOX_DAYS);
  return DEFAULT_BOX_DAYS;
}

/** Boxes per chronic dispensing: enough boxes to cover MIN_REFILL_DAYS. */
export function refillBoxes(drug: Drug): number {
  return Math.max(1, Math.round(MIN_REFILL_DAYS / drug.days));
}

/** Days between two refills of a chronic line (boxes per refill × box duration). */
export function refillInterval(drug: Drug): Day {
  return refillBoxes(drug) * drug.days;
}

/** The drug referential: presentations in file order, with their estimated yearly boxes. */
export interface DrugReferential {
  readonly drugs: readonly Drug[];
  /** boxes_2025 of each drug: amounts over the nominal rate, before the Open Medic rescaling. */
  readonly estimatedBoxes: ReadonlyMap<Drug, number>;
}

/**
 * Reads the reimbursable presentations (data/drugs.csv.gz), each billed under the prestation code of
 * its reimbursement rate (data/drug_prestations.csv).
 */
export function readDrugReferential(data: DataRegistry): DrugReferential {
  const prs = data.get('drug_prestations.csv');
  const prsByRate = prs.rows.map((r) => ({ rate: num(prs, r, 'rate_pct'), code: num(prs, r, 'prs_nat') })).sort((a, b) => a.rate - b.rate);
  if (prsByRate.length === 0) throw new DataError('data/drug_prestations.csv is empty');
  // Nearest listed rate (the 8 presentations at 35 % bill as the 30 % line, PH4).
  const prsOf = (ratePct: number): number =>
    prsByRate.reduce((a, b) => (Math.abs(b.rate - ratePct) < Math.abs(a.rate - ratePct) ? b : a)).code;

  const t = data.get('drugs.csv.gz');
  const drugs: Drug[] = [];
  const estimatedBoxes = new Map<Drug, number>();
  for (const r of t.rows) {
    const units = r.units === '' ? 0 : num(t, r, 'units');
    const form = str(t, r, 'form');
    const ratePct = num(t, r, 'rate');
    const d: Drug = {
      cip13: str(t, r, 'cip13'),
      cip7: str(t, r, 'cip7'),
      label: str(t, r, 'label'),
      atc: str(t, r, 'atc'),
      rate: ratePct / 100,
      price: num(t, r, 'price'),
      fee: num(t, r, 'fee'),
      units,
      days: boxDays(form, units),
      prsNat: prsOf(ratePct),
    };
    drugs.push(d);
    estimatedBoxes.set(d, num(t, r, 'boxes_2025'));
  }
  return { drugs, estimatedBoxes };
}
