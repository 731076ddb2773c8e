import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError, type InputProblem } from '../errors';

/** The file describing a calibration, written in the output folder. */
export const CALIBRATION_FILE = 'calibration.json';

/** Default smallest number of persons a published cell may rest on (SNDS publication rule). */
export const DEFAULT_MIN_CELL = 10;

/** Default seed of the noise stream. */
export const DEFAULT_CALIBRATION_SEED = 1;

/** Options of `snds-sim calibrate` as typed on the command line. */
export interface RawCalibrateOptions {
  readonly out?: string | undefined;
  readonly epsilon?: string | undefined;
  readonly minCell?: string | undefined;
  readonly seed?: string | undefined;
  /** Replace an earlier calibration in the output folder. */
  readonly overwrite?: boolean | undefined;
}

/** Validated options of a calibration. */
export interface CalibrateOptions {
  /** Output folder (absolute). */
  readonly out: string;
  /** Privacy budget of the Laplace noise on each table's counts; undefined: no noise. */
  readonly epsilon: number | undefined;
  /** Fewest persons a published cell may rest on. */
  readonly minCell: number;
  /** Seed of the noise stream. */
  readonly seed: number;
}

/**
 * Validates the options of `snds-sim calibrate` and reports every problem at once (an InputError naming each option
 * and its fix). The output folder's parent must exist; an existing output folder must be empty, or hold an earlier
 * calibration (its calibration.json) and `overwrite` be given, so that nothing is replaced unasked and no other file ever.
 */
export function resolveCalibrateOptions(raw: RawCalibrateOptions): CalibrateOptions {
  const problems: InputProblem[] = [];
  let out = '';
  if (raw.out === undefined || raw.out.trim() === '') {
    problems.push({ path: '--out', message: 'give the folder to write the calibrated tables into, e.g. --out calibrated' });
  } else {
    out = resolve(raw.out);
    const parent = dirname(out);
    if (!existsSync(parent) || !statSync(parent).isDirectory()) {
      problems.push({ path: '--out', message: `the folder ${parent} does not exist: create it first, or give an --out inside an existing folder` });
    } else if (existsSync(out)) {
      if (!statSync(out).isDirectory()) problems.push({ path: '--out', message: `${out} is a file: give a folder (new, empty, or written by an earlier snds-sim calibrate)` });
      else if (readdirSync(out).length > 0 && !existsSync(join(out, CALIBRATION_FILE))) {
        problems.push({ path: '--out', message: `${out} holds other files and no ${CALIBRATION_FILE}: give a new or empty folder, or one written by snds-sim calibrate` });
      } else if (readdirSync(out).length > 0 && raw.overwrite !== true) {
        problems.push({ path: '--out', message: `${out} already exists: give --overwrite to replace it, or choose another path` });
      }
    }
  }
  let epsilon: number | undefined;
  if (raw.epsilon !== undefined) {
    const text = raw.epsilon.trim();
    const x = /^[0-9]*\.?[0-9]+(e[-+]?[0-9]+)?$/i.test(text) ? Number(text) : NaN;
    if (!(Number.isFinite(x) && x > 0)) problems.push({ path: '--epsilon', message: `expected a number > 0 (the privacy budget of each table, e.g. 1; smaller means more noise), got "${raw.epsilon}"; leave it out for no noise` });
    else epsilon = x;
  }
  let minCell = DEFAULT_MIN_CELL;
  if (raw.minCell !== undefined) {
    const text = raw.minCell.trim();
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < 1) {
      problems.push({ path: '--min-cell', message: `expected a whole number of persons ≥ 1 (default ${DEFAULT_MIN_CELL}, the SNDS publication rule), got "${raw.minCell}"` });
    } else minCell = Number(text);
  }
  let seed = DEFAULT_CALIBRATION_SEED;
  if (raw.seed !== undefined) {
    const text = raw.seed.trim();
    if (!/^\d+$/.test(text) || Number(text) > 4294967295) problems.push({ path: '--seed', message: `expected a whole number from 0 to 4294967295, got "${raw.seed}"` });
    else seed = Number(text);
  }
  if (problems.length > 0) throw new InputError(problems);
  return { out, epsilon, minCell, seed };
}
