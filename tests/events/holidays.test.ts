import { dayFromYmd, isoDate } from '../../src/events/calendar';
import { dayOfWeek, easterSunday, frenchPublicHolidays, isFrenchPublicHoliday, isoWeek } from '../../src/events/holidays';

describe('French public holidays', () => {
  it('gives the ISO day of the week', () => {
    expect(dayOfWeek(0)).toBe(3); // 1970-01-01 was a Thursday
    expect(dayOfWeek(dayFromYmd(2023, 1, 1))).toBe(6); // Sunday
    expect(dayOfWeek(dayFromYmd(2023, 1, 2))).toBe(0); // Monday
    expect(dayOfWeek(dayFromYmd(1969, 12, 31))).toBe(2); // negative day numbers: Wednesday
  });

  it('gives ISO 8601 weeks', () => {
    expect(isoWeek(dayFromYmd(2019, 1, 1))).toEqual({ year: 2019, week: 1 });
    expect(isoWeek(dayFromYmd(2019, 12, 30))).toEqual({ year: 2020, week: 1 });
    expect(isoWeek(dayFromYmd(2021, 1, 3))).toEqual({ year: 2020, week: 53 });
    expect(isoWeek(dayFromYmd(2023, 1, 1))).toEqual({ year: 2022, week: 52 });
    expect(isoWeek(dayFromYmd(2023, 1, 2))).toEqual({ year: 2023, week: 1 });
  });

  it('computes Easter by the Gregorian computus', () => {
    const cases: [number, string][] = [
      [2008, '2008-03-23'],
      [2011, '2011-04-24'],
      [2019, '2019-04-21'],
      [2024, '2024-03-31'],
      [2025, '2025-04-20'],
      [2038, '2038-04-25'],
      [1818, '1818-03-22'], // earliest possible date
    ];
    for (const [y, iso] of cases) expect(isoDate(easterSunday(y))).toBe(iso);
    for (let y = 1900; y <= 2100; y += 1) expect(dayOfWeek(easterSunday(y))).toBe(6);
  });

  it('lists the eleven holidays of 2019 and 2024', () => {
    expect(frenchPublicHolidays(2019).map((h) => `${isoDate(h.day)} ${h.name}`)).toEqual([
      '2019-01-01 new_year',
      '2019-04-22 easter_monday',
      '2019-05-01 labour_day',
      '2019-05-08 victory_1945',
      '2019-05-30 ascension',
      '2019-06-10 whit_monday',
      '2019-07-14 bastille_day',
      '2019-08-15 assumption',
      '2019-11-01 all_saints',
      '2019-11-11 armistice_1918',
      '2019-12-25 christmas',
    ]);
    const h24 = new Map(frenchPublicHolidays(2024).map((h) => [h.name, isoDate(h.day)]));
    expect(h24.get('easter_monday')).toBe('2024-04-01');
    expect(h24.get('ascension')).toBe('2024-05-09');
    expect(h24.get('whit_monday')).toBe('2024-05-20');
  });

  it('keeps both names when Ascension falls on 1 May (2008)', () => {
    const may1 = frenchPublicHolidays(2008).filter((h) => h.day === dayFromYmd(2008, 5, 1));
    expect(may1.map((h) => h.name)).toEqual(['ascension', 'labour_day']);
  });

  it('tells holidays from ordinary days', () => {
    expect(isFrenchPublicHoliday(dayFromYmd(2019, 5, 30))).toBe(true);
    expect(isFrenchPublicHoliday(dayFromYmd(2019, 5, 31))).toBe(false);
    expect(isFrenchPublicHoliday(dayFromYmd(2023, 1, 1))).toBe(true);
  });
});
