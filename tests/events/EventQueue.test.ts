import { EventQueue, ScheduleInPastError } from '../../src/events';

describe('EventQueue', () => {
  it('runs events by day, then priority, then insertion order', () => {
    const q = new EventQueue(0);
    const seen: string[] = [];
    q.schedule(5, 2, () => seen.push('d5p2a'));
    q.schedule(3, 1, () => seen.push('d3p1'));
    q.schedule(5, 0, () => seen.push('d5p0'));
    q.schedule(5, 2, () => seen.push('d5p2b'));
    q.schedule(1, 9, () => seen.push('d1p9'));
    expect(q.runUntil(10)).toBe(5);
    expect(seen).toEqual(['d1p9', 'd3p1', 'd5p0', 'd5p2a', 'd5p2b']);
  });

  it('keeps a heap order under many random insertions', () => {
    const q = new EventQueue(0);
    const days: number[] = [];
    let x = 12345;
    for (let i = 0; i < 2000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const day = x % 500;
      q.schedule(day, 0, (d) => days.push(d));
    }
    q.runUntil(1000);
    expect(days).toHaveLength(2000);
    for (let i = 1; i < days.length; i++) expect(days[i] as number).toBeGreaterThanOrEqual(days[i - 1] as number);
  });

  it('lets events schedule later events and stops at the end day', () => {
    const q = new EventQueue(10);
    const seen: number[] = [];
    const tick = (d: number): void => {
      seen.push(d);
      q.schedule(d + 7, 0, tick);
    };
    q.schedule(10, 0, tick);
    q.runUntil(40);
    expect(seen).toEqual([10, 17, 24, 31, 38]);
    expect(q.now).toBe(40);
    expect(q.size).toBe(1);
  });

  it('refuses to schedule in the past', () => {
    const q = new EventQueue(100);
    expect(() => q.schedule(99, 0, () => undefined)).toThrow(ScheduleInPastError);
    q.schedule(120, 0, () => expect(() => q.schedule(110, 0, () => undefined)).toThrow(/already at day 120/));
    q.runUntil(200);
  });

  it('skips cancelled events and clear() drops everything', () => {
    const q = new EventQueue(0);
    const seen: number[] = [];
    const ev = q.schedule(1, 0, () => seen.push(1));
    q.schedule(2, 0, () => {
      seen.push(2);
      q.clear();
    });
    q.schedule(3, 0, () => seen.push(3));
    q.cancel(ev);
    q.runUntil(10);
    expect(seen).toEqual([2]);
  });
});
