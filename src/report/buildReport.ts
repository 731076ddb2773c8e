import { isoDate } from '../events';
import { openReportDatabase, type ReportDatabase } from './database';
import { personYears } from './exposure';
import { actsSection } from './sections/acts';
import { aldSection } from './sections/ald';
import { deathsSection } from './sections/deaths';
import { drugsSection } from './sections/drugs';
import { gpSection } from './sections/gp';
import { hospitalSection } from './sections/hospital';
import { populationSection } from './sections/population';
import { monthSection, weekdaySection } from './sections/texture';
import { DEFAULT_RULE, describeRule } from './tolerance';
import type { Report, Section } from './types';

/** The sections in page order. */
export const SECTION_BUILDERS: readonly ((r: ReportDatabase) => Promise<Section>)[] = [populationSection, deathsSection, aldSection, hospitalSection, actsSection, drugsSection, gpSection, weekdaySection, monthSection];

/**
 * Computes the realism report of an snds-sim database: every comparison of its aggregates with the open-data
 * targets of `data/`. Opens the database read-only; throws an InputError naming `argName` when it is missing or
 * not an snds-sim database.
 */
export async function buildReport(path: string, argName = '<db>'): Promise<Report> {
  const r = await openReportDatabase(path, argName);
  try {
    const sections: Section[] = [];
    // One after the other: the sections share one connection.
    for (const b of SECTION_BUILDERS) sections.push(await b(r));
    const failed = sections.filter((s) => !s.pass).map((s) => s.id);
    return {
      database: path,
      generator: String(r.manifest.generator ?? 'snds-sim'),
      period: { start: isoDate(r.start), end: isoDate(r.end) },
      departements: r.departements,
      persons: r.persons.size,
      personYears: personYears(r),
      sections,
      pass: failed.length === 0,
      summary: { sections: sections.length, passed: sections.length - failed.length, failed },
      manifest: r.manifest,
      toleranceRule: describeRule(DEFAULT_RULE),
    };
  } finally {
    await r.db.close();
  }
}
