import { isoDate } from '../events';
import { openReportDatabase, type ReportDatabase } from './database';
import { personYears } from './exposure';
import { aceSection } from './sections/ace';
import { actsSection } from './sections/acts';
import { countsSection } from './sections/counts';
import { aldSection } from './sections/ald';
import { deathsSection } from './sections/deaths';
import { drugsSection } from './sections/drugs';
import { gpSection } from './sections/gp';
import { hospitalSection } from './sections/hospital';
import { ssrSection } from './sections/ssr';
import { birthsSection } from './sections/births';
import { identitySection } from './sections/identity';
import { populationSection } from './sections/population';
import { monthSection, weekdaySection } from './sections/texture';
import { CONSUMERS_PERSON_SUMS, consumersSection, prefetchPersonSums, providersSection } from './sections/consumers';
import { spendingSection } from './sections/spending';
import { LIBERAL_PERSON_SUMS, liberalSection } from './sections/liberal';
import { TRANSPORT_PERSON_SUMS, transportSection } from './sections/transport';
import { DEVICES_PERSON_SUMS, devicesSection } from './sections/devices';
import { drugUsersSection } from './sections/drugUsers';
import { DEFAULT_RULE, describeRule } from './tolerance';
import { describeTargets, differingTables, nationalTargets, runTargets, type Targets, type TargetedDatabase } from './targets';
import type { Report, Section } from './types';

/** The sections in page order. */
export const SECTION_BUILDERS: readonly ((r: TargetedDatabase) => Promise<Section>)[] = [populationSection, deathsSection, aldSection, hospitalSection, birthsSection, aceSection, ssrSection, actsSection, drugsSection, drugUsersSection, gpSection, weekdaySection, monthSection, consumersSection, providersSection, spendingSection, liberalSection, transportSection, devicesSection, countsSection, identitySection];

/**
 * Computes the realism report of an snds-sim database: every comparison of its aggregates with the targets the run
 * was simulated from: the run's `tables` folder (SIM_RUN_MANIFEST options.tables) over `data/`, or `data/` alone.
 * A section whose target tables differ from `data/` is also compared with `data/` (the national open data), for
 * information. Opens the database read-only; throws an InputError naming `argName` when it is missing or
 * not an snds-sim database.
 */
export async function buildReport(path: string, argName = '<db>'): Promise<Report> {
  const r = await openReportDatabase(path, argName);
  try {
    const sections: Section[] = [];
    // One after the other: the sections share one connection.
    const targets = runTargets(r.manifest);
    // data/, for the sections whose tables differ from it (the run's targets themselves when they are data/).
    const national = targets.folder === undefined ? targets : nationalTargets();
    // The sums per person that several sections read, in one scan of ER_PRS_F instead of one each.
    await prefetchPersonSums({ ...r, targets }, [...CONSUMERS_PERSON_SUMS, ...LIBERAL_PERSON_SUMS, ...TRANSPORT_PERSON_SUMS, ...DEVICES_PERSON_SUMS]);
    for (const b of SECTION_BUILDERS) sections.push(await withNational(r, targets, national, b));
    const failed = sections.filter((s) => !s.pass).map((s) => s.id);
    const used = describeTargets(r.manifest, targets, national);
    return {
      database: path,
      generator: String(r.manifest.generator ?? 'snds-sim'),
      period: { start: isoDate(r.start), end: isoDate(r.end) },
      departements: r.departements,
      persons: r.persons.size,
      personYears: personYears(r),
      sections,
      pass: failed.length === 0,
      summary: { sections: sections.length, passed: sections.length - failed.length, failed, targets: used.text },
      targets: used,
      manifest: r.manifest,
      toleranceRule: describeRule(DEFAULT_RULE),
    };
  } finally {
    await r.db.close();
  }
}

/**
 * Builds a section against the run's targets and, when the tables it read differ from data/, again against data/:
 * the second set of comparisons goes to `national`, beside the first, without deciding the section's verdict.
 */
async function withNational(r: ReportDatabase, targets: Targets, national: Targets, build: (r: TargetedDatabase) => Promise<Section>): Promise<Section> {
  // A Targets per section, so that the tables each section reads are known (the parsed tables are shared).
  const own = targets.section();
  const section = await build({ ...r, targets: own });
  for (const n of own.names) targets.read(n);
  const differ = differingTables(own, national);
  if (differ.length === 0) return section;
  const againstData = await build({ ...r, targets: national.section() });
  return { ...section, national: { tables: differ, comparisons: againstData.comparisons, pass: againstData.pass } };
}
