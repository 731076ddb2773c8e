/**
 * The time texture of care: on which days of the week, on which public holidays and in which season
 * each kind of care happens (data/sources/56-texture.md).
 *
 * Pure and deterministic: built once from the data tables, it has no random stream of its own — the
 * functions that choose take a uniform number `u` in [0, 1) drawn by the caller from its own stream, so
 * that a person's draws stay keyed by (seed, stream, person).
 *
 * Every multiplier is normalised to a mean of 1 over the days of each calendar year: following the
 * profile moves care between days (from Sunday to Monday, from August to February) without changing a
 * year's total.
 *
 * How a care process uses it, with `rng` the process's own `RandomStream`:
 *
 * ```ts
 * // Arrivals by thinning (Lewis–Shedler): candidates at the bound rate — constant within a calendar
 * // year, and `nextArrival` already cuts its segments at 1 January — kept with dayMultiplier / bound.
 * const region = person.home.region;   // INSEE region code of the commune, e.g. '53'
 * const bound = (y: number, a: number): number => rate(y, a) * cal.maxMultiplier('gp_consultation', region, y);
 * const day = nextArrival(person.birth, from, end, bound, rng.exponential(1));
 * if (day !== undefined && cal.accept('gp_consultation', region, day, rng.next())) consult(day);
 * // then draw the next candidate from day + 1, as today, whether this one was kept or not.
 *
 * // A chronic refill due on `due`: moved forward (Sunday → Monday, Monday's overflow → Tuesday …) so that
 * // the refills follow the weekday and holiday profile; on-duty pharmacies keep their share; never dropped.
 * const refillDay = cal.spreadForward('pharmacy_dispensing', due, () => rng.next());
 *
 * // A visit dated flat (a monitoring test every 90 days): re-dated within its week by the profile.
 * const labDay = cal.reassignInWeek('lab_test', planned, rng.next());
 * ```
 */
import { DataError } from '../errors';
import { num, str, type DataRegistry } from '../data';
import { dayFromYmd, yearOfDay, ymdFromDay, type Day } from '../events/calendar';
import { dayOfWeek, isFrenchPublicHoliday, isoWeek, WEEKDAY_NAMES } from '../events/holidays';
import { FRANCE, IliIncidence } from './IliIncidence';

/** The kinds of care that have a profile in `data/care_weekday_profiles.csv`. */
export const CARE_KINDS = [
  'pharmacy_dispensing',
  'acute_dispensing',
  'gp_consultation',
  'specialist_consultation',
  'ccam_act',
  'lab_test',
  'scheduled_admission',
  'emergency_admission',
  'death',
  'birth',
] as const;

/**
 * A kind of care. `pharmacy_dispensing` is a chronic refill (no season); `acute_dispensing` a dispensing
 * for an acute illness (antibiotics J01, respiratory R05/R06, analgesics N02B …), which follows the ILI
 * season like `gp_consultation`.
 */
export type CareKind = (typeof CARE_KINDS)[number];

/** The region used where a region has no ILI series of its own (overseas, or none given). */
export { FRANCE };

const PROFILES = 'care_weekday_profiles.csv';
const SEASONS = 'care_seasonal_parameters.csv';

/** Index 0–6 = ISO weekday (Monday … Sunday), 7 = public holiday. */
const HOLIDAY = 7;

/**
 * A search for an open day gives up after this many days on each side: every profile is open at least
 * five days a week, so reaching it means the table is wrong.
 */
const MAX_SHIFT = 14;

interface Season {
  readonly beta: number;
  readonly july: number;
  readonly august: number;
}

