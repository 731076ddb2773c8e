import { num, str } from '../../data';
import { dayFromYmd, daysInMonth, isoDate, ymdFromDay, type Day } from '../../events';
import { sqlString } from '../../snds';
import type { TargetedDatabase } from '../targets';
import { pmsiTables } from '../sql';
import { allPass, compareCount, compareMean, DEFAULT_RULE } from '../tolerance';
import type { Section } from '../types';
import { bandComparison, categoryComparison, labelRow } from './common';

/**
 * Births are counted in the months that end at least this many days before the end of the period, and stays admitted in
 * those months: the PMSI of a period holds discharged stays only, so births of the last days have no stay yet.
 */
export const BIRTH_WINDOW_DAYS = 30;
/** Accepted deliveries per birth (one per birth, twins one delivery for two births) and least newborn stays per birth. */
export const DELIVERIES_PER_BIRTH: readonly [number, number] = [0.95, 1.05];
export const NEWBORN_STAYS_PER_BIRTH_MIN = 0.9;

/** Last day of the last month of the period that ends at least BIRTH_WINDOW_DAYS before its end (undefined: none). */
function windowEnd(start: Day, end: Day): Day | undefined {
  const limit = end - BIRTH_WINDOW_DAYS;
  const { year, month } = ymdFromDay(limit);
  // The month of `limit` counts when it ends on `limit`, else the month before it.
  let last = dayFromYmd(year, month, daysInMonth(year, month));
  if (last > limit) last = dayFromYmd(year, month, 1) - 1;
  return last >= start ? last : undefined;
}

/**
 * 4c. Births in maternity wards, counted as an analyst would: births from IR_BEN_R (year and month of birth in the
 * window), delivery stays (T_MCOyyB DGN_PAL O80–O84 admitted in the window), newborn birth stays (GRG_GHM of CMD 15,
 * AGE_JOU = 0); per birth, against one delivery per birth and one birth stay per newborn; the caesarean share (GHM
 * 14C02) and the mean nights of delivery stays against DREES SAE 2023 PERINAT, figures the simulator is fed.
 */
