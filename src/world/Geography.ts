import { DataError } from '../errors';
import type { DataRegistry } from '../data';
import { num, readDataTable, str } from '../data';

/** A commune (INSEE code) of the simulated area. */
export interface Commune {
  /** Dense index in `Geography.communes`. */
  readonly index: number;
  readonly code: string;
  readonly name: string;
  readonly dept: string;
  readonly region: string;
  /** SIREN of its EPCI (intercommunality), '' when none. */
  readonly epci: string;
  readonly postcode: string;
  readonly population: number;
  /** SNDS coding of the commune of residence (BEN_RES_DPT, BEN_RES_COM). */
  readonly sndsDpt: string;
  readonly sndsCom: string;
}

/** A département, with its communes. */
export interface Departement {
  readonly code: string;
  readonly name: string;
  readonly region: string;
  readonly communes: readonly Commune[];
  /** Cumulative commune populations, to draw a commune of residence. */
  readonly cumulativePopulation: Float64Array;
}

/**
 * Départements known to the data (code → name), to validate user input before loading anything else.
 * Without a registry, reads only data/departements.csv (a few kilobytes).
 */
export function knownDepartements(data?: DataRegistry): Map<string, string> {
  const t = data === undefined ? readDataTable('departements.csv') : data.get('departements.csv');
  const out = new Map<string, string>();
  for (const r of t.rows) out.set(str(t, r, 'code'), str(t, r, 'name'));
  return out;
}

/** The communes of the simulated départements, grouped by département and by EPCI. */
export class Geography {
  readonly departements: ReadonlyMap<string, Departement>;
  readonly communes: readonly Commune[];
  /** EPCI SIREN → communes. */
  readonly byEpci: ReadonlyMap<string, readonly Commune[]>;

  constructor(data: DataRegistry, deptCodes: readonly string[]) {
    const dt = data.get('departements.csv');
    // The lines of the other départements are skipped unparsed.
    const ct = data.select('communes.csv.gz', 'dept', deptCodes);
    const communes: Commune[] = [];
    const perDept = new Map<string, Commune[]>();
    for (const r of ct.rows) {
      const dept = str(ct, r, 'dept');
      const c: Commune = {
        index: communes.length,
        code: str(ct, r, 'code'),
        name: str(ct, r, 'name'),
        dept,
        region: str(ct, r, 'region'),
        epci: str(ct, r, 'epci'),
        postcode: str(ct, r, 'postcode'),
        population: num(ct, r, 'population'),
        sndsDpt: str(ct, r, 'snds_dpt'),
        sndsCom: str(ct, r, 'snds_com'),
      };
      communes.push(c);
      let list = perDept.get(dept);
      if (!list) perDept.set(dept, (list = []));
      list.push(c);
    }
    const depts = new Map<string, Departement>();
    for (const code of deptCodes) {
      const row = dt.rows.find((r) => r.code === code);
      const list = perDept.get(code);
      if (!row || !list || list.length === 0) throw new DataError(`no communes for département ${code} in data/communes.csv.gz`);
      const cum = new Float64Array(list.length);
      let acc = 0;
      list.forEach((c, i) => {
        acc += c.population;
        cum[i] = acc;
      });
      depts.set(code, { code, name: str(dt, row, 'name'), region: str(dt, row, 'region'), communes: list, cumulativePopulation: cum });
    }
    const byEpci = new Map<string, Commune[]>();
    for (const c of communes) {
      if (c.epci === '') continue;
      let list = byEpci.get(c.epci);
      if (!list) byEpci.set(c.epci, (list = []));
      list.push(c);
    }
    this.departements = depts;
    this.communes = communes;
    this.byEpci = byEpci;
  }

  /** The département of a code (it was validated when the world was built). */
  dept(code: string): Departement {
    const d = this.departements.get(code);
    if (!d) throw new DataError(`département ${code} is not part of the simulated area`);
    return d;
  }
}
