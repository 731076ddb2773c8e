import { nextArrival } from '../../src/agents';
import { dayFromYmd } from '../../src/events';
import { StreamFactory } from '../../src/random';

describe('nextArrival', () => {
  const birth = dayFromYmd(1980, 6, 15);
  const start = dayFromYmd(2019, 1, 1);

  it('gives exponential waiting times for a constant rate', () => {
    const streams = new StreamFactory(1);
    let sum = 0;
    const n = 5000;
    for (let i = 0; i < n; i++) {
      const d = nextArrival(birth, start, start + 100000, () => 2, streams.stream('t', i).exponential(1));
      sum += (d as number) - start;
    }
    // Mean 365.25 / 2 days, floored to whole days.
    expect(sum / n).toBeGreaterThan(176);
    expect(sum / n).toBeLessThan(190);
  });

  it('changes rate at birthdays and returns undefined past the limit', () => {
    // Zero before age 40 (birthday 2020-06-15), then very high.
    const d = nextArrival(birth, start, start + 1000, (_y, a) => (a >= 40 ? 1e6 : 0), 1);
    expect(d).toBe(dayFromYmd(2020, 6, 15));
    expect(nextArrival(birth, start, start + 100, () => 0, 1)).toBeUndefined();
  });
});
