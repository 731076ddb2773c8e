/**
 * The command line in tests: the compiled binary in a child process, as users run it, or its `main` in the test's
 * own process for the refusals that end before any simulation.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { repoRoot } from '../../src/util/paths';

/** The compiled command line (`npm test` builds it first). */
export const BIN = join(repoRoot(), 'dist', 'src', 'cli', 'main.js');

/** What a command did: its exit code and what it wrote. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the compiled command line in a child process, in `cwd`, with `env` added to the environment. */
export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the command line's `main` in this process, in `cwd`, capturing what it writes: the same code, checks and
 * messages as the binary, for the usage errors and refusals that end before a simulation starts (a child process
 * costs half a second of loading modules and data tables for each). Not for a run that simulates: its log lines go
 * to the process's standard error, not through the capture.
 */
export async function cliInProcess(args: readonly string[], cwd: string): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const capture =
    (into: string[]): typeof process.stdout.write =>
    (chunk: string | Uint8Array): boolean => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  const before = process.cwd();
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  process.chdir(cwd);
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    process.chdir(before);
    // The commands set process.exitCode for the binary; this process is jest's.
    process.exitCode = undefined;
  }
}
