import { addMonths, dayFromYmd, type Day } from '../../events';
import type { Person } from '../../agents';
import type { World } from '../../world';
import { nirPseudonym } from './pseudonym';

/**
 * Identifiers of a beneficiary as the SNDS has them (data/SOURCES.md, "Beneficiary identifiers").
 *
 * A person is known by one or more couples {BEN_NIR_PSA; BEN_RNG_GEM}: a BEN_NIR_PSA is built from the
 * NIR of the insured who opens the rights (ouvreur de droits), the birth date and the sex of the
 * beneficiary, so a child attached to both parents' rights has two, a person who becomes an insured in
 * their own right gets a new one, and same-sex twins share their parent's and differ by BEN_RNG_GEM.
 * BEN_NIR_ANO (the person's own NIR, pseudonymised) links the couples; BEN_IDT_ANO = BEN_NIR_ANO, or
 * BEN_NIR_PSA || BEN_RNG_GEM when BEN_NIR_ANO is missing.
 *
 * With `texture: clean` a person has one couple, its BEN_NIR_PSA = BEN_NIR_ANO = BEN_IDT_ANO (the
 * pseudonym of earlier versions). With `realistic`, the couple in force at the end of the run (the own
 * right of an adult, the first parent's right of a child) keeps that pseudonym, so nothing else moves.
 */

/** Age at which a person becomes an insured in their own right (PUMa: majority; SOURCES.md). */
export const OWN_RIGHT_AGE = 18;
/** First day of the DCIR (archived DCIR tables cover 2006 to 2012): couples closed before are not in the SNDS. */
export const DCIR_FIRST_DAY: Day = dayFromYmd(2006, 1, 1);
/** IR_BEN_R_ARC holds the couples without any reimbursement since this day (CépiDc guide, annex 2). */
export const ARCHIVE_DAY: Day = dayFromYmd(2013, 1, 1);
/**
 * Share of children attached to both parents' rights: no published figure (the CNAM FAQ says only that
 * such children exist); a stated modelling parameter.
 */
export const TWO_PARENT_SHARE = 0.2;
/**
 * Probability that a person with a single couple has no BEN_NIR_ANO: chosen so that about 3 % of IR_BEN_R
 * records lack it, as published for September 2020 (figures.csv snds_admin_identifiers; fed to simulate).
 * Persons with several couples always have it (it is what links them: CNAM FAQ DCIR).
 */
export const MISSING_NIR_SHARE = 0.04;

/** Pseudonym slots: distinct 64-bit inputs of the keyed permutation, so no two pseudonyms collide. */
const SLOT_NIR = 1;
const SLOT_PARENT_B = 2;
const SLOT_CHILD_A = 3;
const SLOT_CHILD_B = 4;
const SLOT_OPENER_A = 5;
const SLOT_OPENER_B = 6;
/** Person ids are below 2^47 (twins: 2^46 + a newborn id), so slot × 2^47 + id stays a safe integer. */
const SLOT_SPAN = 2 ** 47;

function pseudonym(id: number, slot: number, seed: number): string {
  return slot === 0 ? nirPseudonym(id, seed) : nirPseudonym(slot * SLOT_SPAN + id, seed);
}

/** One couple {BEN_NIR_PSA; BEN_RNG_GEM} of a person and the days it is in use (inclusive). */
export interface Couple {
  readonly psa: string;
  readonly rng: number;
  /** ASS_NIR_ANO: the insured who opened the rights. */
  readonly opener: string;
  readonly from: Day;
  /** Last day of use (undefined: still in use at the end of the run). */
  readonly to: Day | undefined;
  /** A second parent's couple, used on the same days as the first one. */
  readonly secondParent: boolean;
}

/** A person's identifiers. */
export interface Identity {
  /** Every couple of the person, in order of first use; the first parent's childhood couple first. */
  readonly couples: readonly Couple[];
  /** BEN_NIR_ANO, or undefined when missing. */
  readonly nirAno: string | undefined;
  /** BEN_IDT_ANO. */
  readonly idtAno: string;
}

/** Whether a couple goes to IR_BEN_R_ARC: closed before the run and not used since ARCHIVE_DAY. */
export function isArchived(c: Couple, runStart: Day): boolean {
  return c.to !== undefined && c.to < runStart && c.to < ARCHIVE_DAY;
}

/** The identifiers of a person (pure: seed, person and the person's 'identity.*' streams). */
export function identityOf(world: World, person: Person): Identity {
  const seed = world.config.seed;
  const primary = nirPseudonym(person.id, seed);
  if ((world.config.texture ?? 'realistic') === 'clean') {
    return { couples: [{ psa: primary, rng: 1, opener: primary, from: person.entry, to: undefined, secondParent: false }], nirAno: primary, idtAno: primary };
  }
  // Twins: the younger twin of the same sex shares the elder's couples (same opener, birth date, sex).
  const twinOfSameSex = person.twinOf !== undefined && person.twinSameSex === true;
  const family = twinOfSameSex ? (person.twinOf as number) : person.id;
  const rng = twinOfSameSex ? 2 : 1;
  const twoParents = world.streams.stream('identity.parents', family).chance(TWO_PARENT_SHARE);
  const ownRight = addMonths(person.birth, 12 * OWN_RIGHT_AGE);
  const end = world.config.end;
  const couples: Couple[] = [];
  const childTo = ownRight <= end ? ownRight - 1 : undefined;
  const childFrom = Math.max(person.birth, DCIR_FIRST_DAY);
  const switches = ownRight <= end;
  if (childTo === undefined || childTo >= DCIR_FIRST_DAY) {
    const a = switches ? SLOT_CHILD_A : 0;
    const b = switches ? SLOT_CHILD_B : SLOT_PARENT_B;
    couples.push({ psa: pseudonym(family, a, seed), rng, opener: pseudonym(family, SLOT_OPENER_A, seed), from: childFrom, to: childTo, secondParent: false });
    if (twoParents) couples.push({ psa: pseudonym(family, b, seed), rng, opener: pseudonym(family, SLOT_OPENER_B, seed), from: childFrom, to: childTo, secondParent: true });
  }
  const nir = pseudonym(person.id, SLOT_NIR, seed);
  if (switches) couples.push({ psa: primary, rng: 1, opener: nir, from: ownRight, to: undefined, secondParent: false });
  const missing = couples.length === 1 && world.streams.stream('identity.nir', person.id).chance(MISSING_NIR_SHARE);
  const only = couples[0] as Couple;
  return { couples, nirAno: missing ? undefined : nir, idtAno: missing ? `${only.psa}${only.rng}` : nir };
}

/**
 * Chooses the couple a claim or a stay of `day` is written under: the one in force, and for a child
 * attached to both parents one of the two (drawn from `draw` ∈ [0, 1)).
 */
export function coupleOn(identity: Identity, day: Day, draw: () => number): Couple {
  const cs = identity.couples;
  if (cs.length === 1) return cs[0] as Couple;
  let first: Couple | undefined;
  let second: Couple | undefined;
  for (const c of cs) {
    if (day < c.from || (c.to !== undefined && day > c.to)) continue;
    if (c.secondParent) second = c;
    else first ??= c;
  }
  const chosen = first ?? (cs[cs.length - 1] as Couple);
  return second !== undefined && draw() < 0.5 ? second : chosen;
}
