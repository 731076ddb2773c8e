import type { Day } from './calendar';

/** A scheduled event: `run` is called when the clock reaches `day`. */
export interface ScheduledEvent {
  readonly day: Day;
  /** Smaller runs first among events of the same day (e.g. death before care). */
  readonly priority: number;
  /** Insertion order, breaks the remaining ties so the order is total and reproducible. */
  readonly seq: number;
  readonly run: (day: Day) => void;
  /** Set by `cancel`; a cancelled event is skipped when it reaches the top of the heap. */
  cancelled: boolean;
}

/** Error raised when an event is scheduled before the current simulated day. */
export class ScheduleInPastError extends Error {
  readonly code = 'SCHEDULE_IN_PAST';
  constructor(day: Day, now: Day) {
    super(`cannot schedule an event on day ${day}: the clock is already at day ${now}`);
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  if (a.day !== b.day) return a.day < b.day;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

/**
 * Discrete-event queue: a binary min-heap ordered by (day, priority, sequence), an integer-day
 * clock that only moves forward, and a run loop that stops at the end day.
 */
export class EventQueue {
  private heap: ScheduledEvent[] = [];
  private nextSeq = 0;
  private clock: Day;

  constructor(start: Day) {
    this.clock = start;
  }

  /** The current simulated day. */
  get now(): Day {
    return this.clock;
  }

  /** Number of events waiting (cancelled ones included until they are popped). */
  get size(): number {
    return this.heap.length;
  }

  /** Schedules `run` on `day`; refuses a day before the clock. */
  schedule(day: Day, priority: number, run: (day: Day) => void): ScheduledEvent {
    if (day < this.clock) throw new ScheduleInPastError(day, this.clock);
    const ev: ScheduledEvent = { day, priority, seq: this.nextSeq++, run, cancelled: false };
    this.heap.push(ev);
    this.siftUp(this.heap.length - 1);
    return ev;
  }

  /** Cancels a scheduled event (lazy deletion). */
  cancel(ev: ScheduledEvent): void {
    ev.cancelled = true;
  }

  /** Removes and returns the next event, or undefined when empty. */
  pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as ScheduledEvent;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** The next event without removing it. */
  peek(): ScheduledEvent | undefined {
    return this.heap[0];
  }

  /**
   * Runs events in order while their day is ≤ `end`; the clock advances to each event's day.
   * Events after `end` stay in the queue. Returns the number of events run.
   */
  runUntil(end: Day): number {
    let n = 0;
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.day > end) break;
      this.pop();
      if (top.cancelled) continue;
      this.clock = top.day;
      top.run(top.day);
      n += 1;
    }
    if (end > this.clock) this.clock = end;
    return n;
  }

  /** Drops every pending event (used when the simulated entity leaves the simulation). */
  clear(): void {
    this.heap.length = 0;
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const ev = heap[i] as ScheduledEvent;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p] as ScheduledEvent;
      if (!before(ev, parent)) break;
      heap[i] = parent;
      i = p;
    }
    heap[i] = ev;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const ev = heap[i] as ScheduledEvent;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && before(heap[r] as ScheduledEvent, heap[l] as ScheduledEvent)) c = r;
      const child = heap[c] as ScheduledEvent;
      if (!before(child, ev)) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = ev;
  }
}
