import type { Day } from '../../events';
import type { Person } from '../../agents';
import type { World } from '../../world';
import type { Row } from '../sinks/Sink';
import { ClaimNumbering, ESTABLISHMENT_FLUX_ORDER } from './claims';
import { nirPseudonym } from './pseudonym';

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
  readonly nir: string;
  readonly fund: { readonly org: string; readonly cti: number };
  readonly claims: ClaimNumbering;
  /** Latest processing day of the person's DCIR prestations (IR_BEN_R.MAX_TRT_DTD). */
  maxTrt: Day | undefined;

  constructor(
    readonly world: World,
    readonly person: Person,
    readonly out: TableRows,
  ) {
    this.nir = nirPseudonym(person.id, world.config.seed);
    const fund = world.organisms.get(person.home.dept);
    if (!fund) throw new Error(`no fund for département ${person.home.dept}`);
    this.fund = fund;
    const eco = world.economics;
    this.claims = new ClaimNumbering(person.id, fund.org, fund.cti, world.streams.stream('flux', person.id), eco.meanProcessingDelay, eco.maxProcessingDelay);
  }

  private establishmentNumbering: ClaimNumbering | undefined;

  /**
   * Numbering of the prestations that establishments bill directly (FIDES): own fluxes (FLX_EMT_ORD offset) and its
   * own stream of processing delays ('flux.establishment'), created on first use.
   */
  get establishmentClaims(): ClaimNumbering {
    if (!this.establishmentNumbering) {
      const eco = this.world.economics;
      const stream = this.world.streams.stream('flux.establishment', this.person.id);
      this.establishmentNumbering = new ClaimNumbering(this.person.id, this.fund.org, this.fund.cti, stream, eco.meanProcessingDelay, eco.maxProcessingDelay, ESTABLISHMENT_FLUX_ORDER);
    }
    return this.establishmentNumbering;
  }

  push(table: string, row: Row): void {
    pushRow(this.out, table, row);
  }
}