/** Weekday and holiday weights and seasons of every care kind; see the module comment. */
export class CareCalendar {
  private readonly weights = new Map<CareKind, Float64Array>();
  private readonly open = new Map<CareKind, Uint8Array>();
  private readonly seasons = new Map<CareKind, Season>();
  private readonly ili: IliIncidence;
  /** Normalised daily multipliers of one calendar year, by kind, region and year. */
  private readonly yearCache = new YearCache<Float64Array>();
  /** Seasonal multipliers of one calendar year (mean 1), by kind, region and year. */
  private readonly seasonCache = new YearCache<Float64Array>();
  /** Largest normalised multiplier of a year, by kind, region and year. */
  private readonly maxCache = new YearCache<number>();
  /** Per kind and year (region ''): probability that a planned visit on a day of the year moves on to the next day. */
  private readonly carryCache = new YearCache<Float64Array>();
  /** Profile slot (weekday or holiday) of every day of a year, by year: `weight` is called per event. */
  private readonly slotCache = new Map<number, { readonly first: Day; readonly slots: Uint8Array }>();

  private constructor(profiles: DataRegistry) {
    this.readProfiles(profiles);
    this.readSeasons(profiles);
    this.ili = IliIncidence.fromData(profiles);
  }

  /** Builds the calendar from `care_weekday_profiles.csv`, `care_seasonal_parameters.csv` and `ili_weekly.csv.gz`. */
  static fromData(reg: DataRegistry): CareCalendar {
    return new CareCalendar(reg);
  }

  private readProfiles(reg: DataRegistry): void {
    const t = reg.get(PROFILES);
    const slots = [...WEEKDAY_NAMES, 'holiday'];
    for (const row of t.rows) {
      const kind = str(t, row, 'kind');
      if (!isCareKind(kind)) throw new DataError(`data/${PROFILES}: unknown care kind ${JSON.stringify(kind)}`);
      const slot = slots.indexOf(str(t, row, 'day'));
      if (slot < 0) throw new DataError(`data/${PROFILES}: unknown day ${JSON.stringify(row.day)}`);
      const w = this.weights.get(kind) ?? new Float64Array(8).fill(NaN);
      const o = this.open.get(kind) ?? new Uint8Array(8);
      w[slot] = num(t, row, 'weight');
      o[slot] = num(t, row, 'open') === 1 ? 1 : 0;
      this.weights.set(kind, w);
      this.open.set(kind, o);
    }
    for (const kind of CARE_KINDS) {
      const w = this.weights.get(kind);
      if (!w || w.some((x) => !Number.isFinite(x) || x < 0)) throw new DataError(`data/${PROFILES}: ${kind} needs a weight ≥ 0 for each of mon … sun and holiday`);
      if ((this.open.get(kind) as Uint8Array).reduce((a, b) => a + b, 0) === 0) throw new DataError(`data/${PROFILES}: ${kind} is never open`);
    }
  }

  private readSeasons(reg: DataRegistry): void {
    const t = reg.get(SEASONS);
    const byKind = new Map<string, Map<string, number>>();
    for (const row of t.rows) {
      const kind = str(t, row, 'kind');
      if (!isCareKind(kind)) throw new DataError(`data/${SEASONS}: unknown care kind ${JSON.stringify(kind)}`);
      const m = byKind.get(kind) ?? new Map<string, number>();
      m.set(str(t, row, 'parameter'), num(t, row, 'value'));
      byKind.set(kind, m);
    }
    for (const [kind, m] of byKind) {
      const get = (p: string): number => {
        const v = m.get(p);
        if (v === undefined) throw new DataError(`data/${SEASONS}: ${kind} has no ${p}`);
        return v;
      };
      this.seasons.set(kind as CareKind, { beta: get('ili_beta'), july: get('july'), august: get('august') });
    }
  }

  /** Whether a kind follows the influenza season (GP consultations, acute dispensings). */
  isSeasonal(kind: CareKind): boolean {
    return this.seasons.has(kind);
  }

  /** Profile slot of a day: its ISO weekday, or `HOLIDAY` on a French public holiday. */
  private slot(d: Day): number {
    const y = this.yearSlots(yearOfDay(d));
    return y.slots[d - y.first] as number;
  }