export async function birthsSection(r: TargetedDatabase): Promise<Section> {
  const last = windowEnd(r.start, r.end);
  let births = 0;
  if (last !== undefined) for (const p of r.persons.values()) if (p.birth >= r.start && p.birth <= last) births += 1;
  let deliveries = 0;
  let caesareans = 0;
  let nights = 0;
  let newborns = 0;
  const bTables = new Set(pmsiTables(r.tables, 'B'));
  if (last !== undefined) {
    for (const ct of pmsiTables(r.tables, 'C')) {
      const bt = `${ct.slice(0, -1)}B`;
      if (!bTables.has(bt)) continue;
      const rows = await r.db.all(
        `SELECT SUM(CASE WHEN substr(b.DGN_PAL, 1, 3) BETWEEN 'O80' AND 'O84' THEN 1 ELSE 0 END) AS deliveries,
                SUM(CASE WHEN substr(b.DGN_PAL, 1, 3) BETWEEN 'O80' AND 'O84' AND b.GRG_GHM LIKE '14C02%' THEN 1 ELSE 0 END) AS caesareans,
                SUM(CASE WHEN substr(b.DGN_PAL, 1, 3) BETWEEN 'O80' AND 'O84' THEN b.SEJ_NBJ ELSE 0 END) AS nights,
                SUM(CASE WHEN b.GRG_GHM LIKE '15%' AND b.AGE_JOU = 0 THEN 1 ELSE 0 END) AS newborns
         FROM "${bt}" b JOIN "${ct}" c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM
         WHERE c.ENT_DAT BETWEEN ${sqlString(r.startIso)} AND ${sqlString(isoDate(last))}`,
      );
      const row = rows[0];
      if (!row) continue;
      deliveries += Number(row.deliveries ?? 0);
      caesareans += Number(row.caesareans ?? 0);
      nights += Number(row.nights ?? 0);
      newborns += Number(row.newborns ?? 0);
    }
  }
  const window = last === undefined ? 'none (period too short)' : `${r.startIso} – ${isoDate(last)}`;
  const perBirth = (n: number): number => (births > 0 ? n / births : 0);
  const stays = bandComparison(
    {
      id: 'births.stays',
      title: 'Delivery and newborn stays per birth / Séjours d’accouchement et de nouveau-né par naissance',
      unit: 'stays per birth',
      xLabel: 'Stay / Séjour',
      yLabel: 'Stays per birth / Séjours par naissance',
      tolerance: `deliveries ${DELIVERIES_PER_BIRTH[0]}–${DELIVERIES_PER_BIRTH[1]} per birth; newborn stays ≥ ${NEWBORN_STAYS_PER_BIRTH_MIN} per birth`,
      notes: [
        `Window: births and stays of ${window} (months ending at least ${BIRTH_WINDOW_DAYS} days before the end of the period: the PMSI holds discharged stays only). ${births} births (IR_BEN_R persons born in the window, year and month of birth), ${deliveries} delivery stays (T_MCOyyB.DGN_PAL O80–O84, T_MCOyyC.ENT_DAT in the window), ${newborns} newborn stays (GRG_GHM of CMD 15 with AGE_JOU = 0).`,
        'Nearly every birth in France happens in a maternity ward: « 756 000 y sont nés » (DREES, Panorama des établissements de santé, 2019; figures.csv topic hospital_all_fields). Twins make one delivery for two births, hence a little less than 1 delivery per birth.',
      ],
    },
    [
      labelRow('Deliveries per birth / Accouchements par naissance', perBirth(deliveries), 1, DELIVERIES_PER_BIRTH[0], DELIVERIES_PER_BIRTH[1], deliveries),
      // A child has one birth stay: more than one per birth would be a double count.
      labelRow('Newborn stays per birth / Séjours de nouveau-né par naissance', perBirth(newborns), 1, NEWBORN_STAYS_PER_BIRTH_MIN, 1.05, newborns),
    ],
  );
  const p = r.targets.read('maternity_parameters.csv');
  const param = (name: string): number => {
    const row = p.rows.find((x) => str(p, x, 'name') === name);
    return row ? num(p, row, 'value') : NaN;
  };
  const share = param('caesarean_share');
  const caesarean = categoryComparison(
    {
      id: 'births.caesarean',
      title: 'Caesarean deliveries / Accouchements par césarienne',
      unit: '% of deliveries',
      rule: DEFAULT_RULE,
      xLabel: 'Deliveries / Accouchements',
      yLabel: '% of deliveries / des accouchements',
      notes: [
        `Caesareans: delivery stays of the window with a GRG_GHM 14C02 (césariennes); target: ${(100 * share).toFixed(1)} % = SEJCES / SEJACC, DREES SAE 2023 PERINAT (${param('caesareans')} / ${param('deliveries')}). Fed to simulate: each ward draws caesareans at its own SAE share, so this verifies the mechanism, not realism.`,
      ],
    },
    [compareCount({ category: 'caesarean', series: 'all', label: 'Caesarean share / Part des césariennes', observedCount: caesareans, expectedCount: deliveries * share, scale: deliveries > 0 ? 100 / deliveries : 0 }, DEFAULT_RULE)],
  );
  const meanNights = param('delivery_days') / param('deliveries');
  const los = categoryComparison(
    {
      id: 'births.length_of_stay',
      title: 'Mean nights of delivery stays / Durée moyenne des séjours d’accouchement',
      unit: 'nights',
      rule: DEFAULT_RULE,
      xLabel: 'Deliveries / Accouchements',
      yLabel: 'Nights / Nuits',
      notes: [
        `SEJ_NBJ of the delivery stays of the window; target: ${meanNights.toFixed(2)} nights = JOUACC / SEJACC, DREES SAE 2023 PERINAT (days of delivery stays over delivery stays). Fed to simulate (the mean nights of each mode).`,
      ],
    },
    [compareMean({ category: 'delivery', series: 'all', label: 'Delivery stays / Séjours d’accouchement', observed: deliveries > 0 ? nights / deliveries : 0, expected: meanNights, n: deliveries }, DEFAULT_RULE)],
  );
  const comparisons = [stays, caesarean, los];
  return {
    id: 'births',
    titleFr: 'Naissances en maternité',
    titleEn: 'Births in maternity wards',
    description:
      'Delivery stays of the mothers and birth stays of the newborns (PMSI MCO) per birth of IR_BEN_R, the caesarean share and the mean length of delivery stays against DREES SAE 2023 PERINAT (fed to simulate).',
    comparisons,
    pass: allPass(comparisons),
  };
}
