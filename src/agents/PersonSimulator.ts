import { addMonths, EventQueue, type Day } from '../events';
import type { RandomStream } from '../random';
import type { Commune, World } from '../world';
import { newbornId, twinId, type BirthPlace, type Person } from './Person';
import { DiseasePlan } from './plan';
import { PersonBus, type PersonContext, type PersonProcess } from './process';
import { PROCESSES } from './processes';
import type { CareRecord } from './records';

/** A person's whole simulated history, handed to the exporters. */
export interface PersonOutcome {
  readonly person: Person;
  /** Care records in the order they happened. */
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
  readonly twinOf?: number | undefined;
  readonly twinSameSex?: boolean | undefined;
  readonly birthplace?: BirthPlace | undefined;
}

/**
 * Simulates persons one at a time, each with its own event queue and random streams keyed by its
 * id. Persons are independent given the world, so any partition of the ids over workers or shards
 * gives the same histories.
 */
export class PersonSimulator {
  constructor(
    private readonly world: World,
    private readonly processes: readonly PersonProcess[] = PROCESSES,
  ) {}

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

  private simulate(spec: PersonSpec, children: PersonSpec[]): PersonOutcome {
    const w = this.world;
    const setup = this.stream('person.providers', spec.id);
    const person: Person = {
      ...spec,
      gp: setup.pick(w.providers.gpsNear(spec.home)),
      pharmacy: setup.pick(w.pharmacies.near(spec.home)),
      // Own stream: a new mechanism leaves the other draws unchanged.
      propensity: w.propensity.draw(this.stream('person.propensity', spec.id)),
      death: undefined,
      alds: new Map(),
      stays: [],
    };
    const records: CareRecord[] = [];
    const queue = new EventQueue(spec.entry);
    let rank = 0;
    const stream = (name: string): RandomStream => this.stream(name, spec.id);
    const ctx: PersonContext = {
      world: w,
      person,
      queue,
      end: w.config.end,
      bus: new PersonBus(),
      plan: new DiseasePlan(w, person, stream),
      stream,
      emit: (r) => records.push(r),
      inHospital: (day) => person.stays.some(([a, d]) => day > a && day < d),
      birth: (day, sex) => {
        const birthplace = person.maternity?.birth === day ? person.maternity : undefined;
        children.push({ id: newbornId(spec.id, rank++), sex, birth: day, home: spec.home, entry: day, motherId: spec.id, birthplace });
      },
      twin: (day, sex) => {
        const elder = children[children.length - 1];
        if (elder === undefined || elder.birth !== day) throw new Error('a twin is born with no elder child born the same day');
        if (elder.birthplace) elder.birthplace.multiple = true;
        children.push({ id: twinId(elder.id), sex, birth: day, home: spec.home, entry: day, motherId: spec.id, twinOf: elder.id, twinSameSex: elder.sex === sex, birthplace: elder.birthplace });
      },
    };
    for (const p of this.processes) p.start(ctx);
    queue.runUntil(w.config.end);
    ctx.bus.emit('end', { day: person.death ?? w.config.end });
    return { person, records };
  }
}
