/**
 * Plausibility checks on the drug tables built by scripts/data/drugs.ts (data/drugs.csv.gz,
 * data/ir_pha_r.csv.gz, data/drug_boxes_age_sex.csv, data/drug_boxes_atc1.csv).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { parseEuro, parseRate, parseUnits, substanceVariants } from '../../scripts/data/drugs-parse';
import { IR_PHA_R_COLUMNS } from '../../scripts/data/drugs-irphar';
import { readDataTable } from '../../src/data';
import { expectEvery, failed } from '../helpers/rows';

const DATA = join(__dirname, '..', '..', 'data');

/** A table of data/ (the loader the simulator uses). */
function table(rel: string): Record<string, string>[] {
  return readDataTable(rel).rows.slice();
}

function num(r: Record<string, string>, k: string): number {
  return Number(r[k]);
}

describe('drugs-parse', () => {
  it('parses messy rates', () => {
    expect(parseRate('65%')).toBe(65);
    expect(parseRate('65 %')).toBe(65);
    expect(parseRate('100 %')).toBe(100);
    expect(parseRate('')).toBeNull();
  });
  it('parses decimal-comma prices with thousands commas', () => {
    expect(parseEuro('24,34')).toBeCloseTo(24.34, 10);
    expect(parseEuro('14,838,32')).toBeCloseTo(14838.32, 10);
    expect(parseEuro('')).toBeNull();
  });
  it('parses units in a box', () => {
    expect(parseUnits('plaquette(s) PVC PVDC aluminium de 30 comprimé(s)')).toBe(30);
    expect(parseUnits('3 plaquette(s) PVC-Aluminium de 28 comprimé(s)')).toBe(84);
    expect(parseUnits('1 flacon(s) de 5,6 ml')).toBe(1);
    expect(parseUnits('plaquette(s) PVC PVDC aluminium de 28 (2 x 14) comprimé(s)')).toBe(28);
    expect(parseUnits('1026 ml en poche à trois compartiments ; boîte de 4')).toBe(4);
    expect(parseUnits('flacon(s) en verre avec seringue(s) pour administration orale')).toBeNull();
  });
  it('builds substance spellings of the Open Medic labels', () => {
    expect(substanceVariants('PARACÉTAMOL')).toContain('PARACETAMOL');
    expect(substanceVariants('CHLORHYDRATE DE TRAMADOL')).toContain('TRAMADOL');
    expect(substanceVariants('CHOLÉCALCIFÉROL')).toContain('COLECALCIFEROL');
    expect(substanceVariants('PHLOROGLUCINOL HYDRATÉ')).toContain('PHLOROGLUCINOL');
    expect(substanceVariants('MACROGOL 4000')).toContain('MACROGOL');
    expect(substanceVariants('VITAMINE B12')).not.toContain('VITAMINE');
  });
});

