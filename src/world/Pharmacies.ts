import type { Commune } from './Geography';
import type { World } from './World';

/** A community pharmacy (officine) placed in a commune of the simulated area. */
export interface Pharmacy {
  readonly index: number;
  /** FINESS number (9 characters). */
  readonly finess: string;
  /** PFS_PFS_NUM of the pharmacy as a dispensing professional (8 characters). */
  readonly pfsNum: string;
  readonly commune: Commune;
}

/**
 * Community pharmacies of the simulated area. No open list of pharmacies is available: they are
 * placed by the legal licence quota (see data/SOURCES.md), and each person uses one near home.
 */
export class Pharmacies {
  readonly all: readonly Pharmacy[];

  constructor(readonly world: World) {
    // One pharmacy in the main commune of each département until the placement model is filled in.
    this.all = [...world.geography.departements.values()].map((d, i) => {
      const commune = d.communes.reduce((a, b) => (b.population > a.population ? b : a));
      return { index: i, finess: `${d.code.padStart(2, '0')}000000${i}`.slice(0, 9), pfsNum: `${d.code.padStart(2, '0')}2${String(i + 1).padStart(5, '0')}`, commune };
    });
  }

  /** Pharmacies a person living in `home` may use (never empty). */
  near(home: Commune): readonly Pharmacy[] {
    const same = this.all.filter((p) => p.commune.dept === home.dept);
    return same.length > 0 ? same : this.all;
  }
}
