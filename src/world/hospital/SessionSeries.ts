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
}

/**
 * Session series (type 2). Sessions are concentrated on few patients, but no open table gives sessions
 * per patient: these series are a modelling choice (data/sources/40-hospital.md, "Modelling choices").
 * Dialysis: 3 sessions a week (intervals 2, 2, 3 days) for a year; chemotherapy: 6 cycles 21 days apart;
 * other sessions (transfusion, radiotherapy…): isolated sessions.
 */
export const SESSION_KINDS: readonly SessionKind[] = [
  { name: 'dialysis', sessions: 156, intervals: [2, 2, 3], prefixes: ['Z49'] },
  { name: 'chemotherapy', sessions: 6, intervals: [21], prefixes: ['Z511', 'Z512'] },
  { name: 'other', sessions: 1, intervals: [1], prefixes: [''] },
];

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
  private readonly kindCum: Float64Array;
  /** Days from the first to the last session of the longest series. */
  readonly longestSeriesDays: number;

  /** @param data the run's data tables */
  constructor(data: DataRegistry) {
    const st = data.get('mco_diagnoses.csv.gz');
    const kinds = SESSION_KINDS.map((kind) => ({ kind, codes: [] as string[], weights: [] as number[] }));
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
    this.kindCum = cumulate(this.kinds.map((k) => k.share / k.kind.sessions));
    let longest = 0;
    for (const k of SESSION_KINDS) {
      let span = 0;
      for (let i = 0; i + 1 < k.sessions; i++) span += k.intervals[i % k.intervals.length] as number;
      longest = Math.max(longest, span);
    }
    this.longestSeriesDays = longest;
  }

  /** Kind of a new session series, drawn in proportion to series (sessions share / sessions per series). */
  drawKind(rng: RandomStream): number {
    return rng.pickCumulative(this.kindCum);
  }

  /** The session kind of index k. */
  kind(k: number): SessionKind {
    return (this.kinds[k] as WeightedKind).kind;
  }

  /** Main diagnosis of a session series of kind k. */
  drawDiagnosis(k: number, rng: RandomStream): string {
    const s = this.kinds[k] as WeightedKind;
    return s.codes[rng.pickCumulative(s.cum)] as string;
  }
}
