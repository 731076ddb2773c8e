import { DataRegistry, InitialPopulation } from '../../src/world';

describe('InitialPopulation', () => {
  const data = new DataRegistry();

  it('allocates exactly the requested number of persons, in proportion to the INSEE population', () => {
    const p = new InitialPopulation(data, ['22', '29', '35', '56'], 2019, 10007);
    expect(p.total).toBe(10007);
    expect(p.cells.reduce((s, c) => s + c.count, 0)).toBe(10007);
    const by = new Map<string, number>();
    for (const c of p.cells) by.set(c.dept, (by.get(c.dept) ?? 0) + c.count);
    for (const [dept, n] of by) {
      const expected = ((p.realByDept.get(dept) as number) / p.realTotal) * 10007;
      expect(Math.abs(n - expected)).toBeLessThan(2 + 0.01 * expected);
    }
    expect(p.year).toBe(2019);
  });

  it('maps every person index to the cell holding it', () => {
    const p = new InitialPopulation(data, ['35'], 2019, 5000);
    let i = 0;
    for (const c of p.cells) {
      for (let k = 0; k < c.count; k++, i++) expect(p.cellOf(i)).toBe(c);
    }
    expect(() => p.cellOf(5000)).toThrow(RangeError);
  });

  it('defaults to the real population and uses the nearest available year', () => {
    const p = new InitialPopulation(data, ['35'], 2030, null);
    expect(p.year).toBe(2021);
    expect(p.total).toBe(Math.round(p.realTotal));
  });
});
