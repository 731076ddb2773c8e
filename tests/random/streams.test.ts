import { StreamFactory } from '../../src/random';

describe('random streams', () => {
  it('gives the same sequence for the same (seed, name, id), whatever was drawn before', () => {
    const f = new StreamFactory(42);
    const a = f.stream('death', 7);
    const first = [a.next(), a.next(), a.next()];
    f.stream('death', 8).next();
    f.stream('gp', 7).next();
    const b = new StreamFactory(42).stream('death', 7);
    expect([b.next(), b.next(), b.next()]).toEqual(first);
  });

  it('gives different sequences for another seed, name or id', () => {
    const base = new StreamFactory(1).stream('x', 1).next();
    expect(new StreamFactory(2).stream('x', 1).next()).not.toBe(base);
    expect(new StreamFactory(1).stream('y', 1).next()).not.toBe(base);
    expect(new StreamFactory(1).stream('x', 2).next()).not.toBe(base);
    expect(new StreamFactory(1).stream('x', 2 ** 40 + 1).next()).not.toBe(new StreamFactory(1).stream('x', 1).next());
  });

  it('draws uniforms in [0, 1) with the right mean and no correlation between neighbouring ids', () => {
    const f = new StreamFactory(3);
    const n = 20000;
    let sum = 0;
    let cross = 0;
    const outside: number[] = [];
    for (let i = 0; i < n; i++) {
      const u = f.stream('u', i).next();
      const v = f.stream('u', i + 1).next();
      if (!(u >= 0 && u < 1)) outside.push(u);
      sum += u;
      cross += (u - 0.5) * (v - 0.5);
    }
    expect(outside).toEqual([]);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(cross / n)).toBeLessThan(0.003);
  });

  it('sources d3-random distributions from the stream', () => {
    const s = new StreamFactory(5).stream('d', 0);
    const n = 20000;
    let e = 0;
    let p = 0;
    for (let i = 0; i < n; i++) {
      e += s.exponential(2);
      p += s.poisson(3);
    }
    expect(e / n).toBeCloseTo(0.5, 1);
    expect(p / n).toBeCloseTo(3, 1);
    expect(s.exponential(0)).toBe(Infinity);
  });

  it('picks from cumulative weights in proportion', () => {
    const s = new StreamFactory(9).stream('pick', 0);
    const cum = [1, 3, 6];
    const counts = [0, 0, 0];
    for (let i = 0; i < 60000; i++) counts[s.pickCumulative(cum)] += 1;
    expect((counts[0] as number) / 60000).toBeCloseTo(1 / 6, 1);
    expect((counts[2] as number) / 60000).toBeCloseTo(0.5, 1);
  });
});
