import { openReportDatabase } from '../../src/report/database';
import { CONSUMERS_PERSON_SUMS, perPerson, prefetchPersonSums, type PersonSum } from '../../src/report/sections/consumers';
import { DEVICES_PERSON_SUMS } from '../../src/report/sections/devices';
import { LIBERAL_PERSON_SUMS } from '../../src/report/sections/liberal';
import { TRANSPORT_PERSON_SUMS } from '../../src/report/sections/transport';
import { nationalTargets, type TargetedDatabase } from '../../src/report/targets';
import { sharedDatabase } from '../helpers/simulate';

/** The shared small database (700 persons, 2019) as the report's sections see it. */
async function open(): Promise<TargetedDatabase> {
  return { ...(await openReportDatabase(sharedDatabase('small'))), targets: nationalTargets() };
}

describe('sums per person of the care lines, computed together in one scan (prefetchPersonSums)', () => {
  const sums: PersonSum[] = [
    ...CONSUMERS_PERSON_SUMS,
    ...LIBERAL_PERSON_SUMS,
    ...TRANSPORT_PERSON_SUMS,
    ...DEVICES_PERSON_SUMS,
    // Lines of no one: no person gets a value. Lines whose summed column is empty: their persons get 0.
    { value: 'SUM(p.PRS_ACT_QTE)', where: 'p.PRS_NAT_REF = -1' },
    { value: 'SUM(p.PRS_PAI_MNT * NULL)', where: 'p.PRS_NAT_REF IN (3311, 3312, 3313, 3341)' },
  ];

  it('gives each sum what its own GROUP BY gives: the same persons, the same values', async () => {
    const together = await open();
    const alone = await open();
    try {
      await prefetchPersonSums(together, sums);
      for (const s of sums) {
        // `+ 0` makes the value other than a plain SUM(…): computed by a scan of its own.
        const own = await perPerson(alone, `${s.value} + 0`, s.where);
        expect({ sum: s, persons: [...(await perPerson(together, s.value, s.where))].sort((a, b) => a[0] - b[0]) }).toEqual({ sum: s, persons: [...own].sort((a, b) => a[0] - b[0]) });
      }
      // The sums exercise both cases above.
      expect((await perPerson(together, 'SUM(p.PRS_ACT_QTE)', 'p.PRS_NAT_REF = -1')).size).toBe(0);
      const nulls = await perPerson(together, 'SUM(p.PRS_PAI_MNT * NULL)', 'p.PRS_NAT_REF IN (3311, 3312, 3313, 3341)');
      expect(nulls.size).toBeGreaterThan(0);
      expect(new Set(nulls.values())).toEqual(new Set([0]));
    } finally {
      await together.db.close();
      await alone.db.close();
    }
  });

  it('hands out copies: a section adding to its map does not change what the next one reads', async () => {
    const r = await open();
    try {
      const [gp] = CONSUMERS_PERSON_SUMS as [PersonSum];
      const first = await perPerson(r, gp.value, gp.where);
      const before = new Map(first);
      first.set(-1, 1e9);
      first.clear();
      expect(await perPerson(r, gp.value, gp.where)).toEqual(before);
      expect(before.size).toBeGreaterThan(0);
    } finally {
      await r.db.close();
    }
  });
});
