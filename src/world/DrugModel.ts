import type { World } from './World';

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
}

/** The drug referential and the dispensing model's rates (data/drugs.csv.gz, Open Medic volumes). */
export class DrugModel {
  constructor(readonly world: World) {}
}
