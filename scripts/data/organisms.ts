/**
 * `data/organisms.csv`: the health-insurance fund (CPAM, régime général) of each département, from
 * the official organism referential IR_ORG_V, for ORG_AFF_BEN / ORG_CLE_NUM and the flux emitter.
 */
import type { DataBuilder } from './lib';
import { readRawCsv, writeTable } from './lib';

export const organismsBuilder: DataBuilder = {
  name: 'organisms',
  outputs: ['organisms.csv'],
  build(ctx) {
    const rows = readRawCsv(ctx, 'snds_nomenclatures/ORAVAL/IR_ORG_V.csv.gz', { delimiter: ';' });
    const byDept = new Map<string, { org: string; cti: string }[]>();
    for (const r of rows) {
      const org = r.ORG_NUM ?? '';
      if (r.ORG_GRG_COD !== '1' || r.ORG_ORG_TYP !== 'C' || !org.startsWith('01C')) continue;
      const geo = r.GEO_DPT_COD ?? '';
      if (geo === '' || geo === '999') continue;
      // IR_ORG_V codes départements on 3 characters: '035' → '35', '02A' → '2A', '971' → '971'.
      const dept = geo.startsWith('0') ? geo.slice(1) : geo;
      let list = byDept.get(dept);
      if (!list) byDept.set(dept, (list = []));
      list.push({ org, cti: r.CTI_NUM ?? '' });
    }
    const out: (string | number)[][] = [];
    for (const dept of [...byDept.keys()].sort()) {
      const list = (byDept.get(dept) ?? []).sort((a, b) => (a.org < b.org ? -1 : a.org > b.org ? 1 : 0));
      // The département's own CPAM (01C + département + 1…) when it exists, else the first fund listed there.
      const own = list.find((x) => x.org.slice(3, 5) === dept.slice(0, 2).replace('2A', '20').replace('2B', '20')) ?? list[0];
      if (own) out.push([dept, own.org, own.cti]);
    }
    writeTable(ctx, 'organisms.csv', ['dept', 'org_num', 'cti_num'], out);
  },
};
