import { careLines, GP_CONSULTATION_DESCRIBED, gpConsultationSql } from '../../readback';
import { readDataTable, str } from '../../data';
import { dayFromYmd, isoDate } from '../../events';
import { frenchPublicHolidays } from '../../events/holidays';
import type { ReportDatabase } from '../database';
import { sqlString } from '../../snds';
import { allPass } from '../tolerance';
import type { Section } from '../types';
import { bandComparison, bandRow } from './common';

/**
 * The time texture of care: day-of-week and month profiles of dispensings, GP consultations and antibiotics,
 * judged with the figures of data/validation/texture_figures.csv (never read by `simulate`).
 */

const PHARMACY_NATURES = '3311, 3312, 3313, 3341';
const DAYS = ['Mon / lun', 'Tue / mar', 'Wed / mer', 'Thu / jeu', 'Fri / ven', 'Sat / sam', 'Sun / dim', 'holiday / férié'];
const VALIDATION = 'validation/texture_figures.csv';
/** Public holidays of the years of the period, as ISO dates. */
function holidays(r: ReportDatabase): string[] {
  const out: string[] = [];
  for (let y = Number(r.startIso.slice(0, 4)); y <= Number(r.endIso.slice(0, 4)); y += 1) for (const h of frenchPublicHolidays(y)) out.push(isoDate(h.day));
  return out;
}

