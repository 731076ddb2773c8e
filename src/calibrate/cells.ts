import type { StreamFactory } from '../random';
import { laplace } from './noise';

/** The strata of a series other than age (e.g. `{ sex: 1 }`, `{ region: '53', type: 0, sex: 2 }`). */
export type SeriesKey = Readonly<Record<string, string | number>>;

/** Age bands given by their lower bounds and the oldest age of the last band. */
export class AgeGrid {
  /** Label of each band: `0`, `1-4`, `95-120`. */
  readonly labels: readonly string[];

  /** With `labels`, the bands take these names (e.g. Open Medic's `60+`) instead of `lo-hi`. */
  constructor(
    readonly lows: readonly number[],
    readonly maxAge: number,
    labels?: readonly string[],
  ) {
    this.labels = labels ?? lows.map((lo, i) => (this.high(i) === lo ? `${lo}` : `${lo}-${this.high(i)}`));
  }

  /** Number of bands. */
  get length(): number {
    return this.lows.length;
  }

  /** Oldest age of band i. */
  high(i: number): number {
    const next = this.lows[i + 1];
    return next === undefined ? this.maxAge : next - 1;
  }

  /** Band of an age (ages below the first band go to it, above the last to the last). */
  index(age: number): number {
    let lo = 0;
    let hi = this.lows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (age >= (this.lows[mid] as number)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** A count published by a table (a numerator), with the most one person may add to it over the period. */
export interface Measure {
  readonly name: string;
  /**
   * Bound on one person's total contribution to this measure over every cell of the table (the L1 sensitivity of
   * the vector of counts): with `--epsilon`, each person's contributions are scaled down to it before the noise.
   */
  readonly bound: number;
  /** Decimals of the published count (0 for counts, 2 for amounts in euros). */
  readonly decimals: number;
}

/**
 * The fine cells of a table before publication: series (strata other than age) × age bands, each with its
 * person-years, the persons behind its denominator, the persons with an event, and each measure's counts. A `bounded`
 * grid (under `--epsilon`) keeps each measure's contributions by person, so that they can be bounded per person.
 */
export class CellGrid {
  /** Person-years of each cell (series × band). */
  personYears: Float64Array;
  private readonly persons: Set<number>[];
  private readonly eventPersons: Set<number>[];
  /** Bounded grids: measure → person → cell → amount. */
  private readonly contributions: Map<number, Map<number, number>>[];
  /** Other grids: measure → cell → amount. */
  private readonly sums: Map<number, number>[];
  private readonly seriesIndex = new Map<string, number>();
  readonly series: SeriesKey[] = [];

  constructor(
    readonly bands: AgeGrid,
    readonly measures: readonly Measure[],
    series: readonly SeriesKey[] = [],
    readonly bounded = false,
  ) {
    this.personYears = new Float64Array(0);
    this.persons = [];
    this.eventPersons = [];
    this.contributions = measures.map(() => new Map());
    this.sums = measures.map(() => new Map());
    for (const s of series) this.seriesOf(s);
  }

  /**
   * Index of a series, created on first use. With `denominatorOf`, the new series shares the denominator persons of
   * that series (e.g. every ALD of a sex and département has the same persons alive at the start).
   */
  seriesOf(key: SeriesKey, denominatorOf?: number): number {
    const k = JSON.stringify(key);
    let i = this.seriesIndex.get(k);
    if (i === undefined) {
      i = this.series.length;
      this.series.push(key);
      this.seriesIndex.set(k, i);
      for (let b = 0; b < this.bands.length; b++) {
        this.persons.push(denominatorOf === undefined ? new Set() : (this.persons[denominatorOf * this.bands.length + b] as Set<number>));
        this.eventPersons.push(new Set());
      }
      const py = new Float64Array(this.series.length * this.bands.length);
      py.set(this.personYears);
      this.personYears = py;
    }
    return i;
  }

  /** Index of the cell of a series and an age. */
  cell(series: number, age: number): number {
    return series * this.bands.length + this.bands.index(age);
  }

  /** Adds person-time of a person to a cell (the person counts in its denominator). */
  addTime(person: number, cell: number, years: number): void {
    this.personYears[cell] = (this.personYears[cell] as number) + years;
    (this.persons[cell] as Set<number>).add(person);
  }

  /** Counts a person in the denominator of a cell (prevalence at a date: no person-time). */
  addPerson(person: number, cell: number): void {
    (this.persons[cell] as Set<number>).add(person);
  }

  /** Adds an amount of measure m for a person in a cell; `withPerson` counts the person among those with an event. */
  addEvent(person: number, cell: number, m: number, amount: number, withPerson = true): void {
    if (this.bounded) {
      const byPerson = this.contributions[m] as Map<number, Map<number, number>>;
      let cells = byPerson.get(person);
      if (!cells) byPerson.set(person, (cells = new Map()));
      cells.set(cell, (cells.get(cell) ?? 0) + amount);
    } else {
      const sums = this.sums[m] as Map<number, number>;
      sums.set(cell, (sums.get(cell) ?? 0) + amount);
    }
    if (withPerson) (this.eventPersons[cell] as Set<number>).add(person);
  }

  /** Persons behind the denominator of a cell. */
  personSet(cell: number): ReadonlySet<number> {
    return this.persons[cell] as Set<number>;
  }

  /** Persons with an event in a cell. */
  eventSet(cell: number): ReadonlySet<number> {
    return this.eventPersons[cell] as Set<number>;
  }

  /**
   * Totals of measure m by cell. In a bounded grid, each person's contributions are scaled down so that their sum over
   * every cell is at most the measure's bound (the sensitivity the Laplace noise is scaled to).
   */
  totals(m: number): Float64Array {
    const out = new Float64Array(this.personYears.length);
    for (const [c, x] of this.sums[m] as Map<number, number>) out[c] = x;
    const bound = (this.measures[m] as Measure).bound;
    for (const cells of (this.contributions[m] as Map<number, Map<number, number>>).values()) {
      let sum = 0;
      for (const x of cells.values()) sum += Math.abs(x);
      const f = sum > bound ? bound / sum : 1;
      for (const [c, x] of cells) out[c] = (out[c] as number) + x * f;
    }
    return out;
  }
}

/** A published cell: a group of neighbouring age bands of one series, with its persons and (noised) counts. */
export interface PublishedCell {
  readonly seriesIndex: number;
  readonly series: SeriesKey;
  /** First and last fine band of the group. */
  readonly firstBand: number;
  readonly lastBand: number;
  readonly ageMin: number;
  readonly ageMax: number;
  /** Labels of the fine bands merged into this cell (one when not merged). */
  readonly bands: readonly string[];
  /** Distinct persons behind the denominator (person-time or presence at the date). */
  readonly persons: number;
  /** Distinct persons with an event counted in the numerator. */
  readonly eventPersons: number;
  readonly personYears: number;
  /** Published count of each measure (with noise under --epsilon, clamped to ≥ 0). */
  readonly counts: readonly number[];
}

/** A series none of whose age groupings reaches the threshold: nothing of it is published. */
export interface SuppressedSeries {
  readonly seriesIndex: number;
  readonly series: SeriesKey;
  readonly reason: string;
}

/** What publishing a grid gives: the cells, the suppressed series, and how the counts were noised. */
export interface Publication {
  readonly cells: readonly PublishedCell[];
  readonly suppressed: readonly SuppressedSeries[];
  /** Per measure: its bound and the Laplace scale (bound / epsilon) when noised. */
  readonly noise: readonly { readonly measure: string; readonly sensitivity: number; readonly laplaceScale: number }[] | undefined;
}

/** Options of the small-cell rule and the noise. */
export interface PublishOptions {
  readonly minCell: number;
  readonly epsilon: number | undefined;
  readonly streams: StreamFactory;
  /** Name of the table, keying its random stream. */
  readonly table: string;
}

interface Group {
  readonly first: number;
  readonly last: number;
  readonly persons: number;
  readonly eventPersons: number;
}

/**
 * Applies the small-cell rule to every series of a grid, then the noise. A cell may be published when at least
 * `minCell` distinct persons are behind its denominator and the persons with an event are either none or at least
 * `minCell`. Age bands are grouped from the youngest: a band that fails joins the next ones until the group passes,
 * and a failing group left at the oldest end joins the groups before it. A series whose ages all together fail is
 * suppressed. With an epsilon, each published count gets Laplace noise of scale bound / epsilon from the seeded
 * stream of the table (drawn in cell order, so the same seed gives the same tables), rounded and clamped to ≥ 0.
 */
export function publish(grid: CellGrid, o: PublishOptions): Publication {
  const n = grid.bands.length;
  const ok = (g: Group): boolean => g.persons >= o.minCell && (g.eventPersons === 0 || g.eventPersons >= o.minCell);
  /** Distinct persons of bands first…last of series s (the union of the bands' sets: a person may be in several). */
  const group = (s: number, first: number, last: number): Group => {
    const persons = new Set<number>();
    const events = new Set<number>();
    for (let b = first; b <= last; b++) {
      for (const x of grid.personSet(s * n + b)) persons.add(x);
      for (const x of grid.eventSet(s * n + b)) events.add(x);
    }
    return { first, last, persons: persons.size, eventPersons: events.size };
  };
  if (o.epsilon !== undefined && !grid.bounded) throw new RangeError(`calibrate: the grid of ${o.table} must keep contributions by person to be noised`);
  const totals = grid.measures.map((_, m) => grid.totals(m));
  const streams = grid.measures.map((_, m) => o.streams.stream(`calibrate:${o.table}`, m));
  const cells: PublishedCell[] = [];
  const suppressed: SuppressedSeries[] = [];
  grid.series.forEach((series, s) => {
    const groups: Group[] = [];
    let start = 0;
    let persons = new Set<number>();
    let events = new Set<number>();
    for (let b = 0; b < n; b++) {
      for (const x of grid.personSet(s * n + b)) persons.add(x);
      for (const x of grid.eventSet(s * n + b)) events.add(x);
      const g: Group = { first: start, last: b, persons: persons.size, eventPersons: events.size };
      if (ok(g)) {
        groups.push(g);
        start = b + 1;
        persons = new Set();
        events = new Set();
      }
    }
    if (start < n) {
      let tail = group(s, start, n - 1);
      while (!ok(tail) && groups.length > 0) tail = group(s, (groups.pop() as Group).first, n - 1);
      if (ok(tail)) groups.push(tail);
      else {
        const reason =
          tail.persons < o.minCell
            ? `fewer than ${o.minCell} persons in the whole series (all ages together)`
            : `between 1 and ${o.minCell - 1} persons with an event in the whole series (all ages together)`;
        suppressed.push({ seriesIndex: s, series, reason });
        return;
      }
    }
    for (const g of groups) {
      let py = 0;
      const counts = grid.measures.map(() => 0);
      for (let b = g.first; b <= g.last; b++) {
        const c = s * n + b;
        py += grid.personYears[c] as number;
        totals.forEach((t, m) => (counts[m] = (counts[m] as number) + (t[c] as number)));
      }
      const published = grid.measures.map((measure, m) => {
        let x = counts[m] as number;
        if (o.epsilon !== undefined) x += laplace(streams[m]!, measure.bound / o.epsilon);
        const f = 10 ** measure.decimals;
        return Math.max(0, Math.round(x * f) / f);
      });
      const bands: string[] = [];
      for (let b = g.first; b <= g.last; b++) bands.push(grid.bands.labels[b] as string);
      cells.push({
        seriesIndex: s,
        series,
        firstBand: g.first,
        lastBand: g.last,
        ageMin: grid.bands.lows[g.first] as number,
        ageMax: grid.bands.high(g.last),
        bands,
        persons: g.persons,
        eventPersons: g.eventPersons,
        personYears: py,
        counts: published,
      });
    }
  });
  const noise = o.epsilon === undefined ? undefined : grid.measures.map((m) => ({ measure: m.name, sensitivity: m.bound, laplaceScale: m.bound / (o.epsilon as number) }));
  return { cells, suppressed, noise };
}
