/** Drug referential and dispensing model. */
export { DrugModel } from './DrugModel';
export { readDrugReferential, boxDays, refillBoxes, refillInterval, DEFAULT_BOX_DAYS, MAX_BOX_DAYS, MIN_REFILL_DAYS } from './DrugReferential';
export type { Drug, DrugReferential } from './DrugReferential';
export { calibrateDispensing, drugAgeBand } from './calibrateDispensing';
export type { AldTreatment, AldLines, BySexBand, DispensingCalibration, DispensingInputs } from './calibrateDispensing';
export type { DrugPool } from './DrugPool';
export { Retrocession, RETROCEDED_ATC, RETROCESSION_SHARE, firstWord, type Ucd } from './Retrocession';
export { ageCell, AGE_CELLS, calibrateConditions, heldShare, latentLines, latentP, readConditionSpecs } from './DrugConditions';
export type { DrugCondition } from './DrugConditions';
export { fitMix, readProfiles } from './DrugMix';
export type { ClassProfile, MixCell } from './DrugMix';
