import { addMonths, ageInYears, dayFromYmd, firstOfNextMonth, isoDate, nextBirthday, parseIsoDate, yearOfDay, ymdFromDay } from '../../src/events';
import { yyyymm } from '../../src/exporters/snds/dcir';

describe('calendar', () => {
  it('maps 1970-01-01 to day 0 and round-trips every day of 1900–2100', () => {
    expect(dayFromYmd(1970, 1, 1)).toBe(0);
    // The days that do not round-trip, collected (an expect per day is 70 000 of them).
    const wrong: string[] = [];
    let days = 0;
    for (let d = dayFromYmd(1900, 1, 1); d <= dayFromYmd(2100, 12, 31); d += 1) {
      const { year, month, day } = ymdFromDay(d);
      if (dayFromYmd(year, month, day) !== d) wrong.push(`${d}: ${year}-${month}-${day} → ${dayFromYmd(year, month, day)}`);
      days++;
    }
    expect(wrong).toEqual([]);
    expect(days).toBe(73_414);
  });

  it('gives the year, the ISO text and the YYYYMM text of every day of 1600–2100 as the date parts do, twice alike (memoised)', () => {
    const wrong: string[] = [];
    for (let d = dayFromYmd(1600, 1, 1); d <= dayFromYmd(2100, 12, 31); d += 1) {
      const { year, month, day } = ymdFromDay(d);
      const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const got = [yearOfDay(d), isoDate(d), isoDate(d), yyyymm(d)];
      const want = [year, text, text, text.slice(0, 4) + text.slice(5, 7)];
      if (got.some((g, i) => g !== want[i])) wrong.push(`${d}: ${got.join(' ')} ≠ ${want.join(' ')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('agrees with the UTC calendar of the platform for ISO text', () => {
    for (const text of ['2019-01-01', '2020-02-29', '2000-12-31', '1950-06-15']) {
      const d = parseIsoDate(text) as number;
      expect(d * 86400000).toBe(Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10))));
      expect(isoDate(d)).toBe(text);
    }
  });

  it('rejects impossible dates', () => {
    expect(parseIsoDate('2019-02-29')).toBeUndefined();
    expect(parseIsoDate('2019-13-01')).toBeUndefined();
    expect(parseIsoDate('2019-1-1')).toBeUndefined();
    expect(parseIsoDate('tomorrow')).toBeUndefined();
  });

  it('computes flux months, month arithmetic, ages and birthdays', () => {
    expect(isoDate(firstOfNextMonth(parseIsoDate('2020-03-10') as number))).toBe('2020-04-01');
    expect(isoDate(firstOfNextMonth(parseIsoDate('2019-12-31') as number))).toBe('2020-01-01');
    expect(isoDate(addMonths(parseIsoDate('2019-01-31') as number, 1))).toBe('2019-02-28');
    expect(isoDate(addMonths(parseIsoDate('2019-01-01') as number, -12 * 30))).toBe('1989-01-01');
    const birth = parseIsoDate('2000-02-29') as number;
    expect(ageInYears(birth, parseIsoDate('2019-02-28') as number)).toBe(18);
    expect(ageInYears(birth, parseIsoDate('2019-03-01') as number)).toBe(19);
    // The birthday is the day the age in completed years increases: 1 March in non-leap years.
    expect(isoDate(nextBirthday(birth, parseIsoDate('2019-01-01') as number))).toBe('2019-03-01');
    expect(isoDate(nextBirthday(birth, parseIsoDate('2020-02-29') as number))).toBe('2021-03-01');
    expect(isoDate(nextBirthday(birth, parseIsoDate('2020-01-01') as number))).toBe('2020-02-29');
    for (let d = parseIsoDate('2015-01-01') as number; d < (parseIsoDate('2025-01-01') as number); d += 1) {
      const next = nextBirthday(birth, d);
      expect(ageInYears(birth, next)).toBe(ageInYears(birth, next - 1) + 1);
    }
  });
});