describe('data/drugs.csv.gz', () => {
  const rows = table('drugs.csv.gz');
  const byCip = new Map(rows.map((r) => [r['cip13'] ?? '', r]));

  it('has one row per reimbursable presentation with valid codes', () => {
    expect(rows.length).toBeGreaterThan(12000);
    expect(byCip.size).toBe(rows.length);
    expectEvery(rows, (r) =>
      failed({
        cip13: /^34\d{11}$/.test(r['cip13'] ?? ''),
        cip7: /^\d{7}$/.test(r['cip7'] ?? ''),
        rate: [15, 30, 35, 65, 100].includes(num(r, 'rate')),
        'price > 0': num(r, 'price') > 0,
        'fee ≥ 0': num(r, 'fee') >= 0,
        atc_source: ['mitm', 'substance', 'group', 'composition', 'cip7', ''].includes(r['atc_source'] ?? 'absent'),
        'ATC5 from a group or composition': !(r['atc_source'] === 'group' || r['atc_source'] === 'composition') || r['atc']?.length === 7,
        'ATC shape': !r['atc'] || /^[A-Z]\d\d([A-Z]([A-Z](\d\d)?)?)?$/.test(r['atc']),
        'ATC2 from the CIP7': r['atc_source'] !== 'cip7' || r['atc']?.length === 3,
      }),
    );
    expect(rows.filter((r) => r['units'] !== '').length / rows.length).toBeGreaterThan(0.99);
  });

  it('maps most of the 2025 reimbursed amount to an ATC of level >= 3', () => {
    const om = parse(
      gunzipSync(readFileSync(join(DATA, 'raw/cnam_openmedic_derived_2022_2025/derived_eda_12_rem_par_cip13_2025.csv.gz'))).toString('utf8'),
      { columns: true },
    ) as Record<string, string>[];
    let total = 0;
    let covered = 0;
    let atc3 = 0;
    for (const r of om) {
      const a = num(r, 'remboursement_total');
      total += a;
      const d = byCip.get(r['cip13'] ?? '');
      if (!d) continue;
      covered += a;
      if ((d['atc'] ?? '').length >= 4) atc3 += a;
    }
    expect(covered / total).toBeGreaterThan(0.95);
    expect(atc3 / total).toBeGreaterThan(0.94);
  });

  it('gives an ATC code to most of the estimated 2025 boxes', () => {
    let all = 0;
    let none = 0;
    for (const r of rows) {
      all += num(r, 'boxes_2025');
      if (r['atc'] === '') none += num(r, 'boxes_2025');
    }
    expect(none / all).toBeLessThan(0.06);
  });

  it('borrows the ATC5 of the generic group or of the same composition and route', () => {
    // MACROGOL 4000 SANDOZ: substance "MACROGOL 4000", Open Medic label "MACROGOL".
    expect(byCip.get('3400939134680')?.['atc']).toBe('A06AD15');
    // ELUDRILPERIO (mouthwash, not in MITM): the chlorhexidine mouthwashes of MITM are A01AB03, not D08AC02.
    expect(byCip.get('3400922257204')?.['atc']).toBe('A01AB03');
    expect(byCip.get('3400922257204')?.['atc_source']).toBe('composition');
  });

  it('estimates 2025 boxes of the top-20 CIP13 within a factor 2.5 of the real counts', () => {
    const top = parse(readFileSync(join(DATA, 'raw/cnam_openmedic/derived_eda_03_top_medicaments_boites.csv')), {
      columns: true,
    }) as Record<string, string>[];
    expect(top).toHaveLength(20);
    const ratios = top.map((t) => num(byCip.get(t['cip13'] ?? '') ?? {}, 'boxes_2025') / num(t, 'boites_delivrees'));
    for (const q of ratios) {
      expect(q).toBeGreaterThan(0.8);
      expect(q).toBeLessThan(2.5);
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    const median = ((sorted[9] ?? 0) + (sorted[10] ?? 0)) / 2;
    expect(median).toBeGreaterThan(0.9);
    expect(median).toBeLessThan(1.5);
  });

  it('maps paracetamol (not in MITM) through its substance', () => {
    const doliprane = byCip.get('3400935955838');
    expect(doliprane?.['atc']).toBe('N02BE01');
    expect(doliprane?.['atc_source']).toBe('substance');
    expect(doliprane?.['units']).toBe('8');
  });
});

describe('data/ir_pha_r.csv.gz', () => {
  it('uses the official IR_PHA_R columns and the same rows as drugs.csv.gz', () => {
    const schemaPath = join(DATA, 'raw/snds_schemas/nomenclatures/DREES/IR_PHA_R.json');
    if (existsSync(schemaPath)) {
      const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { fields: { name: string }[] };
      expect([...IR_PHA_R_COLUMNS]).toEqual(schema.fields.map((f) => f.name));
    }
    const text = gunzipSync(readFileSync(join(DATA, 'ir_pha_r.csv.gz'))).toString('utf8');
    expect(text.split('\n', 1)[0]).toBe(IR_PHA_R_COLUMNS.join(','));
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const drugs = table('drugs.csv.gz');
    expect(rows.map((r) => r['PHA_CIP_C13'])).toEqual(drugs.map((r) => r['cip13']));
    expectEvery(rows, (r) =>
      failed({
        'PHA_ATC_C07 of 7 characters': !r['PHA_ATC_C07'] || r['PHA_ATC_C07'].length === 7,
        'PHA_ATC_C03 = PHA_ATC_CLA[0..3]': !r['PHA_ATC_CLA'] || r['PHA_ATC_C03'] === r['PHA_ATC_CLA'].slice(0, 3),
      }),
    );
  });
});

describe('data/drug_boxes_age_sex.csv', () => {
  const rows = table('drug_boxes_age_sex.csv');
  it('has 4 years x 3 bands x 2 sexes with plausible boxes per person', () => {
    expect(rows).toHaveLength(24);
    for (const year of ['2022', '2023', '2024', '2025']) {
      const y = rows.filter((r) => r['year'] === year);
      const boxes = y.reduce((a, r) => a + num(r, 'boxes'), 0);
      // Open Medic national totals are about 2.3 billion boxes a year.
      expect(boxes).toBeGreaterThan(2.2e9);
      expect(boxes).toBeLessThan(2.5e9);
      const pop = y.reduce((a, r) => a + num(r, 'population'), 0);
      expect(pop).toBeGreaterThan(6.5e7);
      expect(pop).toBeLessThan(7e7);
    }
    for (const r of rows) {
      const bpp = num(r, 'boxes_per_person');
      expect(bpp).toBeCloseTo(num(r, 'boxes') / num(r, 'population'), 2);
      expect(bpp).toBeGreaterThan(5);
      expect(bpp).toBeLessThan(120);
    }
    const old = rows.find((r) => r['year'] === '2025' && r['age_band'] === '60+' && r['sex'] === '2');
    const young = rows.find((r) => r['year'] === '2025' && r['age_band'] === '0-19' && r['sex'] === '2');
    expect(num(old ?? {}, 'boxes_per_person')).toBeGreaterThan(3 * num(young ?? {}, 'boxes_per_person'));
  });
});

describe('data/drug_boxes_atc1.csv', () => {
  it('has the 14 ATC1 groups and the 2025 box total', () => {
    const rows = table('drug_boxes_atc1.csv');
    expect(rows).toHaveLength(14);
    const boxes = rows.reduce((a, r) => a + num(r, 'boxes'), 0);
    const age = table('drug_boxes_age_sex.csv').filter((r) => r['year'] === '2025');
    const ageBoxes = age.reduce((a, r) => a + num(r, 'boxes'), 0);
    expect(Math.abs(boxes - ageBoxes) / ageBoxes).toBeLessThan(0.001);
    for (const r of rows) expect(r['label']).not.toBe('');
  });
});
