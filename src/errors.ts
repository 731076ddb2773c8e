/**
 * Typed errors with a stable code. Only the CLI maps them to exit codes: an `InputError` is the
 * user's to fix (exit 2), anything else is an internal error (exit 1).
 */

/** One problem found in the user's input: where it is and what to do. */
export interface InputProblem {
  /** Path of the offending field, e.g. `--population` or `modules[2].transitions[0].to`. */
  readonly path: string;
  /** What is wrong and what is expected. */
  readonly message: string;
}

/** Bad usage or input: the message names the option/field and the fix. */
export class InputError extends Error {
  readonly code: string = 'INPUT_ERROR';
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[] | InputProblem) {
    const list = Array.isArray(problems) ? (problems as readonly InputProblem[]) : [problems as InputProblem];
    super(list.map((p) => `${p.path}: ${p.message}`).join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

/** A required data file is missing or malformed (the installation is broken, not the input). */
export class DataError extends Error {
  readonly code: string = 'DATA_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** The run was interrupted by a signal; nothing was left under the final output name. */
export class InterruptedError extends Error {
  readonly code: string = 'INTERRUPTED';
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.name = 'InterruptedError';
  }
}
