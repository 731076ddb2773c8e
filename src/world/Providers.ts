import { DataError } from '../errors';
import type { RandomStream, StreamFactory } from '../random';
import type { DataRegistry } from '../data';
import { num, str } from '../data';
import type { Commune, Geography } from './Geography';
import { professionalNumber } from './identifiers';

/** Category digit of physicians' numbers. */
const PHYSICIAN_CATEGORY = 1;

/** A liberal physician placed in a commune of the simulated area (a DA_PRA_R row). */
export interface Physician {
  readonly index: number;
  /** PFS_PFS_NUM: 8 characters, département + profession digit (1 = physician) + order number. */
  readonly pfsNum: string;
  /** SNDS specialty code (IR_SPE_V / PSE_SPE_COD), 1 = general practice. */
  readonly specialty: number;
  readonly commune: Commune;
}

/** SNDS specialty codes of general practitioners (IR_SPE_V: 1, 22, 23). */
export const GP_SPECIALTIES: ReadonlySet<number> = new Set([1, 22, 23]);

/**
 * Liberal physicians per specialty and département (CNAM 2016 headcounts) scaled to the simulated
 * population, placed in communes with probability proportional to the commune population.
 */
export class Providers {
  readonly physicians: readonly Physician[];
  private readonly gpsByCommune = new Map<number, Physician[]>();
  private readonly gpsByEpci = new Map<string, Physician[]>();
  private readonly gpsByDept = new Map<string, Physician[]>();
  private readonly bySpecialtyDept = new Map<string, Physician[]>();

  constructor(
    data: DataRegistry,
    geography: Geography,
    simulatedByDept: ReadonlyMap<string, number>,
    realByDept: ReadonlyMap<string, number>,
    streams: StreamFactory,
  ) {
    const t = data.get('physicians.csv');
    const physicians: Physician[] = [];
    const depts = [...geography.departements.keys()];
    depts.forEach((dept, deptIndex) => {
      const d = geography.dept(dept);
      const scale = (simulatedByDept.get(dept) ?? 0) / (realByDept.get(dept) ?? 1);
      const rows = t.rows.filter((r) => str(t, r, 'dept') === dept).sort((a, b) => Number(a.spe_code) - Number(b.spe_code));
      const gpTotal = rows.filter((r) => GP_SPECIALTIES.has(num(t, r, 'spe_code'))).reduce((s, r) => s + num(t, r, 'count'), 0);
      if (gpTotal === 0) throw new DataError(`data/physicians.csv has no general practitioner for département ${dept}`);
      const rng = streams.stream('world.physicians', deptIndex);
      let order = 0;
      for (const r of rows) {
        const specialty = num(t, r, 'spe_code');
        const exact = num(t, r, 'count') * scale;
        // Stochastic rounding keeps the expected headcount exact at any population size.
        // At least one of every specialty the département has, so that small runs keep all kinds of care.
        const n = Math.max(1, Math.floor(exact) + (rng.chance(exact - Math.floor(exact)) ? 1 : 0));
        for (let k = 0; k < n; k++) {
          const commune = d.communes[rng.pickCumulative(d.cumulativePopulation)] as Commune;
          order += 1;
          physicians.push({
            index: physicians.length,
            pfsNum: professionalNumber(dept, PHYSICIAN_CATEGORY, order),
            specialty,
            commune,
          });
        }
      }
    });
    this.physicians = physicians;
    for (const p of physicians) {
      push(this.bySpecialtyDept, `${p.specialty}|${p.commune.dept}`, p);
      if (!GP_SPECIALTIES.has(p.specialty)) continue;
      push(this.gpsByCommune, p.commune.index, p);
      if (p.commune.epci !== '') push(this.gpsByEpci, p.commune.epci, p);
      push(this.gpsByDept, p.commune.dept, p);
    }
  }

  /**
   * General practitioners near a home commune: those of the commune, else of its EPCI
   * (intercommunality), else of the département.
   */
  gpsNear(home: Commune): readonly Physician[] {
    const local = this.gpsByCommune.get(home.index);
    if (local && local.length > 0) return local;
    const epci = home.epci === '' ? undefined : this.gpsByEpci.get(home.epci);
    if (epci && epci.length > 0) return epci;
    const dept = this.gpsByDept.get(home.dept);
    if (!dept || dept.length === 0) throw new DataError(`no general practitioner in département ${home.dept}`);
    return dept;
  }

  /** General practitioners of a département (empty when none). */
  gpsOfDept(dept: string): readonly Physician[] {
    return this.gpsByDept.get(dept) ?? [];
  }

  /** Physicians of a specialty in a département (empty when none). */
  ofSpecialty(specialty: number, dept: string): readonly Physician[] {
    return this.bySpecialtyDept.get(`${specialty}|${dept}`) ?? [];
  }

  /**
   * The prescriber of care that needs a physician of `specialty`: one of that specialty in the département, drawn with
   * `rng`, or `fallback` (the person's GP) when the specialty is none or a GP's, or none practises there.
   */
  prescriberOf(specialty: number | undefined, dept: string, fallback: Physician, rng: RandomStream): Physician {
    if (specialty === undefined || GP_SPECIALTIES.has(specialty)) return fallback;
    const list = this.ofSpecialty(specialty, dept);
    return list.length > 0 ? rng.pick(list) : fallback;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  let list = m.get(k);
  if (!list) m.set(k, (list = []));
  list.push(v);
}
