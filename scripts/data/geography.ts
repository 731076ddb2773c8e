/**
 * Communes (COG, populations légales, postal codes, EPCI) with their SNDS residence coding, and
 * the list of départements with their INSEE population at 1 January 2021.
 */
import { type BuildContext, type Cell, type DataBuilder, readRaw, writeTable } from './lib';
import { readDeptBands } from './population';

const COMMUNES_FILE = 'geo_cog_etalab/communes.json.gz';
const EPCI_FILE = 'geo_cog_etalab/epci.json.gz';
const DEPTS_FILE = 'geo_cog_etalab/departements.json';
const REGIONS_FILE = 'geo_cog_etalab/regions.json';

interface CommuneJson {
  code: string;
  nom: string;
  type: string;
  departement: string;
  region: string;
  codesPostaux?: string[];
  population?: number;
}
interface EpciJson {
  code: string;
  membres: { code: string }[];
}
interface NamedJson {
  code: string;
  nom: string;
  region?: string;
}

function readJson(ctx: BuildContext, rel: string): unknown {
  return JSON.parse(readRaw(ctx, rel).toString('utf8')) as unknown;
}

function asArray<T>(v: unknown, rel: string, check: (x: Record<string, unknown>) => boolean): T[] {
  if (!Array.isArray(v)) throw new Error(`${rel}: expected a JSON array`);
  for (const x of v) {
    if (typeof x !== 'object' || x === null || !check(x as Record<string, unknown>)) throw new Error(`${rel}: unexpected entry ${JSON.stringify(x).slice(0, 200)}`);
  }
  return v as T[];
}

/** Départements of the SNDS coded as themselves (3 characters) — DROM and the COM present in IR_DPT_V. */
const SNDS_OWN_CODE = new Set(['971', '972', '973', '974', '975', '976', '977', '978']);

/**
 * SNDS coding of a commune of residence (BEN_RES_DPT, BEN_RES_COM), both 3 characters:
 * metropolitan `dd` → `0dd`; Corsica 2A → `201`, 2B → `202`; DROM and Saint-Pierre-et-Miquelon,
 * Saint-Barthélemy, Saint-Martin → their 3-digit code; BEN_RES_COM = the last 3 characters of the
 * INSEE commune code. Other collectivities (984, 986-989) are outside the SNDS: empty codes.
 */
export function sndsResidence(inseeCode: string, dept: string): { dpt: string; com: string } {
  const com = inseeCode.slice(-3);
  if (/^\d{2}$/.test(dept)) return { dpt: `0${dept}`, com };
  if (dept === '2A') return { dpt: '201', com };
  if (dept === '2B') return { dpt: '202', com };
  if (SNDS_OWN_CODE.has(dept)) return { dpt: dept, com };
  return { dpt: '', com: '' };
}

export const geographyBuilder: DataBuilder = {
  name: 'geography',
  outputs: ['communes.csv.gz', 'departements.csv'],
  build(ctx: BuildContext): void {
    const communes = asArray<CommuneJson>(readJson(ctx, COMMUNES_FILE), COMMUNES_FILE, (x) => typeof x.code === 'string' && typeof x.type === 'string');
    const epcis = asArray<EpciJson>(readJson(ctx, EPCI_FILE), EPCI_FILE, (x) => typeof x.code === 'string' && Array.isArray(x.membres));
    const depts = asArray<NamedJson>(readJson(ctx, DEPTS_FILE), DEPTS_FILE, (x) => typeof x.code === 'string' && typeof x.nom === 'string');
    const regions = asArray<NamedJson>(readJson(ctx, REGIONS_FILE), REGIONS_FILE, (x) => typeof x.code === 'string' && typeof x.nom === 'string');

    const epciOf = new Map<string, string>();
    for (const e of epcis)
      for (const m of e.membres) {
        const prev = epciOf.get(m.code);
        if (prev !== undefined && prev !== e.code) throw new Error(`${EPCI_FILE}: commune ${m.code} in two EPCI (${prev}, ${e.code})`);
        epciOf.set(m.code, e.code);
      }

    const rows: Cell[][] = communes
      .filter((c) => c.type === 'commune-actuelle')
      .map((c) => {
        const s = sndsResidence(c.code, c.departement);
        return [c.code, c.nom, c.departement, c.region, epciOf.get(c.code) ?? '', c.codesPostaux?.[0] ?? '', c.population ?? 0, s.dpt, s.com];
      });
    rows.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0));
    writeTable(ctx, 'communes.csv.gz', ['code', 'name', 'dept', 'region', 'epci', 'postcode', 'population', 'snds_dpt', 'snds_com'], rows);

    const regionName = new Map(regions.map((r) => [r.code, r.nom]));
    const pop2021 = new Map<string, number>();
    for (const d of readDeptBands(ctx, 2021)) {
      pop2021.set(
        d.dept,
        d.bands[0].reduce((a, x) => a + x, 0) + d.bands[1].reduce((a, x) => a + x, 0),
      );
    }
    const drows: Cell[][] = depts.map((d) => {
      const region = d.region ?? '';
      return [d.code, d.nom, region, regionName.get(region) ?? '', pop2021.get(d.code) ?? 0];
    });
    drows.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0));
    for (const code of pop2021.keys()) if (!depts.some((d) => d.code === code)) throw new Error(`${DEPTS_FILE}: INSEE département ${code} missing`);
    writeTable(ctx, 'departements.csv', ['code', 'name', 'region', 'region_name', 'population_2021'], drows);
  },
};
