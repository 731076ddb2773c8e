import type { Day } from '../../events';
import type { Person } from '../../agents';
import type { World } from '../../world';
import type { Row } from '../sinks/Sink';
import type { RandomStream } from '../../random';
import { ClaimNumbering, CLINIC_FLUX_ORDER, ESTABLISHMENT_FLUX_ORDER } from './claims';
import { coupleOn, identityOf, type Couple, type Identity } from './identity';

/** Rows produced for one or more persons, by output table name. */
export type TableRows = Map<string, Row[]>;

/** Appends rows to a table of a TableRows map. */
export function pushRow(out: TableRows, table: string, row: Row): void {
  let list = out.get(table);
  if (!list) out.set(table, (list = []));
  list.push(row);
}

/**
 * Per-person state shared by the record mappers: the pseudonym, the insurance fund, the claim
 * numbering (DCIR keys and processing delays) and the output rows.
 */
export class PersonRows {
  /** The person's BEN_NIR_PSA in force at the end of the run (keys of the SIM_TRUTH_* tables). */
  readonly nir: string;
  /** Every BEN_NIR_PSA / BEN_RNG_GEM couple, BEN_NIR_ANO and BEN_IDT_ANO of the person. */
  readonly identity: Identity;
  /** Couples that some row was written under (they must be in IR_BEN_R, not archived). */
  readonly used = new Set<Couple>();
  /** The couple each MCO stay was written under, by discharge day: the SSR stay that follows keeps it (a transfer). */
  readonly stayCouples = new Map<Day, Couple>();
  private lines: RandomStream | undefined;
  readonly fund: { readonly org: string; readonly cti: number };
  readonly claims: ClaimNumbering;
  /** Latest processing day of the person's DCIR prestations (IR_BEN_R.MAX_TRT_DTD). */
  maxTrt: Day | undefined;

  constructor(
    readonly world: World,
    readonly person: Person,
    readonly out: TableRows,
  ) {
    this.identity = identityOf(world, person);
    const cs = this.identity.couples;
    this.nir = (cs[cs.length - 1] as Couple).psa;
    const fund = world.organisms.get(person.home.dept);
    if (!fund) throw new Error(`no fund for département ${person.home.dept}`);
    this.fund = fund;
    const eco = world.economics;
    this.claims = new ClaimNumbering(person.id, fund.org, fund.cti, world.streams.stream('flux', person.id), eco.meanProcessingDelay, eco.maxProcessingDelay);
  }

  /** The numberings of establishments' own fluxes, by stream name, created on first use. */
  private readonly numberings = new Map<string, ClaimNumbering>();

  /** A numbering apart from the person's care: its own fluxes (FLX_EMT_ORD from `offset`) and stream of processing delays. */
  private numbering(stream: string, offset: number): ClaimNumbering {
    let n = this.numberings.get(stream);
    if (!n) {
      const eco = this.world.economics;
      n = new ClaimNumbering(this.person.id, this.fund.org, this.fund.cti, this.world.streams.stream(stream, this.person.id), eco.meanProcessingDelay, eco.maxProcessingDelay, offset);
      this.numberings.set(stream, n);
    }
    return n;
  }

  /** Numbering of the prestations that establishments bill directly (FIDES): stream 'flux.establishment'. */
  get establishmentClaims(): ClaimNumbering {
    return this.numbering('flux.establishment', ESTABLISHMENT_FLUX_ORDER);
  }

  /** Numbering of the stays private clinics bill: stream 'flux.clinic'. */
  get clinicClaims(): ClaimNumbering {
    return this.numbering('flux.clinic', CLINIC_FLUX_ORDER);
  }

  /**
   * The couple a claim or stay of `day` is written under (the one in force; for a child attached to both
   * parents, one of the two, drawn from the person's 'identity.lines' stream).
   */
  coupleOn(day: Day): Couple {
    const c = coupleOn(this.identity, day, () => (this.lines ??= this.world.streams.stream('identity.lines', this.person.id)).next());
    this.used.add(c);
    return c;
  }

  push(table: string, row: Row): void {
    pushRow(this.out, table, row);
  }
}
