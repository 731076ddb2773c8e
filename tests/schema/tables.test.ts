import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_FILE, generateTablesSource, sqlTypeOf } from '../../scripts/codegen-tables';
import {
  TABLES,
  SchemaError,
  pmsiTableName,
  readNomenclature,
  tableDef,
} from '../../src/snds';
import { repoRoot } from '../../src/util/paths';

const DCIR_KEYS = [
  'FLX_DIS_DTD',
  'FLX_TRT_DTD',
  'FLX_EMT_TYP',
  'FLX_EMT_NUM',
  'FLX_EMT_ORD',
  'ORG_CLE_NUM',
  'DCT_ORD_NUM',
  'PRS_ORD_NUM',
  'REM_TYP_AFF',
];

function column(table: string, name: string) {
  const c = tableDef(table).columns.find((x) => x.name === name);
  if (c === undefined) throw new Error(`${table}.${name} missing`);
  return c;
}

describe('generated SNDS table definitions', () => {
  test('the committed file equals what the codegen produces now', () => {
    const committed = readFileSync(join(repoRoot(), GENERATED_FILE), 'utf8');
    expect(generateTablesSource()).toBe(committed);
  });

  test('the codegen is stable (same input, same bytes)', () => {
    expect(generateTablesSource()).toBe(generateTablesSource());
  });

  test('every requested table is defined', () => {
    const expected = [
      'IR_BEN_R', 'IR_IMB_R', 'ER_PRS_F', 'ER_PHA_F', 'ER_CAM_F', 'ER_BIO_F', 'ER_ETE_F', 'DA_PRA_R',
      'BE_IDE_R', 'IR_MTT_R', 'KI_CCI_R', 'KI_ECD_R', 'T_MCOaaB', 'T_MCOaaC', 'T_MCOaaD', 'T_MCOaaA',
      'T_MCOaaE', 'T_MCOaaUM', 'T_MCOaaVALO', 'IR_NAT_V', 'IR_SPE_V', 'IR_CIM_V', 'IR_ALD_V', 'IR_CCAM_V54', 'IR_PHA_R',
      'IR_SEX_V', 'IR_DPT_V', 'IR_EXO_V', 'IR_BIO_R', 'ER_UCD_F', 'ER_TRS_F', 'ER_TIP_F', 'NT_LPP', 'IR_LPP_V', 'IR_BEN_R_ARC',
      'T_MCOaaCSTC', 'T_MCOaaFASTC', 'T_MCOaaFBSTC', 'T_MCOaaFCSTC', 'T_MCOaaFMSTC', 'T_MCOaaFLSTC',
      'T_SSRaaB', 'T_SSRaaC', 'T_SSRaaD', 'T_SSRaaE',
    ];
    expect(Object.keys(TABLES).sort()).toEqual([...expected].sort());
    for (const [key, def] of Object.entries(TABLES)) expect(def.name).toBe(key);
  });

  test('ER_PRS_F: 123 columns in schema order, the nine DCIR keys as primary key', () => {
    const prs = tableDef('ER_PRS_F');
    expect(prs.columns).toHaveLength(123);
    expect(prs.columns[0]?.name).toBe('BEN_AMA_COD');
    expect([...prs.primaryKey].sort()).toEqual([...DCIR_KEYS].sort());
    expect(prs.product).toBe('DCIR');
  });

  test('DCIR detail tables reference ER_PRS_F on the nine keys', () => {
    for (const t of ['ER_PHA_F', 'ER_CAM_F', 'ER_BIO_F', 'ER_ETE_F']) {
      const fk = tableDef(t).foreignKeys.find((f) => f.table === 'ER_PRS_F');
      expect(fk).toBeDefined();
      expect([...(fk?.fields ?? [])].sort()).toEqual([...DCIR_KEYS].sort());
    }
  });

  test('outpatient (ACE) tables: a passage is ETA_NUM + SEQ_NUM, details reference the bill T_MCOaaFASTC', () => {
    expect(tableDef('T_MCOaaCSTC').primaryKey).toEqual(['ETA_NUM', 'SEQ_NUM']);
    expect(tableDef('T_MCOaaFBSTC').primaryKey).toEqual(['ETA_NUM', 'SEQ_NUM']);
    for (const t of ['T_MCOaaFBSTC', 'T_MCOaaFCSTC', 'T_MCOaaFMSTC', 'T_MCOaaFLSTC']) {
      expect(tableDef(t).foreignKeys.find((f) => f.table === 'T_MCOaaFASTC')?.fields).toEqual(['ETA_NUM', 'SEQ_NUM']);
    }
    expect(tableDef('T_MCOaaCSTC').foreignKeys.find((f) => f.table === 'IR_BEN_R')?.fields).toEqual(['NIR_ANO_17']);
  });

  test('string primary and foreign keys are normalised to arrays', () => {
    expect(tableDef('DA_PRA_R').primaryKey).toEqual(['PFS_PFS_NUM']);
    expect(tableDef('T_MCOaaE').primaryKey).toEqual(['ETA_NUM']);
    expect(tableDef('ER_PHA_F').primaryKey).toEqual([]);
    expect(tableDef('T_MCOaaC').foreignKeys).toContainEqual({
      fields: ['NIR_ANO_17'],
      table: 'IR_BEN_R',
      refFields: ['BEN_NIR_PSA'],
    });
  });

  test('PMSI identifiers are TEXT, *_RET are INTEGER', () => {
    expect(column('T_MCOaaB', 'ETA_NUM').type).toBe('integer');
    expect(column('T_MCOaaB', 'ETA_NUM').sqlType).toBe('TEXT');
    expect(column('T_MCOaaB', 'RSA_NUM').sqlType).toBe('TEXT');
    expect(column('T_MCOaaC', 'RSA_NUM').sqlType).toBe('TEXT');
    expect(column('T_MCOaaC', 'NIR_RET').sqlType).toBe('INTEGER');
    expect(column('T_MCOaaC', 'DAT_RET').type).toBe('string');
    expect(column('T_MCOaaC', 'DAT_RET').sqlType).toBe('INTEGER');
    for (const def of Object.values(TABLES)) {
      for (const c of def.columns) {
        if (c.name.endsWith('_RET')) expect(c.sqlType).toBe('INTEGER');
        if (def.product.startsWith('PMSI') && ['ETA_NUM', 'RSA_NUM', 'SEQ_NUM', 'RHA_NUM'].includes(c.name)) {
          expect(c.sqlType).toBe('TEXT');
        }
      }
    }
  });

  test('SQL type mapping', () => {
    expect(sqlTypeOf('integer', 'X', false)).toBe('INTEGER');
    expect(sqlTypeOf('boolean', 'X', false)).toBe('INTEGER');
    expect(sqlTypeOf('number', 'X', false)).toBe('REAL');
    for (const t of ['string', 'date', 'year', 'yearmonth', 'datetime'] as const) {
      expect(sqlTypeOf(t, 'X', false)).toBe('TEXT');
    }
    expect(sqlTypeOf('integer', 'ETA_NUM', false)).toBe('INTEGER');
    expect(sqlTypeOf('integer', 'ETA_NUM', true)).toBe('TEXT');
    expect(column('ER_PRS_F', 'FLX_DIS_DTD').sqlType).toBe('TEXT');
  });

  test('an unknown table name throws a SchemaError', () => {
    expect(() => tableDef('ER_XYZ_F')).toThrow(SchemaError);
    expect(() => tableDef('ER_XYZ_F')).toThrow(/unknown SNDS table "ER_XYZ_F"/);
    expect(() => tableDef('T_MCO19B')).toThrow(/T_MCOaaB/);
    expect(() => tableDef('toString')).toThrow(SchemaError);
  });

  test('pmsiTableName', () => {
    expect(pmsiTableName('T_MCOaaB', 2019)).toBe('T_MCO19B');
    expect(pmsiTableName('T_MCOaaUM', 2023)).toBe('T_MCO23UM');
    expect(pmsiTableName('T_MCOaaC', 2005)).toBe('T_MCO05C');
    expect(pmsiTableName('T_SSRaaB', 2019)).toBe('T_SSR19B');
    expect(() => pmsiTableName('ER_PRS_F', 2019)).toThrow(SchemaError);
    expect(() => pmsiTableName('T_MCOaaB', 19)).toThrow(SchemaError);
  });
});

describe('nomenclatures', () => {
  test('IR_NAT_V has the schema columns and > 1000 rows', () => {
    const nat = readNomenclature('IR_NAT_V');
    expect(nat.rows.length).toBeGreaterThan(1000);
    expect(nat.columns).toEqual(tableDef('IR_NAT_V').columns.map((c) => c.name));
    expect(nat.rows.find((r) => r[0] === '1111')?.[3]).toBeDefined();
  });

  test('gzipped nomenclatures are read (IR_CIM_V), quotes included', () => {
    const cim = readNomenclature('IR_CIM_V');
    expect(cim.columns[0]).toBe('CIM_COD');
    expect(cim.rows.length).toBeGreaterThan(18000);
    expect(cim.rows.find((r) => r[0] === 'M653')?.[1]).toBe('"Doigt ""à ressort"""');
  });

  test('a nomenclature without CSV throws a SchemaError', () => {
    expect(() => readNomenclature('IR_PHA_R')).toThrow(SchemaError);
    expect(() => readNomenclature('IR_PHA_R')).toThrow(/no CSV for nomenclature IR_PHA_R/);
  });
});
