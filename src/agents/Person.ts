import type { Day } from '../events';
import type { Commune, Establishment, Pharmacy, Physician, Propensity } from '../world';

/** Base of the ids of persons born during the run: id = NEWBORN_BASE + 10 × mother's id + birth rank. */
export const NEWBORN_BASE = 100_000_000;
/** At most this many births per woman within one run (the id scheme reserves one decimal digit). */
export const MAX_BIRTHS_PER_WOMAN = 10;

/** A long-term disease the person has. */
export interface AldState {
  readonly ald: number;
  /** ICD-10 code of the condition. */
  readonly cim: string;
  readonly start: Day;
}

/**
 * Where a child is born: the maternity ward of its mother's delivery stay (decided by the maternity process when the
 * pregnancy is announced), the birth day, the mother's discharge day, and whether the delivery was multiple (set when a
 * twin is born).
 */
export interface BirthPlace {
  readonly establishment: Establishment;
  readonly birth: Day;
  readonly discharge: Day;
  multiple: boolean;
}

/**
 * A simulated person. Persons alive at the start have ids 0…N−1; a child born during the run gets
 * NEWBORN_BASE + 10 × mother id + rank, so every id is unique and independent of the worker or shard.
 */
export interface Person {
  readonly id: number;
  /** 1 male, 2 female (BEN_SEX_COD). */
  readonly sex: 1 | 2;
  readonly birth: Day;
  readonly home: Commune;
  /** Médecin traitant (declared GP). */
  readonly gp: Physician;
  /** Usual community pharmacy. */
  readonly pharmacy: Pharmacy;
  /**
   * Latent care propensities (mean 1), drawn once from the stream 'person.propensity' (CarePropensity): they
   * multiply the person's rates of consultations, acts, chronic general treatments and hospital stays.
   */
  readonly propensity: Propensity;
  /** Day the person enters the simulation: the start day, or the birth day for newborns. */
  readonly entry: Day;
  /** Id of the mother for persons born during the run. */
  readonly motherId: number | undefined;
  /** Id of the elder twin when the person is the younger of twins born during the run (`texture: realistic`). */
  readonly twinOf?: number | undefined;
  /** Whether the twins have the same sex (they then share a BEN_NIR_PSA and differ by BEN_RNG_GEM). */
  readonly twinSameSex?: boolean | undefined;
  /** Day of death when it happens during the run (known from the start of the person's simulation). */
  death: Day | undefined;
  /** Long-term diseases, by ALD number. */
  readonly alds: Map<number, AldState>;
  /** The delivery under way of a woman (maternity process): the children born on its day are born there. */
  maternity?: BirthPlace | undefined;
  /** Where a child born during the run was born (its mother's delivery), undefined when it is not known. */
  readonly birthplace?: BirthPlace | undefined;
  /** Hospital stays so far, as [admission, discharge] day pairs (for the no-overlap rule). */
  readonly stays: [Day, Day][];
}

/**
 * Added to the id of the elder twin to give the younger one's: twins are drawn from their own stream in
 * `texture: realistic` only, so the other children keep their ids (and draws). Ids stay below 2^47.
 */
export const TWIN_OFFSET = 2 ** 46;

/** Id of the younger twin of the child `elderId`. */
export function twinId(elderId: number): number {
  if (elderId >= TWIN_OFFSET) throw new RangeError('a twin of a twin id: the id scheme has no room for it');
  return TWIN_OFFSET + elderId;
}

/** Id of the `rank`-th child (0-based) born during the run to mother `motherId`. */
export function newbornId(motherId: number, rank: number): number {
  if (rank < 0 || rank >= MAX_BIRTHS_PER_WOMAN) throw new RangeError(`birth rank ${rank} outside [0, ${MAX_BIRTHS_PER_WOMAN})`);
  const id = NEWBORN_BASE + motherId * MAX_BIRTHS_PER_WOMAN + rank;
  if (!Number.isSafeInteger(id)) throw new RangeError('person id overflow: the run spans too many generations');
  return id;
}