/** Lines per day by ISO weekday (0 = Monday … 6 = Sunday; holidays apart, index 7) for some natures. */
async function perDay(r: ReportDatabase, condition: string): Promise<{ perDay: number[]; counts: number[] }> {
  const counts = new Array<number>(8).fill(0);
  const days = new Array<number>(8).fill(0);
  const hol = new Set(holidays(r));
  const first = dayFromYmd(Number(r.startIso.slice(0, 4)), Number(r.startIso.slice(5, 7)), Number(r.startIso.slice(8, 10)));
  const last = dayFromYmd(Number(r.endIso.slice(0, 4)), Number(r.endIso.slice(5, 7)), Number(r.endIso.slice(8, 10)));
  for (let d = first; d <= last; d += 1) {
    const i = hol.has(isoDate(d)) ? 7 : (((d + 3) % 7) + 7) % 7;
    days[i] = (days[i] ?? 0) + 1;
  }
  if (r.tables.has('ER_PRS_F')) {
    const care = careLines(r.db);
    const rows = await r.db.all(
      `SELECT p.EXE_SOI_DTD AS day, SUM(CASE WHEN p.PRS_ACT_QTE < 0 THEN -1 ELSE 1 END) AS n FROM ${care.from} WHERE ${condition}
       AND p.EXE_SOI_DTD BETWEEN ${sqlString(r.startIso)} AND ${sqlString(r.endIso)} AND ${care.where} GROUP BY 1`,
    );
    for (const row of rows) {
      const iso = String(row.day).slice(0, 10);
      const d = dayFromYmd(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
      const i = hol.has(iso) ? 7 : (((d + 3) % 7) + 7) % 7;
      counts[i] = (counts[i] ?? 0) + Number(row.n);
    }
  }
  return { perDay: counts.map((c, i) => ((days[i] as number) > 0 ? c / (days[i] as number) : 0)), counts };
}

/** 8. Day of the week: dispensings and GP consultations by weekday and on public holidays. */
export async function weekdaySection(r: ReportDatabase): Promise<Section> {
  const pha = await perDay(r, `p.PRS_NAT_REF IN (${PHARMACY_NATURES})`);
  const mean = pha.perDay.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
  const pct = (x: number): number => (mean > 0 ? (100 * x) / mean : 0);
  const dispensing = bandComparison(
    {
      id: 'weekday.dispensing',
      title: 'Dispensings per day, % of the Monday–Friday mean / Délivrances par jour, % de la moyenne lundi–vendredi',
      unit: '% of the Monday–Friday mean',
      xLabel: 'Day of care (EXE_SOI_DTD) / Jour des soins',
      yLabel: '% of a weekday / % d’un jour de semaine',
      tolerance: 'Monday–Friday 85–115 %, Saturday 45–70 %, Sunday and public holidays ≤ 3 %',
      notes: [
        `ER_PRS_F lines of the pharmacy natures ${PHARMACY_NATURES} per day of care; public holidays (Code du travail L3133-1) counted apart from their weekday.`,
        'Not independent: the bands rest on the sndsTools quetiapine benchmark (real SNDS dispensings per day, 1–14 January 2023: weekdays 5 700–6 941, Saturdays ≈ 3 800, Sunday 8 January 123, 1 January 75), which is also the input of data/care_weekday_profiles.csv. This comparison checks that the dispensing process reproduces the calendar it is given; no independent day-of-week figure of dispensings is held in data/validation.',
      ],
    },
    DAYS.map((label, i) => {
      const o = pct(pha.perDay[i] as number);
      const [e, lo, hi] = i < 5 ? [100, 85, 115] : i === 5 ? [57.5, 45, 70] : [1.5, 0, 3];
      return bandRow(label, label, o, e, lo, hi, pha.counts[i] as number);
    }),
  );

  const gp = await perDay(r, gpConsultationSql());
  const week = gp.perDay.slice(0, 7).reduce((a, b) => a + b, 0);
  const share = (x: number): number => (week > 0 ? (100 * x) / week : 0);
  const monday = share(gp.perDay[0] as number);
  const others = Math.max(...gp.perDay.slice(1, 7).map(share));
  const figures = readDataTable(VALIDATION);
  const fed = (id: string): string => {
    const row = figures.rows.find((x) => str(figures, x, 'id') === id);
    return row ? str(figures, row, 'fed_to_simulate') : '?';
  };
  const gpComparison = bandComparison(
    {
      id: 'weekday.gp',
      title: 'GP consultations, % of the week / Consultations de généraliste, % de la semaine',
      unit: '% of a week’s consultations',
      xLabel: 'Day of care / Jour des soins',
      yLabel: '% of the week / % de la semaine',
      tolerance: 'Monday above every other day; Sunday and a public holiday ≤ 3 % of the week',
      notes: [
        `ER_PRS_F lines of ${GP_CONSULTATION_DESCRIBED} per day, as a share of the sum of the seven weekday means.`,
        `Not independent: CNAMTS Point Stat n° 33 (Monday 20 % of the week, Sunday a little over 1 %; data/validation figures_2_28 and figures_2_29, fed_to_simulate = ${fed('figures_2_28')} and ${fed('figures_2_29')}) is the input of the GP weekday profile. The independent figure of the texture sections is the January share of GP consultations (month section).`,
      ],
    },
    [
      bandRow(DAYS[0] as string, 'Monday / lundi', monday, 20, others, 100, gp.counts[0] as number),
      bandRow(DAYS[6] as string, 'Sunday / dimanche', share(gp.perDay[6] as number), 1, 0, 3, gp.counts[6] as number),
      bandRow(DAYS[7] as string, 'public holiday / jour férié', share(gp.perDay[7] as number), 1, 0, 3, gp.counts[7] as number),
    ],
  );
  const comparisons = [dispensing, gpComparison];
  return {
    id: 'weekday',
    titleFr: 'Jour de la semaine',
    titleEn: 'Day of the week',
    description:
      'Dispensings and GP consultations by day of the week and on public holidays (ER_PRS_F, day of care). Every day-of-week figure found is an input of simulate: these comparisons check consistency with the input, not independent validity (see the notes).',
    comparisons,
    pass: allPass(comparisons),
  };
}

/** First number of a cell such as "22.1 million (DCIRS); 22.7 million (DCIR)" after a label. */
function numberNear(text: string, label: string): number {
  const part = text.split(';').find((p) => p.includes(label)) ?? text;
  const m = /([0-9]+(?:\.[0-9]+)?)/.exec(part);
  return m ? Number(m[1]) : NaN;
}

/** 9. Month: GP consultations and antibiotics (J01) by month of care. */
export async function monthSection(r: ReportDatabase): Promise<Section> {
  const figures = readDataTable(VALIDATION);
  const cell = (id: string, col: string): string => {
    const row = figures.rows.find((x) => str(figures, x, 'id') === id);
    return row ? str(figures, row, col) : '';
  };
  // January 2016 GP consultations in the DCIR (figures_2_22) against the year's GP acts (figures_2_31):
  // neither is an input of simulate.
  const january = numberNear(cell('figures_2_22', 'value'), 'DCIR)');
  const year = numberNear(cell('figures_2_31', 'value'), 'million acts');
  const target = (12 * january) / year;
  const months = new Array<number>(13).fill(0);
  const j01 = new Array<number>(13).fill(0);
  const within = `BETWEEN ${sqlString(r.startIso)} AND ${sqlString(r.endIso)}`;
  if (r.tables.has('ER_PRS_F')) {
    const care = careLines(r.db);
    for (const row of await r.db.all(`SELECT CAST(substr(p.EXE_SOI_DTD, 6, 2) AS INTEGER) AS m, SUM(CASE WHEN p.PRS_ACT_QTE < 0 THEN -1 ELSE 1 END) AS n FROM ${care.from} WHERE ${gpConsultationSql()} AND p.EXE_SOI_DTD ${within} AND ${care.where} GROUP BY 1`)) {
      months[Number(row.m)] = (months[Number(row.m)] ?? 0) + Number(row.n);
    }
  }
  if (r.tables.has('ER_PHA_F') && r.tables.has('IR_PHA_R')) {
    const rows = await r.db.all(
      `SELECT CAST(substr(p.EXE_SOI_DTD, 6, 2) AS INTEGER) AS m, SUM(CASE WHEN h.PHA_ACT_QSN < 0 THEN -1 ELSE 1 END) AS n FROM ER_PHA_F h
       JOIN ER_PRS_F p USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)
       JOIN IR_PHA_R a ON a.PHA_CIP_C13 = h.PHA_PRS_C13
       WHERE a.PHA_ATC_C07 LIKE 'J01%' AND p.EXE_SOI_DTD ${within} GROUP BY 1`,
    );
    for (const row of rows) j01[Number(row.m)] = (j01[Number(row.m)] ?? 0) + Number(row.n);
  }
  const total = months.reduce((a, b) => a + b, 0);
  const janIndex = total > 0 ? (12 * (months[1] as number)) / total : 0;
  const independent = bandComparison(
    {
      id: 'month.gp_january',
      title: 'GP consultations in January, × the monthly mean / Consultations de généraliste en janvier, × la moyenne mensuelle',
      unit: 'January ÷ (year ÷ 12)',
      xLabel: 'Month / Mois',
      yLabel: 'January ÷ monthly mean / janvier ÷ moyenne mensuelle',
      tolerance: '|simulated − target| ≤ 25 % × target (two sources, years 2016 and 2017)',
      notes: [
        `Target 12 × ${january} M ÷ ${year} M = ${target.toFixed(2)}: GP consultations in January 2016 in the DCIR (${cell('figures_2_22', 'source_url')}: « ${cell('figures_2_22', 'quote').slice(0, 160)}… ») against the year's GP acts (${cell('figures_2_31', 'source_url')}: « …${cell('figures_2_31', 'quote').slice(150, 330)}… »). fed_to_simulate = ${cell('figures_2_22', 'fed_to_simulate')} and ${cell('figures_2_31', 'fed_to_simulate')}: independent of the inputs.`,
      ],
    },
    [bandRow('January / janvier', 'January / janvier', janIndex, target, 0.75 * target, 1.25 * target, months[1] as number)],
  );
  const perDayOf = (a: number[], m: number, days: number): number => (a[m] as number) / days;
  const y = Number(r.startIso.slice(0, 4));
  const feb = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  const winterRatio = (a: number[]): number => {
    const aug = perDayOf(a, 8, 31);
    return aug > 0 ? ((a[1] as number) + (a[2] as number)) / (31 + feb) / aug : 0;
  };
  const season = bandComparison(
    {
      id: 'month.winter',
      title: 'January–February ÷ August, per day / Janvier–février ÷ août, par jour',
      unit: 'ratio of lines per day',
      xLabel: 'Care / Soins',
      yLabel: 'Jan–Feb ÷ August / janv.–févr. ÷ août',
      tolerance: '1.15 ≤ ratio ≤ 3 (the lower bound is the acceptance figure)',
      notes: [
        `GP consultations (${GP_CONSULTATION_DESCRIBED}) and antibiotic dispensings (ER_PHA_F lines of ATC J01 in IR_PHA_R) per day of January–February over August.`,
        `Not independent: the winter increase of antibiotics (> 20 %, figures_2_79, fed_to_simulate = ${cell('figures_2_79', 'fed_to_simulate')}) and the Open DAMIR summer dip are inputs of data/care_seasonal_parameters.csv; the independent figure is the January share above.`,
      ],
    },
    [
      bandRow('GP / généraliste', 'GP consultations / consultations de généraliste', winterRatio(months), 1.2, 1.15, 3, months[8] as number),
      bandRow('J01', 'antibiotics J01 / antibiotiques J01', winterRatio(j01), 1.2, 1.15, 3, j01[8] as number),
    ],
  );
  const comparisons = [independent, season];
  return {
    id: 'month',
    titleFr: 'Mois',
    titleEn: 'Month',
    description:
      'GP consultations and antibiotic dispensings by month of care: the January share of GP consultations against figures simulate was not fed (data/validation/texture_figures.csv), and the winter-over-August ratios.',
    comparisons,
    pass: allPass(comparisons),
  };
}
