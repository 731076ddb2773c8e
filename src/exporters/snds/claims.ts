import { firstOfNextMonth, isoDate, type Day } from '../../events';
import type { RandomStream } from '../../random';
import { DCIR_INDEX_KEYS, DCIR_KEYS } from '../../snds';
import type { OutputTable, Row } from '../sinks/Sink';

/** The nine DCIR join keys of one prestation, plus the processing dates. */
export interface DcirKeys {
  readonly FLX_DIS_DTD: string;
  readonly FLX_TRT_DTD: string;
  readonly FLX_EMT_TYP: number;
  readonly FLX_EMT_NUM: number;
  readonly FLX_EMT_ORD: number;
  readonly ORG_CLE_NUM: string;
  readonly DCT_ORD_NUM: number;
  readonly PRS_ORD_NUM: number;
  readonly REM_TYP_AFF: number;
  /** Processing day (FLX_TRT_DTD) as a day number. */
  readonly trtDay: Day;
}

export { DCIR_KEYS } from '../../snds';

/** The index of a DCIR table on the nine keys (in DCIR_INDEX_KEYS order): unique in ER_PRS_F, not in the detail tables. */
export function dcirKeyIndex(unique: boolean): OutputTable['indexes'][number] {
  return { columns: [...DCIR_INDEX_KEYS], unique };
}

/** Positions of the nine keys in a table's rows, in the order of DCIR_KEYS. */
export type KeyColumns = readonly number[];

/** Positions of the nine keys in a table's rows, from the table's column index. */
export function keyColumns(col: (name: string) => number): KeyColumns {
  return DCIR_KEYS.map(col);
}

/**
 * Writes the nine keys into a row at `at` (keyColumns). Each key is read by its name: a loop over DCIR_KEYS read them
 * by computed names, a lookup by name for each key of each of millions of rows.
 */
export function setKeys(r: Row, at: KeyColumns, k: DcirKeys): void {
  r[at[0] as number] = k.FLX_DIS_DTD;
  r[at[1] as number] = k.FLX_TRT_DTD;
  r[at[2] as number] = k.FLX_EMT_TYP;
  r[at[3] as number] = k.FLX_EMT_NUM;
  r[at[4] as number] = k.FLX_EMT_ORD;
  r[at[5] as number] = k.ORG_CLE_NUM;
  r[at[6] as number] = k.DCT_ORD_NUM;
  r[at[7] as number] = k.PRS_ORD_NUM;
  r[at[8] as number] = k.REM_TYP_AFF;
}

/**
 * FLX_EMT_ORD offset of the fluxes of establishments billing directly (FIDES): their prestations are numbered
 * apart, so that adding them leaves the keys and processing delays of the person's other prestations unchanged.
 */
export const ESTABLISHMENT_FLUX_ORDER = 5000;
/**
 * FLX_EMT_ORD offset of the fluxes of private clinics billing their stays: numbered apart from the others too, so that
 * the texture (which adds directly billed lines) leaves the clinics' keys unchanged.
 */
export const CLINIC_FLUX_ORDER = 6000;

/** Régime général (IR_TYT_V). */
const EMITTER_TYPE_GENERAL_SCHEME = 1;

/**
 * Numbers a person's claims. Keys depend only on the person's id and own history, never on a
 * global counter, so they are the same whichever worker or shard writes the person:
 *  - DCT_ORD_NUM + FLX_EMT_ORD encode the person id (low 9 digits / the digits above),
 *  - PRS_ORD_NUM counts the person's prestations within the flux month (FLX_DIS_DTD),
 * so (FLX_DIS_DTD, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM) is unique across persons.
 */
export class ClaimNumbering {
  private readonly perFlux = new Map<Day, number>();
  private readonly dct: number;
  private readonly emtOrd: number;

  constructor(
    personId: number,
    private readonly org: string,
    private readonly cti: number,
    private readonly delay: RandomStream,
    private readonly meanDelay: number,
    private readonly maxDelay: number,
    emtOrdOffset = 0,
  ) {
    this.dct = personId % 1_000_000_000;
    this.emtOrd = Math.floor(personId / 1_000_000_000) + emtOrdOffset;
  }

  /** Draws the processing delay of a claim for care on `day`. */
  processingDay(day: Day): Day {
    const lag = Math.min(Math.floor(this.delay.exponential(1 / this.meanDelay)), this.maxDelay);
    return day + lag;
  }

  /** Keys of the next prestation processed on `trtDay`. */
  keys(trtDay: Day): DcirKeys {
    const dis = firstOfNextMonth(trtDay);
    const n = (this.perFlux.get(dis) ?? 0) + 1;
    this.perFlux.set(dis, n);
    return {
      FLX_DIS_DTD: isoDate(dis),
      FLX_TRT_DTD: isoDate(trtDay),
      FLX_EMT_TYP: EMITTER_TYPE_GENERAL_SCHEME,
      FLX_EMT_NUM: this.cti,
      FLX_EMT_ORD: this.emtOrd,
      ORG_CLE_NUM: this.org,
      DCT_ORD_NUM: this.dct,
      PRS_ORD_NUM: n,
      REM_TYP_AFF: 1,
      trtDay,
    };
  }
}
