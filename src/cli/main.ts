#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DataError, InputError, InterruptedError } from '../errors';
import { runSimulation } from '../run';
import { resolveConfig, DEFAULTS } from '../scenario';
import { packageVersion } from '../util/paths';
import { DataRegistry, knownDepartements } from '../world';
import { createLogger, LOG_LEVELS, type LogLevel } from './logger';
import { ProgressBar } from './progress';

/** Exit codes: 0 success, 1 internal error, 2 bad usage or input; 128 + signal number when interrupted. */
export const EXIT = { ok: 0, internal: 1, usage: 2 } as const;
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

interface SimulateFlags {
  region: string;
  population?: string;
  seed?: string;
  start: string;
  end: string;
  out?: string;
  logLevel: LogLevel;
  quiet?: boolean;
}

async function simulate(flags: SimulateFlags): Promise<number> {
  const log = createLogger(flags.quiet ? 'warn' : flags.logLevel);
  const config = resolveConfig(
    { region: flags.region, population: flags.population, seed: flags.seed, start: flags.start, end: flags.end, out: flags.out },
    knownDepartements(new DataRegistry()),
  );
  log.info({ regions: config.regions, population: config.population ?? 'real', seed: config.seed, out: config.out }, 'simulating');
  let signal: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals): void => {
    signal = s;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const bar = new ProgressBar('simulate', !flags.quiet);
  const t0 = Date.now();
  try {
    const summary = await runSimulation(config, {
      onProgress: (p) => bar.update(p.done, p.total),
      interrupted: () => signal,
    });
    bar.done();
    log.info({ ...summary, seconds: (Date.now() - t0) / 1000 }, `wrote ${config.out}`);
    return EXIT.ok;
  } catch (e) {
    bar.done();
    if (e instanceof InterruptedError) {
      log.error(`interrupted by ${e.signal}: the run was stopped and ${config.out} was not written (partial output removed)`);
      return SIGNAL_EXIT[e.signal] ?? EXIT.internal;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The command-line program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('snds-sim')
    .description('Simulates a French population and writes a synthetic SNDS database.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('simulate')
    .description('simulate persons of one or more départements and write an SNDS-shaped SQLite database')
    .option('--region <codes>', 'département codes, comma-separated (35, 22,29,35,56, 2A)', DEFAULTS.region)
    .option('--population <n>', 'persons alive at the start, sampled in proportion to the real population (default: the real population)')
    .option('--seed <n>', 'random seed', String(DEFAULTS.seed))
    .option('--start <YYYY-MM-DD>', 'first simulated day', DEFAULTS.start)
    .option('--end <YYYY-MM-DD>', 'last simulated day', DEFAULTS.end)
    .option('--out <file>', 'output SQLite file (default: snds-<region>.db)')
    .addOption(
      new Option('--log-level <level>', 'log level').choices(LOG_LEVELS as unknown as string[]).default('info'),
    )
    .option('--quiet', 'no progress bar, warnings and errors only')
    .action(async (flags: SimulateFlags) => {
      process.exitCode = await simulate(flags);
    });
  return program;
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof InvalidArgumentError || e instanceof InputError) {
      process.stderr.write(`snds-sim: invalid input\n${e.message.split('\n').map((l) => `  ${l}`).join('\n')}\n`);
      return EXIT.usage;
    }
    if (e instanceof DataError) {
      process.stderr.write(`snds-sim: data error: ${e.message}\n`);
      return EXIT.internal;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    process.stderr.write(`snds-sim: internal error: ${err.stack ?? err.message}\n`);
    return EXIT.internal;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
