import { dcirKeyIndex, keyColumns, setKeys, type DcirKeys } from '../../src/exporters/snds/claims';
import type { Row } from '../../src/exporters/sinks/Sink';
import { DCIR_INDEX_KEYS, DCIR_KEYS } from '../../src/snds';

test('setKeys writes each of the nine keys at its own column, whatever the order of the columns', () => {
  // A different value for each key, so that two keys written at each other's place fail.
  const keys: DcirKeys = {
    FLX_DIS_DTD: '2019-02-01',
    FLX_TRT_DTD: '2019-01-15',
    FLX_EMT_TYP: 1,
    FLX_EMT_NUM: 12,
    FLX_EMT_ORD: 3,
    ORG_CLE_NUM: '01C351000',
    DCT_ORD_NUM: 4567,
    PRS_ORD_NUM: 8,
    REM_TYP_AFF: 9,
    trtDay: 17911,
  };
  const columns = ['BEFORE', ...[...DCIR_KEYS].reverse(), 'AFTER'];
  const row: Row = columns.map(() => null);
  setKeys(row, keyColumns((name) => columns.indexOf(name)), keys);
  expect(Object.fromEntries(columns.map((c, i) => [c, row[i]]))).toEqual({ BEFORE: null, AFTER: null, ...Object.fromEntries(DCIR_KEYS.map((k) => [k, keys[k]])) });
});

test('the DCIR indexes hold the nine keys once each, the most selective (the person’s DCT_ORD_NUM) first', () => {
  expect([...DCIR_INDEX_KEYS].sort()).toEqual([...DCIR_KEYS].sort());
  expect(DCIR_INDEX_KEYS[0]).toBe('DCT_ORD_NUM');
  expect(dcirKeyIndex(true)).toEqual({ columns: [...DCIR_INDEX_KEYS], unique: true });
  expect(dcirKeyIndex(false).unique).toBe(false);
});
