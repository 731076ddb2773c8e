import type { World } from './World';

/** A health establishment with MCO activity (BE_IDE_R row). */
export interface Establishment {
  readonly finess: string;
  readonly finessEj: string;
  readonly name: string;
  readonly dept: string;
  /** INSEE commune code. */
  readonly commune: string;
  readonly status: 'public' | 'private non-profit' | 'private for-profit';
}

/** Hospital stay rates, lengths of stay, diagnoses, acts and establishments (PMSI MCO, SAE). */
export class HospitalModel {
  constructor(readonly world: World) {}
}
