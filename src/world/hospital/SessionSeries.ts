import { DataError } from '../../errors';
import type { RandomStream } from '../../random';
import { num, str, type DataRegistry } from '../../data';
import { cumulate } from '../cumulative';

/** Kinds of session series (type 2 stays), by main diagnosis. */
export interface SessionKind {
  readonly name: string;
  /** Sessions per series. */
  readonly sessions: number;
  /** Days between consecutive sessions, repeated cyclically. */
  readonly intervals: readonly number[];
  /** Main-diagnosis prefixes (ICD-10 without dot) of this kind. */
  readonly prefixes: readonly string[];
  /** The ALD whose holders alone receive series of this kind (the disease they treat), 0 when anyone may. */
  readonly ald: number;
}

/**
 * Session series (type 2), in file order (data/session_kinds.csv). Sessions are concentrated on few patients,
 * but no open table gives sessions per patient: these series are a modelling choice
 * (data/sources/16-modelling-tables.md). A session diagnosis belongs to the first kind with a matching
 * prefix; the last kind's empty prefix takes the rest.
 */
export function readSessionKinds(data: DataRegistry): SessionKind[] {
  const t = data.get('session_kinds.csv');
  const kinds = t.rows
    .map((r) => ({
      order: num(t, r, 'order'),
      kind: {
        name: str(t, r, 'name'),
        sessions: num(t, r, 'sessions'),
        intervals: str(t, r, 'intervals').split(' ').map(Number),
        prefixes: str(t, r, 'prefixes').split(' '),
        ald: num(t, r, 'ald'),
      },
    }))
    .sort((a, b) => a.order - b.order)
    .map((x) => x.kind);
  for (const k of kinds) {
    if (!Number.isInteger(k.sessions) || k.sessions < 1 || k.intervals.some((i) => !Number.isInteger(i) || i < 1)) {
      throw new DataError(`data/session_kinds.csv: kind ${k.name} needs a whole number of sessions and intervals of whole days ≥ 1`);
    }
  }
  if (!kinds.some((k) => k.prefixes.includes(''))) throw new DataError('data/session_kinds.csv: one kind must take every other diagnosis (empty prefix)');
  return kinds;
}

/** A session kind with its share of the session main-diagnosis weights and its diagnoses. */
interface WeightedKind {
  readonly kind: SessionKind;
  readonly share: number;
  readonly codes: readonly string[];
  readonly cum: Float64Array;
}

/**
 * Session series: the kinds' shares of the national session main diagnoses (type 2 rows of
 * data/mco_diagnoses.csv.gz), so that series arrive at a rate that keeps the published number of sessions.
 */
export class SessionSeries {
  private readonly kinds: readonly WeightedKind[];
  /** Sum over kinds of share / sessions: series per session. */
  readonly seriesPerSession: number;
  /** Days from the first to the last session of the longest series. */
  readonly longestSeriesDays: number;

  /** @param data the run's data tables */
  constructor(data: DataRegistry) {
    const sessionKinds = readSessionKinds(data);
    const st = data.get('mco_diagnoses.csv.gz');
    const kinds = sessionKinds.map((kind) => ({ kind, codes: [] as string[], weights: [] as number[] }));
    for (const r of st.rows) {
      if (str(st, r, 'type') !== '2') continue;
      const cim = str(st, r, 'cim');
      const k = kinds.find((x) => x.kind.prefixes.some((p) => cim.startsWith(p))) as (typeof kinds)[number];
      k.codes.push(cim);
      k.weights.push(num(st, r, 'weight'));
    }
    const all = kinds.reduce((s, k) => s + k.weights.reduce((a, b) => a + b, 0), 0);
    if (all <= 0) throw new DataError('data/mco_diagnoses.csv.gz has no session (type 2) diagnosis');
    this.kinds = kinds.map((k) => ({ kind: k.kind, share: k.weights.reduce((a, b) => a + b, 0) / all, codes: k.codes, cum: cumulate(k.weights) }));
    this.seriesPerSession = this.kinds.reduce((s, k) => s + k.share / k.kind.sessions, 0);
    let longest = 0;
    for (const k of sessionKinds) {
      let span = 0;
      for (let i = 0; i + 1 < k.sessions; i++) span += k.intervals[i % k.intervals.length] as number;
      longest = Math.max(longest, span);
    }
    this.longestSeriesDays = longest;
  }

  /** Number of kinds (indices 0 … count − 1, in file order). */
  get count(): number {
    return this.kinds.length;
  }

  /** Series of kind k per session of any kind (its share of sessions / its sessions per series). */
  seriesShare(k: number): number {
    const s = this.kinds[k] as WeightedKind;
    return s.share / s.kind.sessions;
  }

  /** The session kind of index k. */
  kind(k: number): SessionKind {
    return (this.kinds[k] as WeightedKind).kind;
  }

  /** The kind a session main diagnosis belongs to: the first kind with a matching prefix (the last one takes the rest). */
  kindOf(dp: string): SessionKind {
    for (const k of this.kinds) if (k.kind.prefixes.some((p) => dp.startsWith(p))) return k.kind;
    return (this.kinds[this.kinds.length - 1] as WeightedKind).kind;
  }

  /** Main diagnosis of a session series of kind k. */
  drawDiagnosis(k: number, rng: RandomStream): string {
    const s = this.kinds[k] as WeightedKind;
    return s.codes[rng.pickCumulative(s.cum)] as string;
  }
}
