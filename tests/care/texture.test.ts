import { frenchPublicHolidays } from '../../src/events/holidays';
import { isoDate } from '../../src/events';
import { useCareDatabase } from '../helpers/simulate';

// Community pharmacy natures, and 3317 (hospital pharmacy): retroceded dispensings keep the dispensing's day.
const PHARMACY_NATURES = '(3311, 3312, 3313, 3341, 3317)';
/** Patient transport (ambulance, VSL, taxi). */
const TRANSPORT_NATURES = '(4212, 4213, 4214)';
/** LPP devices at home (AAR, AAD): delivered on the pharmacies' days, the on-duty ones included. */
const DEVICE_NATURES = '(3511, 3512)';
const GP_NATURES = '(1110, 1111)';
/** GP consultations: natures C, G billed by a GP (midwives bill C too). */
const GP = `PRS_NAT_REF IN ${GP_NATURES} AND PSE_SPE_COD IN (1, 22, 23)`;
const YEAR = "EXE_SOI_DTD BETWEEN '2019-01-01' AND '2019-12-31'";
const HOLIDAYS = `(${frenchPublicHolidays(2019)
  .map((h) => `'${isoDate(h.day)}'`)
  .join(', ')})`;

/**
 * The time texture of care (CareCalendar) on the shared care database (2019, 20 000 persons): weekday and
 * holiday profiles of dispensings and GP consultations, influenza season of GP consultations and
 * antibiotics. Tolerances leave room for the noise of 20 000 persons (≈ 100 000 GP consultations and
 * 400 000 dispensing lines a year).
 */
describe('time texture of care: weekdays, public holidays, seasons', () => {
  const care = useCareDatabase();

  /** Lines per day of the week (ISO order, Monday = 0), public holidays left out, and per holiday. */
  const byWeekday = (condition: string): { perDay: number[]; holidayPerDay: number } => {
    const rows = care.db
      .prepare(
        `SELECT (CAST(strftime('%w', EXE_SOI_DTD) AS INTEGER) + 6) % 7 AS dow, EXE_SOI_DTD IN ${HOLIDAYS} AS holiday,
                COUNT(*) AS n, COUNT(DISTINCT EXE_SOI_DTD) AS days
         FROM ER_PRS_F WHERE ${condition} AND ${YEAR} GROUP BY 1, 2`,
      )
      .all() as { dow: number; holiday: number; n: number; days: number }[];
    const perDay = [0, 1, 2, 3, 4, 5, 6].map((d) => {
      const r = rows.find((x) => x.dow === d && x.holiday === 0);
      return r ? r.n / r.days : 0;
    });
    const h = rows.filter((x) => x.holiday === 1);
    return { perDay, holidayPerDay: h.reduce((s, x) => s + x.n, 0) / 11 };
  };
  const weekdayMean = (perDay: number[]): number => perDay.slice(0, 5).reduce((a, b) => a + b, 0) / 5;

  test('dispensings: Sundays and holidays at the on-duty pharmacies (≤ 4 % of a weekday), Saturday 45–70 %', () => {
    const { perDay, holidayPerDay } = byWeekday(`PRS_NAT_REF IN ${PHARMACY_NATURES}`);
    const mean = weekdayMean(perDay);
    expect(mean).toBeGreaterThan(0);
    expect(perDay[6] as number).toBeLessThanOrEqual(0.04 * mean);
    expect(holidayPerDay).toBeLessThanOrEqual(0.04 * mean);
    expect(perDay[5] as number).toBeGreaterThanOrEqual(0.45 * mean);
    expect(perDay[5] as number).toBeLessThanOrEqual(0.7 * mean);
    // Every weekday open: none below 85 % of their mean.
    for (const d of [0, 1, 2, 3, 4]) expect(perDay[d] as number).toBeGreaterThan(0.85 * mean);
  });

  test('GP consultations: Monday the busiest day, Sunday ≤ 3 % of the week, holidays like Sundays', () => {
    const { perDay, holidayPerDay } = byWeekday(GP);
    const week = perDay.reduce((a, b) => a + b, 0);
    const monday = perDay[0] as number;
    for (const d of [1, 2, 3, 4, 5, 6]) expect(monday).toBeGreaterThan(perDay[d] as number);
    expect((perDay[6] as number) / week).toBeLessThanOrEqual(0.03);
    expect(holidayPerDay).toBeLessThanOrEqual(0.1 * weekdayMean(perDay));
    // Saturday mornings: between a quarter and two thirds of a weekday.
    expect(perDay[5] as number).toBeGreaterThan(0.25 * weekdayMean(perDay));
    expect(perDay[5] as number).toBeLessThan(0.67 * weekdayMean(perDay));
  });

  /** Lines per day in January–February and in August. */
  const winterAndAugust = (sql: string): { winter: number; august: number } => {
    const rows = care.db.prepare(sql).all() as { month: string; n: number }[];
    const n = (m: string): number => rows.find((r) => r.month === m)?.n ?? 0;
    return { winter: (n('01') + n('02')) / 59, august: n('08') / 31 };
  };

  test('influenza season: GP consultations and J01 dispensings in January–February ≥ 1.15 × August', () => {
    const gp = winterAndAugust(`SELECT substr(EXE_SOI_DTD, 6, 2) AS month, COUNT(*) AS n FROM ER_PRS_F WHERE ${GP} AND ${YEAR} GROUP BY 1`);
    expect(gp.august).toBeGreaterThan(0);
    expect(gp.winter).toBeGreaterThanOrEqual(1.15 * gp.august);
    const j01 = winterAndAugust(`
      SELECT substr(p.EXE_SOI_DTD, 6, 2) AS month, COUNT(*) AS n
      FROM ER_PHA_F h
      JOIN ER_PRS_F p USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)
      JOIN IR_PHA_R r ON r.PHA_CIP_C13 = h.PHA_PRS_C13
      WHERE r.PHA_ATC_C07 LIKE 'J01%' AND p.${YEAR} GROUP BY 1`);
    expect(j01.august).toBeGreaterThan(0);
    expect(j01.winter).toBeGreaterThanOrEqual(1.15 * j01.august);
  });

  test('specialist consultations, CCAM acts, lab tests, physiotherapy and dental care: none on Sundays and holidays', () => {
    // Nurses (24) work every day: home care goes on at weekends (tests/care/liberal); patients are driven to and from
    // hospital stays and dialysis whatever the day (tests/care/transport); devices follow the pharmacies' days, on-duty
    // Sundays included (tests/care/devices); clinics bill their stays (2111, 2112) from the admission day, any day.
    const { n } = care.one<{ n: number }>(`
      SELECT COUNT(*) AS n FROM ER_PRS_F
      WHERE PRS_NAT_REF NOT IN ${PHARMACY_NATURES} AND PRS_NAT_REF NOT IN ${TRANSPORT_NATURES} AND PRS_NAT_REF NOT IN ${DEVICE_NATURES} AND PRS_NAT_REF NOT IN (2111, 2112) AND PSE_SPE_COD NOT IN (1, 22, 23, 24)
        AND (strftime('%w', EXE_SOI_DTD) = '0' OR EXE_SOI_DTD IN ${HOLIDAYS})`);
    expect(n).toBe(0);
  });
});