  private yearSlots(year: number): { readonly first: Day; readonly slots: Uint8Array } {
    let y = this.slotCache.get(year);
    if (!y) {
      const first = dayFromYmd(year, 1, 1);
      const slots = new Uint8Array(dayFromYmd(year + 1, 1, 1) - first);
      for (let i = 0; i < slots.length; i += 1) slots[i] = isFrenchPublicHoliday(first + i) ? HOLIDAY : dayOfWeek(first + i);
      y = { first, slots };
      this.slotCache.set(year, y);
    }
    return y;
  }

  /**
   * Activity of a kind on a day relative to an average Monday–Friday (= 1), from its weekday, or its
   * holiday weight on a public holiday. Not normalised over the year: see `dayMultiplier`.
   */
  weight(kind: CareKind, d: Day): number {
    return (this.weights.get(kind) as Float64Array)[this.slot(d)] as number;
  }

  /** Whether a planned visit of this kind may stay on this day (at least a quarter of a weekday's activity). */
  isOpen(kind: CareKind, d: Day): boolean {
    return (this.open.get(kind) as Uint8Array)[this.slot(d)] === 1;
  }

  /**
   * The open day nearest to `d` (`d` itself when open). Ties go to the earlier day: a patient renews a
   * treatment before running out rather than after.
   */
  nearestOpenDay(kind: CareKind, d: Day): Day {
    if (this.isOpen(kind, d)) return d;
    for (let k = 1; k <= MAX_SHIFT; k += 1) {
      if (this.isOpen(kind, d - k)) return d - k;
      if (this.isOpen(kind, d + k)) return d + k;
    }
    throw new DataError(`data/${PROFILES}: no open day for ${kind} within ${MAX_SHIFT} days of day ${d}`);
  }

  /**
   * Date of a planned visit (a chronic refill, a follow-up): kept when the day is open, otherwise moved
   * to the nearest open day — never dropped. With `u` (uniform in [0, 1) from the caller's stream) a
   * visit planned on a closed day stays there with probability `weight` (on-duty pharmacies and on-call
   * GPs keep their 1–5 % of Sundays and holidays); without `u` it always moves.
   */
  moveToOpenDay(kind: CareKind, d: Day, u?: number): Day {
    if (this.isOpen(kind, d)) return d;
    if (u !== undefined && u < Math.min(1, this.weight(kind, d))) return d;
    return this.nearestOpenDay(kind, d);
  }

  /**
   * Date of a visit that cannot come before `d` (an acute dispensing after its consultation): kept when
   * the day is open, or with probability `weight` when `u` is given (on-duty pharmacies); otherwise the
   * first open day after `d` — never dropped, never earlier.
   */
  nextOpenDay(kind: CareKind, d: Day, u?: number): Day {
    if (this.isOpen(kind, d)) return d;
    if (u !== undefined && u < Math.min(1, this.weight(kind, d))) return d;
    for (let k = 1; k <= MAX_SHIFT; k += 1) if (this.isOpen(kind, d + k)) return d + k;
    throw new DataError(`data/${PROFILES}: no open day for ${kind} within ${MAX_SHIFT} days after day ${d}`);
  }

  /**
   * Date of a planned visit due on `d` (a chronic refill), moved forward only and by as little as the
   * profile allows: from each day it moves on to the next with a probability computed so that visits due
   * evenly over the days end up in proportion to the weekday and holiday profile (normalised over the
   * year) — Sunday's refills go to Monday, Monday's overflow to Tuesday, and so on. Never earlier than
   * `d`, never dropped; `next` gives uniform numbers in [0, 1) from the caller's stream, one per day moved.
   */
  spreadForward(kind: CareKind, d: Day, next: () => number): Day {
    let day = d;
    for (let k = 0; k < MAX_SHIFT; k += 1) {
      const year = yearOfDay(day);
      const p = this.carry(kind, year)[day - dayFromYmd(year, 1, 1)] as number;
      if (p <= 0 || next() >= p) return day;
      day += 1;
    }
    return day;
  }

