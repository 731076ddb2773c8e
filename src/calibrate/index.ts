/**
 * `snds-sim calibrate`: the rate tables the simulator reads (GP consultations, MCO stays, ALD prevalence, mortality,
 * drug boxes), computed from the SNDS tables of any SNDS-shaped database in the format of data/, under the SNDS
 * small-cell rule and with optional Laplace noise, for a scenario's `tables` folder.
 */
export { calibrate, computeCalibration, fileBytes, TABLE_BUILDERS, type CalibrationReport, type CalibrationResult } from './calibrate';
export { resolveCalibrateOptions, CALIBRATION_FILE, DEFAULT_MIN_CELL, DEFAULT_CALIBRATION_SEED, type CalibrateOptions, type RawCalibrateOptions } from './options';
export { openCalibrationSource, type CalibrationSource, type CalibrationPerson, type PeriodSource } from './source';
export { AgeGrid, CellGrid, publish, type Measure, type PublishedCell, type Publication, type SeriesKey } from './cells';
export { laplace } from './noise';
export type { CalibratedFile, CalibrationContext, CellDescription, TableDescription, TableOutcome } from './types';
