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

/**
 * The disk holding an output filled up while it was written (ENOSPC); the partial output was removed.
 * Carries, when known, the estimated size of the output and the space that was free at the start.
 */
export class DiskFullError extends Error {
  readonly code: string = 'DISK_FULL';
  constructor(
    readonly path: string,
    readonly neededBytes?: number,
    readonly freeBytes?: number,
  ) {
    super(
      `no space left on the disk holding ${path}` +
        (neededBytes === undefined ? '' : `: the output needs about ${formatBytes(neededBytes)}`) +
        (freeBytes === undefined ? '' : ` (${formatBytes(freeBytes)} were free at the start)`) +
        '; free some space or write the output elsewhere (--out)',
    );
    this.name = 'DiskFullError';
  }
}

/** A size for messages: 1.2 GB, 350 MB, 12 kB (decimal units, as `df -H`). */
export function formatBytes(n: number): string {
  const units: readonly [number, string][] = [
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB'],
  ];
  for (const [size, unit] of units) if (n >= size) return `${(n / size).toFixed(n >= 10 * size ? 0 : 1)} ${unit}`;
  return `${Math.round(n)} B`;
}

/** True for an error that says the disk is full: Node's ENOSPC, or a sink's DiskFullError. */
export function isDiskFull(e: unknown): boolean {
  if (e instanceof DiskFullError) return true;
  const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return code === 'ENOSPC' || code === 'DISK_FULL';
}
