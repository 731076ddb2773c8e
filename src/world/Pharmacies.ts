import { finessNumber, professionalNumber } from './identifiers';
import { DataError } from '../errors';
import { num, str } from '../data';
import type { StreamFactory } from '../random';
import type { DataRegistry } from '../data';
import type { Commune, Geography } from './Geography';
import type { InitialPopulation } from './InitialPopulation';

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
 * Category digit (3rd character) of the synthetic PFS_PFS_NUM and FINESS of pharmacies. Modelling
 * choice: physicians use 1 (src/world/Providers.ts); 2 keeps the two id spaces apart.
 */
export const PHARMACY_ID_CATEGORY = 2;

/**
 * Community pharmacies of the simulated area. No open list of pharmacies is available (MANIFEST
 * gap 7): they are placed by the legal licence quota (data/pharmacy_parameters.csv: the first one
 * from a threshold of inhabitants, one more per further block of inhabitants) applied to each
 * commune's legal population, scaled to the simulated population like the physicians, at least one
 * per département. Each person uses one near home.
 */
export class Pharmacies {
  readonly all: readonly Pharmacy[];
  /** SNDS activity code of a community pharmacy (IR_ACT_V), used as PSE_SPE_COD and PSE_ACT_NAT. */
  readonly activityCode: number;
  private readonly byCommune = new Map<number, Pharmacy[]>();
  private readonly byEpci = new Map<string, Pharmacy[]>();
  private readonly byDept = new Map<string, Pharmacy[]>();
  private readonly deptIndex = new Map<string, number>();
  private readonly streams: StreamFactory;

  /**
   * @param data the run's data tables
   * @param geography communes of the simulated départements
   * @param population the initial population (its size scales the number of pharmacies)
   * @param streams the run's random streams (stochastic rounding of each département's count)
   */
  constructor(data: DataRegistry, geography: Geography, population: InitialPopulation, streams: StreamFactory) {
    const t = data.get('pharmacy_parameters.csv');
    const param = (name: string): number => {
      const row = t.rows.find((r) => str(t, r, 'name') === name);
      if (!row) throw new DataError(`data/pharmacy_parameters.csv has no parameter ${name}`);
      return num(t, row, 'value');
    };
    this.streams = streams;
    const first = param('licence_first_pharmacy_inhabitants');
    const more = param('licence_additional_pharmacy_inhabitants');
    this.activityCode = param('pharmacy_activity_code');

    const simulated = new Map<string, number>();
    for (const c of population.cells) simulated.set(c.dept, (simulated.get(c.dept) ?? 0) + c.count);
    const all: Pharmacy[] = [];
    [...geography.departements.values()].forEach((d, deptIndex) => {
      this.deptIndex.set(d.code, deptIndex);
      const scale = (simulated.get(d.code) ?? 0) / (population.realByDept.get(d.code) ?? 1);
      const rng = streams.stream('world.pharmacies', deptIndex);
      let order = 0;
      const place = (commune: Commune): void => {
        order += 1;
        all.push({
          index: all.length,
          finess: finessNumber(d.code, PHARMACY_ID_CATEGORY, order),
          pfsNum: professionalNumber(d.code, PHARMACY_ID_CATEGORY, order),
          commune,
        });
      };
      for (const c of d.communes) {
        const quota = c.population >= first ? 1 + Math.floor((c.population - first) / more) : 0;
        if (quota === 0) continue;
        // Stochastic rounding keeps the expected number of pharmacies exact at any population size.
        const exact = quota * scale;
        const n = Math.floor(exact) + (rng.chance(exact - Math.floor(exact)) ? 1 : 0);
        for (let k = 0; k < n; k++) place(c);
      }
      if (order === 0) place(d.communes.reduce((a, b) => (b.population > a.population ? b : a)));
    });
    this.all = all;
    for (const p of all) {
      push(this.byCommune, p.commune.index, p);
      if (p.commune.epci !== '') push(this.byEpci, p.commune.epci, p);
      push(this.byDept, p.commune.dept, p);
    }
  }

  /** Pharmacies a person living in `home` may use: those of the commune, else its EPCI, else its département. */
  near(home: Commune): readonly Pharmacy[] {
    const local = this.byCommune.get(home.index);
    if (local) return local;
    const epci = home.epci === '' ? undefined : this.byEpci.get(home.epci);
    if (epci) return epci;
    const dept = this.byDept.get(home.dept);
    if (!dept) throw new DataError(`no pharmacy in département ${home.dept}`);
    return dept;
  }

  /**
   * The on-duty pharmacy (pharmacie de garde) of `day` for a person living in `home`: one pharmacy of the home's
   * EPCI (else of its département) drawn for that day, the same for every person of the area (stream
   * 'world.pharmacies.on_duty' keyed by the day and the département). Modelling choice: the real duty rota is
   * organised by sectors that no open file gives; the EPCI stands in for the sector.
   */
  onDuty(home: Commune, day: number): Pharmacy {
    const epci = home.epci === '' ? undefined : this.byEpci.get(home.epci);
    const list = epci ?? this.byDept.get(home.dept);
    if (!list || list.length === 0) throw new DataError(`no pharmacy in département ${home.dept}`);
    const key = (day + 1_000_000) * 1_000 + (this.deptIndex.get(home.dept) ?? 0) + (epci ? 500 : 0);
    const rng = this.streams.stream(epci ? `world.pharmacies.on_duty.${home.epci}` : 'world.pharmacies.on_duty', key);
    return rng.pick(list);
  }

  /** Pharmacies of a département (empty when none). */
  ofDept(dept: string): readonly Pharmacy[] {
    return this.byDept.get(dept) ?? [];
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  let list = m.get(k);
  if (!list) m.set(k, (list = []));
  list.push(v);
}
