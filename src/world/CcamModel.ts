import type { World } from './World';

/** A CCAM technical act with its tariff. */
export interface CcamAct {
  /** 7-character CCAM code. */
  readonly code: string;
  readonly activity: number;
  readonly phase: number;
  /** Sector-1 tariff (€). */
  readonly tariff: number;
  /** CCAM regroupement code (ADI, ATM, …). */
  readonly regroupement: string;
}

/** Specialist consultation rates and CCAM technical acts in private practice. */
export class CcamModel {
  constructor(readonly world: World) {}
}
