/**
 * The valuation of public hospital stays (data/sources/43-stay-valuation.md):
 *
 *  - `ghs_tariffs.csv`: for each GHM of `ghm.csv`, its GHS (groupe homogène de séjours) and the GHS tariffs of the
 *    public sector (ex-DG) and of the private clinics (ex-OQN) for each of the three tariff campaigns held by the SNDS
 *    nomenclature IR_GHS_V, with the low and high length-of-stay bounds and the daily supplement beyond the high bound
 *    (EXH).
 *  - `stay_valuation_parameters.csv`: the patient's shares of a stay (ticket modérateur, the forfait of stays with a
 *    heavy act, the day from which a long stay is exempt) and the stays the maternity insurance covers in full.
 */
import { type BuildContext, type Cell, type DataBuilder, figureTable, readOut, readRawCsv, sasDate, writeTable } from './lib';

const IR_GHS_V = 'snds_nomenclatures/ORAVAL/IR_GHS_V.csv.gz';
const FIGURES = 'published/hospital_valuation.csv';
/** IR_GHS_V `GHS_NUM_SEC`: 1 public sector (ex-DG: public and most non-profit hospitals), 2 private clinics (ex-OQN). */
const PUBLIC_SECTOR = '1';
const PRIVATE_SECTOR = '2';
/** Tariff campaigns of an IR_GHS_V row: suffix of the columns (date, tariff, bounds, EXH) of each. */
const CAMPAIGNS = ['1', '2', '3'] as const;

/** IR_GHS_V's date (« 01MAR2018:00:00:00 ») as YYYY-MM-DD, '' when empty. */
function ghsDate(v: string): string {
  return v.trim() === '' ? '' : sasDate(v);
}

/** A label as compared between MS_GM9_V (GHM) and IR_GHS_V (GHS): no `***` mark of a closed GHM, spaces collapsed, lower case. */
export function labelKey(label: string): string {
  return label.replace(/\*/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The GHS row a GHM label designates: the one of the latest tariff campaign, then the latest created, then the lowest number. */
export function pickGhs<T extends { readonly campaign: string; readonly created: string; readonly ghs: number }>(rows: readonly T[]): T | undefined {
  return [...rows].sort((a, b) => (a.campaign !== b.campaign ? (a.campaign > b.campaign ? -1 : 1) : a.created !== b.created ? (a.created > b.created ? -1 : 1) : a.ghs - b.ghs))[0];
}

const num = (v: string | undefined): number => Number((v ?? '').trim());

export const ghsBuilder: DataBuilder = {
  name: 'hospital-ghs',
  outputs: ['ghs_tariffs.csv', 'stay_valuation_parameters.csv'],
  build(ctx: BuildContext) {
    const byLabel = new Map<string, { ghs: number; campaign: string; created: string; row: Readonly<Record<string, string>> }[]>();
    const privateOf = new Map<number, Readonly<Record<string, string>>>();
    for (const r of readRawCsv(ctx, IR_GHS_V, { delimiter: ';' })) {
      if (r.GHS_GRP_TYP !== 'S') continue;
      if (r.GHS_NUM_SEC === PRIVATE_SECTOR) privateOf.set(num(r.GHS_NUM), r);
      if (r.GHS_NUM_SEC !== PUBLIC_SECTOR) continue;
      const key = labelKey(r.GHS_LIB ?? '');
      const list = byLabel.get(key) ?? [];
      list.push({ ghs: num(r.GHS_NUM), campaign: ghsDate(r.GHS_EO1_DTE ?? ''), created: ghsDate(r.GHS_CRE_DTE ?? ''), row: r });
      byLabel.set(key, list);
    }
    const rows: Cell[][] = [];
    for (const g of readOut(ctx, 'ghm.csv')) {
      // The GHM's GHS is named by the public sector's label; the private clinics' tariff has the same GHS number.
      const picked = pickGhs(byLabel.get(labelKey(g.label ?? '')) ?? []);
      if (!picked) continue;
      for (const [sector, r] of [
        [1, picked.row],
        [2, privateOf.get(picked.ghs)],
      ] as const) {
        if (!r) continue;
        for (const c of CAMPAIGNS) {
          const since = ghsDate(r[`GHS_EO${c}_DTE`] ?? '');
          const cents = num(r[`GHS_PRU_OC${c}`]);
          if (since === '' || !(cents > 0)) continue;
          const high = num(r[`GHS_SEU_HT${c}`]);
          const exh = num(r[`GHS_PRU_EX${c}`]);
          rows.push([g.ghm ?? '', sector, picked.ghs, since, cents / 100, num(r[`GHS_SEU_BA${c}`]), high, high > 0 ? exh / 100 : 0]);
        }
      }
    }
    const text = (c: Cell): string => String(c);
    rows.sort((a, b) => {
      for (const i of [0, 1, 3]) if (text(a[i] as Cell) !== text(b[i] as Cell)) return text(a[i] as Cell) < text(b[i] as Cell) ? -1 : 1;
      return 0;
    });
    writeTable(ctx, 'ghs_tariffs.csv', ['ghm', 'sector', 'ghs', 'since', 'tariff_eur', 'low_bound_days', 'high_bound_days', 'exh_eur_per_day'], rows);

    const fig = figureTable(ctx, FIGURES);
    writeTable(
      ctx,
      'stay_valuation_parameters.csv',
      ['name', 'value', 'since', 'note'],
      [
        ['ticket_moderateur_pct', fig.value('senat_tm_hospital', 'ticket_moderateur_hospital'), '', 'patient share of a stay outside the exemptions'],
        ['heavy_act_forfait_eur', fig.value('previssima_forfait', 'heavy_act_forfait_before_2019'), '', 'forfait replacing the ticket modérateur of a stay with an act of 120 € or more, until 2018'],
        ['heavy_act_forfait_eur', fig.value('previssima_forfait', 'heavy_act_forfait_from_2019'), '2019-01-01', 'the same forfait from 1 January 2019'],
        ['exempt_from_day', fig.value('spbfamily_31e_jour', 'exempt_from_day'), '', 'stays reaching this day are exempt'],
        ['maternity_rate_pct', fig.value('ameli_accouchement', 'delivery_stay_rate'), '', 'delivery stays (CMD 14) and newborns’ stays (CMD 15) are covered in full by the maternity insurance'],
        ['newborn_days', fig.value('rpvo_maternite', 'newborn_stay_days'), '', 'a newborn’s stays admitted within this many days of birth are covered by the maternity insurance'],
      ],
    );
  },
};
