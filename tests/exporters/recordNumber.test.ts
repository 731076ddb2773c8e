import { recordNumber } from '../../src/exporters/snds/mappers/pmsiTables';
import { newbornId, twinId } from '../../src/agents/Person';

describe('PMSI record numbers (RSA_NUM, RHA_NUM, SEQ_NUM)', () => {
  test('are the digits of id × per person + rank', () => {
    expect(recordNumber(0, 1, 1000)).toBe('1');
    expect(recordNumber(42, 7, 1000)).toBe('42007');
    expect(recordNumber(123_456, 9_999, 10_000)).toBe('1234569999');
  });

  test('stay distinct for the ids of twins born during the run, where id × 10 000 is no longer an exact double', () => {
    const twin = twinId(newbornId(70_001, 1));
    // The arithmetic the numbers were once made with: two passages of the same twin collide.
    expect(String(twin * 10_000 + 1)).toBe(String(twin * 10_000 + 2));
    const numbers = [1, 2, 3, 64, 9_999].map((rank) => recordNumber(twin, rank, 10_000));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers[0]).toBe(`${twin}0001`);
    expect(numbers[4]).toBe(`${twin}9999`);
  });

  test('refuse a rank outside the per-person range and an id that is not a whole number', () => {
    expect(() => recordNumber(5, 1000, 1000)).toThrow(/rank 1000 outside/);
    expect(() => recordNumber(5, -1, 1000)).toThrow(RangeError);
    expect(() => recordNumber(1.5, 1, 1000)).toThrow(/not a whole number/);
  });
});
