import { addMonths, EventQueue, type Day } from '../events';
import type { RandomStream } from '../random';
import type { Commune, Physician, World } from '../world';
import { nextArrival } from './hazard';
import { newbornId, type Person } from './Person';
import type { CareRecord } from './records';

/** Event priorities within a day: death first (nothing happens after it), then births, then care. */
export const PRIORITY = { death: 0, birth: 1, care: 2 } as const;

/** Minimum months between two births of the same woman (duration of a pregnancy). */
export const MIN_MONTHS_BETWEEN_BIRTHS = 9;

/** A person's whole simulated history, handed to the exporters. */
export interface PersonOutcome {
  readonly person: Person;
  /** Care records in chronological order. */
  readonly records: readonly CareRecord[];
}

/** Attributes of a person about to be simulated. */
interface PersonSpec {
  readonly id: number;
  readonly sex: 1 | 2;
  readonly birth: Day;
  readonly home: Commune;
  readonly entry: Day;
  readonly motherId: number | undefined;
}

/**
 * Simulates persons one at a time, each with its own event queue and random streams keyed by its
 * id. Persons are independent given the world, so any partition of the ids over workers or shards
 * gives the same histories.
 */
export class PersonSimulator {
  constructor(private readonly world: World) {}

  private stream(name: string, id: number): RandomStream {
    return this.world.streams.stream(name, id);
  }

  /** Attributes of person `i` alive at the start (0 ≤ i < population). */
  initialSpec(i: number): PersonSpec {
    const w = this.world;
    const cell = w.population.cellOf(i);
    const rng = this.stream('person.init', i);
    const start = w.config.start;
    // Born between one day after (start − (age+1) years) and (start − age years).
    const earliest = addMonths(start, -12 * (cell.age + 1)) + 1;
    const latest = addMonths(start, -12 * cell.age);
    const birth = rng.int(earliest, latest);
    const dept = w.geography.dept(cell.dept);
    const home = dept.communes[rng.pickCumulative(dept.cumulativePopulation)] as Commune;
    return { id: i, sex: cell.sex, birth, home, entry: start, motherId: undefined };
  }

  /**
   * Simulates initial person `i` then, depth-first, the children born to her during the run;
   * `emit` receives each person's outcome in that order.
   */
  simulateInitial(i: number, emit: (o: PersonOutcome) => void): void {
    const pending: PersonSpec[] = [this.initialSpec(i)];
    while (pending.length > 0) {
      const spec = pending.shift() as PersonSpec;
      const children: PersonSpec[] = [];
      emit(this.simulate(spec, children));
      pending.unshift(...children);
    }
  }

  private chooseGp(id: number, home: Commune): Physician {
    return this.stream('person.gp', id).pick(this.world.providers.gpsNear(home));
  }

  private simulate(spec: PersonSpec, children: PersonSpec[]): PersonOutcome {
    const w = this.world;
    const end = w.config.end;
    const person: Person = { ...spec, gp: this.chooseGp(spec.id, spec.home), death: undefined };
    const records: CareRecord[] = [];
    const queue = new EventQueue(spec.entry);
    const dept = spec.home.dept;

    // Death: one unit-exponential budget of cumulative hazard over the whole run.
    const deathRng = this.stream('death', spec.id);
    const deathDay = nextArrival(spec.birth, spec.entry, end, (y, a) => w.demography.deathHazard(y, spec.sex, a, dept), deathRng.exponential(1));
    if (deathDay !== undefined) {
      queue.schedule(deathDay, PRIORITY.death, (day) => {
        person.death = day;
        queue.clear();
      });
    }

    // Births (women): a renewal process on the fertility rates, at least a pregnancy apart.
    if (spec.sex === 2) {
      const rng = this.stream('births', spec.id);
      let rank = 0;
      const scheduleNextBirth = (from: Day): void => {
        const day = nextArrival(spec.birth, from, end, (y, a) => w.demography.fertilityRate(y, a), rng.exponential(1));
        if (day === undefined) return;
        queue.schedule(day, PRIORITY.birth, (d) => {
          const id = newbornId(spec.id, rank++);
          const childSex: 1 | 2 = rng.chance(w.demography.maleShareAtBirth) ? 1 : 2;
          children.push({ id, sex: childSex, birth: d, home: spec.home, entry: d, motherId: spec.id });
          if (rank < 10) scheduleNextBirth(addMonths(d, MIN_MONTHS_BETWEEN_BIRTHS));
        });
      };
      scheduleNextBirth(spec.entry);
    }

    // GP consultations: Poisson arrivals at the age- and sex-specific rate, at most one a day.
    {
      const rng = this.stream('care.gp', spec.id);
      const rate = (_y: number, a: number): number => w.gpConsultations.rate(spec.sex, a);
      const scheduleNext = (from: Day): void => {
        const day = nextArrival(spec.birth, from, end, rate, rng.exponential(1));
        if (day === undefined) return;
        queue.schedule(day, PRIORITY.care, (d) => {
          records.push({ kind: 'consultation', day: d, physician: person.gp, prsNat: 1110 });
          scheduleNext(d + 1);
        });
      };
      scheduleNext(spec.entry);
    }

    queue.runUntil(end);
    return { person, records };
  }
}