  /**
   * Moving-on probabilities of a year: visits due at a rate of one a day arrive on each day, with those
   * carried from the day before; the day keeps up to its share of its week (7 × its weight / the week's
   * weights) and passes the rest on. Started four weeks before 1 January so that the carry at the turn of the year is settled.
   */
  private carry(kind: CareKind, year: number): Float64Array {
    return this.carryCache.find(kind, '', year) ?? this.carryCache.put(kind, '', year, this.computeCarry(kind, year));
  }

  private computeCarry(kind: CareKind, year: number): Float64Array {
    const first = dayFromYmd(year, 1, 1);
    const n = dayFromYmd(year + 1, 1, 1) - first;
    const p = new Float64Array(n);
    const w = this.weights.get(kind) as Float64Array;
    const weightOf = (d: Day): number => w[this.slot(d)] as number;
    let c = 0;
    let weekSum = 0;
    for (let i = -28; i < n; i += 1) {
      const d = first + i;
      if (i === -28 || dayOfWeek(d) === 0) {
        weekSum = 0;
        for (let k = 0; k < 7; k += 1) weekSum += weightOf(d - dayOfWeek(d) + k);
      }
      const avail = 1 + c;
      // The day's share of its Monday–Sunday week: a holiday's refills are taken up within its week.
      const out = Math.max(0, avail - (weekSum > 0 ? (7 * weightOf(d)) / weekSum : 1));
      if (i >= 0) p[i] = out / avail;
      c = out;
    }
    return p;
  }

  /**
   * The normalised multipliers of every day of a calendar year for a kind and region: weekday/holiday
   * weight × season, divided by their mean over the year (so they add up to the number of days).
   */
  private year(kind: CareKind, region: string, year: number): Float64Array {
    const season = this.seasons.get(kind);
    const reg = season ? region : FRANCE; // kinds without a season are the same in every region
    return this.yearCache.find(kind, reg, year) ?? this.yearCache.put(kind, reg, year, this.computeYear(kind, reg, season, year));
  }

