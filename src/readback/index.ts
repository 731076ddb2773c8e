/**
 * Reading an output back: one layer that opens an snds-sim output (or any SNDS-shaped database)
 * read-only whatever its format, reads its catalogue, manifest and persons, and runs SQL. `check`,
 * `report`, `calibrate` and `merge` read through it; only the format's reader names its library.
 */
export type { SndsReader, ReadPage, ReadRow, ReaderFormat, OutputProbe } from './types';
export { openOutput, READER_FORMATS } from './openOutput';
export { sqliteReader } from './SqliteReader';
export { readPersons, parsedManifest, deptOfResidence, personKey, personKeySql, type OutputPerson, type OutputPersons } from './persons';
export { officialDef, pmsiTemplate, definitionOf } from './definitions';
export { careLines, gpConsultationSql, GP_CONSULTATION_DESCRIBED, GP_CONSULTATION_NATURES, GP_SPECIALTIES, type CareLines } from './careLines';