  private computeYear(kind: CareKind, reg: string, season: Season | undefined, year: number): Float64Array {
    const first = dayFromYmd(year, 1, 1);
    const n = dayFromYmd(year + 1, 1, 1) - first;
    const m = new Float64Array(n);
    const seasonal = season ? this.rawSeason(season, reg, first, n) : undefined;
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const v = this.weight(kind, first + i) * (seasonal ? (seasonal[i] as number) : 1);
      m[i] = v;
      sum += v;
    }
    const mean = sum / n;
    for (let i = 0; i < n; i += 1) m[i] = (m[i] as number) / mean;
    return m;
  }

  /** `(1 + β × ILI(week) / mean ILI over the year) × summer dip(month)` for each day of a year. */
  private rawSeason(season: Season, region: string, first: Day, n: number): Float64Array {
    const ili = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const w = isoWeek(first + i);
      const v = this.ili.at(region, w.year, w.week);
      ili[i] = v;
      sum += v;
    }
    const mean = sum / n;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i += 1) {
      const month = ymdFromDay(first + i).month;
      const dip = month === 7 ? season.july : month === 8 ? season.august : 1;
      out[i] = (1 + (mean > 0 ? (season.beta * (ili[i] as number)) / mean : 0)) * dip;
    }
    return out;
  }

  /**
   * Seasonal multiplier of a day for a kind and region (INSEE region code, e.g. '53'; France where the
   * region has no series), normalised to a mean of 1 over the calendar year; 1 for kinds without a season.
   */
  seasonal(kind: CareKind, region: string, d: Day): number {
    const season = this.seasons.get(kind);
    if (!season) return 1;
    const year = yearOfDay(d);
    const first = dayFromYmd(year, 1, 1);
    let s = this.seasonCache.find(kind, region, year);
    if (s === undefined) {
      const n = dayFromYmd(year + 1, 1, 1) - first;
      s = this.rawSeason(season, region, first, n);
      const mean = s.reduce((a, b) => a + b, 0) / n;
      for (let i = 0; i < n; i += 1) s[i] = (s[i] as number) / mean;
      this.seasonCache.put(kind, region, year, s);
    }
    return s[d - first] as number;
  }

  /**
   * Rate multiplier of a day: weekday/holiday weight × season, normalised to a mean of 1 over the
   * calendar year of `d`. A process whose yearly rate is λ has rate λ × dayMultiplier on day `d`, and
   * its expected yearly total is unchanged. (The product is normalised as a whole, so it is close to but
   * not exactly `weight × seasonal`.)
   */
  dayMultiplier(kind: CareKind, region: string, d: Day): number {
    const year = yearOfDay(d);
    return this.year(kind, region, year)[d - dayFromYmd(year, 1, 1)] as number;
  }

  /** Largest `dayMultiplier` of a calendar year: the bound for drawing arrivals by thinning. */
  maxMultiplier(kind: CareKind, region: string, year: number): number {
    return this.maxCache.find(kind, region, year) ?? this.maxCache.put(kind, region, year, this.year(kind, region, year).reduce((a, b) => Math.max(a, b), 0));
  }

  /**
   * Thinning (Lewis–Shedler): a candidate arrival drawn at rate λ × `maxMultiplier(year)` is kept when
   * `u < dayMultiplier / maxMultiplier`, which gives arrivals at rate λ × `dayMultiplier` — the profile
   * and season are followed and the yearly total is unchanged in expectation.
   */
  accept(kind: CareKind, region: string, d: Day, u: number): boolean {
    return u * this.maxMultiplier(kind, region, yearOfDay(d)) < this.dayMultiplier(kind, region, d);
  }

  /**
   * Re-dates a visit within its Monday–Sunday week (clipped to its calendar year) in proportion to the
   * weekday/holiday weights: the number of visits of every week and year is unchanged exactly, only the
   * day changes. `u` is uniform in [0, 1) from the caller's stream. The season is not applied (it moves
   * care between weeks: use `accept` for that).
   */
  reassignInWeek(kind: CareKind, d: Day, u: number): Day {
    const { first, slots } = this.yearSlots(yearOfDay(d));
    const w = this.weights.get(kind) as Float64Array;
    const lo = Math.max(d - dayOfWeek(d), first);
    const hi = Math.min(d - dayOfWeek(d) + 6, first + slots.length - 1);
    const weightOf = (x: Day): number => w[slots[x - first] as number] as number;
    let total = 0;
    for (let x = lo; x <= hi; x += 1) total += weightOf(x);
    // A week (or clipped end of year) with no activity at all for this kind: the visit is not dropped
    // but moved to the nearest open day, as a planned visit would be.
    if (total <= 0) return this.nearestOpenDay(kind, d);
    const target = u * total;
    let acc = 0;
    let last = d;
    for (let x = lo; x <= hi; x += 1) {
      const wx = weightOf(x);
      if (wx <= 0) continue;
      acc += wx;
      last = x;
      if (target < acc) return x;
    }
    // Only reached through rounding when u is within an ulp of 1: the last day with activity.
    return last;
  }
}

function isCareKind(s: string): s is CareKind {
  return (CARE_KINDS as readonly string[]).includes(s);
}

/** Values computed once per kind, region and year, found through nested maps: no key text is built per call (hot path). */
class YearCache<T> {
  private readonly byKind = new Map<string, Map<string, Map<number, T>>>();

  find(kind: string, region: string, year: number): T | undefined {
    return this.byKind.get(kind)?.get(region)?.get(year);
  }

  put(kind: string, region: string, year: number, value: T): T {
    let byRegion = this.byKind.get(kind);
    if (byRegion === undefined) this.byKind.set(kind, (byRegion = new Map()));
    let byYear = byRegion.get(region);
    if (byYear === undefined) byRegion.set(region, (byYear = new Map()));
    byYear.set(year, value);
    return value;
  }
}
