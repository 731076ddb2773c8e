#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DataError, DiskFullError, InputError, InterruptedError, isDiskFull } from '../errors';
import { availableFormats, DEFAULT_FORMAT, formatOf } from '../exporters/sinks/registry';
import { DEFAULTS, TEXTURES } from '../scenario/defaults';
import { packageVersion } from '../util/paths';
import { DEFAULT_CALIBRATION_SEED, DEFAULT_MIN_CELL } from '../calibrate/options';
import { createLogger, LOG_LEVELS, type LogLevel } from './logger';
import { ProgressBar } from './progress';
import { withInjectedFaults } from './faults';
import { parseShard, parseWorkers } from './flags';
import { load } from './load';

/** Exit codes: 0 success, 1 internal error, 2 bad usage or input; 128 + signal number when interrupted. */
export const EXIT = { ok: 0, internal: 1, usage: 2 } as const;
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

interface SimulateFlags {
  scenario?: string;
  region?: string;
  population?: string;
  seed?: string;
  start?: string;
  end?: string;
  out?: string;
  workers?: string;
  shard?: string;
  counterfactual?: boolean;
  texture?: string;
  format?: string;
  overwrite?: boolean;
  logLevel: LogLevel;
  quiet?: boolean;
}

async function simulate(flags: SimulateFlags): Promise<number> {
  // The flags checked on their own first: a mistyped one is told before the scenario is read.
  const shard = parseShard(flags.shard);
  const workersFlag = parseWorkers(flags.workers);
  const log = createLogger(flags.quiet ? 'warn' : flags.logLevel);
  const resolved = load.scenario().resolveScenario(
    { scenario: flags.scenario, region: flags.region, population: flags.population, seed: flags.seed, start: flags.start, end: flags.end, out: flags.out, counterfactual: flags.counterfactual, texture: flags.texture },
    load.geography().knownDepartements(),
  );
  const { defaultOutFor, defaultWorkersFor, outputFormatFor, runSimulation } = load.run();
  const { file, data } = resolved;
  // --format, else the scenario's format:, else told from the output path.
  const explicit = flags.format ?? file?.format;
  const explicitArg = flags.format !== undefined ? '--format' : 'format';
  const outGiven = flags.out !== undefined || file?.output !== undefined;
  const chosen = outputFormatFor(outGiven || explicit === undefined ? resolved.config.out : '', explicit, explicitArg);
  // Without an output path, the default name follows the format: snds-35.duckdb, snds-35/.
  const config = outGiven ? resolved.config : { ...resolved.config, out: defaultOutFor(resolved.config.out, chosen) };
  const format = withInjectedFaults(chosen);
  const workers = workersFlag ?? file?.workers ?? defaultWorkersFor(resolved.config, shard, chosen);
  log.info({ regions: config.regions, population: config.population ?? 'real', seed: config.seed, out: config.out, workers, shard: flags.shard }, 'simulating');
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
      workers,
      format,
      overwrite: flags.overwrite === true,
      onNotice: (level, message) => (level === 'warn' ? log.warn(message) : log.info(message)),
      data,
      ...(shard ? { shard } : {}),
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

interface CheckFlags {
  json?: boolean;
  examples: string;
  only?: string;
}

/** `snds-sim check <db>`: exit 0 when clean, 1 on any violation (bad usage throws an InputError: exit 2). */
async function check(db: string, flags: CheckFlags): Promise<number> {
  const examples = Number(flags.examples);
  if (!/^\d+$/.test(flags.examples) || !Number.isSafeInteger(examples)) {
    throw new InputError({ path: '--examples', message: `expected a whole number of examples per check, got "${flags.examples}"` });
  }
  const only = flags.only === undefined ? undefined : flags.only.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const { checkDatabase, formatReport } = load.check();
  const report = await checkDatabase(db, only === undefined ? { examples } : { examples, only });
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.ok ? EXIT.ok : EXIT.internal;
}

interface ReportFlags {
  out?: string;
  json?: string;
  failOnDrift?: boolean;
}

/**
 * `snds-sim report <db> --out <html> [--json <json>]` (either or both): exit 0 whatever the result, unless
 * --fail-on-drift (then 1 on any failed comparison). The report's own files are replaced: they are derived, cheap to redo.
 */
async function report(db: string, flags: ReportFlags): Promise<number> {
  const out = flags.out === '' ? undefined : flags.out;
  const json = flags.json === '' ? undefined : flags.json;
  if (out === undefined && json === undefined) throw new InputError({ path: '--out', message: 'give the HTML file to write, e.g. --out report.html, or the JSON file, e.g. --json report.json' });
  const r = await load.report().writeReport(db, { ...(out === undefined ? {} : { out }), ...(json === undefined ? {} : { json }) });
  const written = [out, json].filter((f): f is string => f !== undefined).join(' and ');
  process.stderr.write(`wrote ${written}: ${r.summary.passed} of ${r.summary.sections} sections within tolerance${r.pass ? '' : ` (failed: ${r.summary.failed.join(', ')})`}\n`);
  return flags.failOnDrift === true && !r.pass ? EXIT.internal : EXIT.ok;
}

interface CalibrateFlags {
  out?: string;
  epsilon?: string;
  minCell?: string;
  seed?: string;
  overwrite?: boolean;
  quiet?: boolean;
}

/** `snds-sim calibrate <db> --out <dir>`: exit 0 when written (bad usage or input throws an InputError: exit 2). */
async function calibrate(db: string, flags: CalibrateFlags): Promise<number> {
  const notice = (_level: 'info' | 'warn', message: string): void => {
    if (flags.quiet !== true) process.stderr.write(`${message}\n`);
  };
  const r = await load.calibrate().calibrate(db, { out: flags.out, epsilon: flags.epsilon, minCell: flags.minCell, seed: flags.seed, overwrite: flags.overwrite }, notice);
  if (flags.quiet !== true) {
    const skipped = r.report.tables.filter((t) => !t.written).map((t) => `${t.file} (${t.reason ?? 'not written'})`);
    process.stderr.write(`wrote ${r.report.files.length} tables and calibration.json to ${r.out}${skipped.length > 0 ? `; not written: ${skipped.join('; ')}` : ''}\n`);
  }
  return EXIT.ok;
}

/** `snds-sim merge <out> <shard>...`. */
async function merge(out: string, shards: string[], quiet: boolean, overwrite: boolean): Promise<number> {
  const summary = await load.run().mergeShards(out, shards, {
    overwrite,
    onNotice: (_level, message) => {
      if (!quiet) process.stderr.write(`${message}\n`);
    },
  });
  if (!quiet) process.stderr.write(`merged ${summary.shards} shards into ${out}\n`);
  return EXIT.ok;
}

/** `snds-sim scenario validate|show <file>`. */
function scenario(action: 'validate' | 'show', path: string): number {
  const { describeConfig, resolveScenario } = load.scenario();
  const { config } = resolveScenario({ scenario: path }, load.geography().knownDepartements());
  if (action === 'validate') process.stdout.write(`${path}: valid\n`);
  else process.stdout.write(`${JSON.stringify({ ...describeConfig(config), output: config.out }, null, 2)}\n`);
  return EXIT.ok;
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
    .description('simulate persons of one or more départements and write an SNDS-shaped database (SQLite, DuckDB or Parquet)')
    .option('--scenario <file>', 'scenario file (JSON or YAML); the flags below override it')
    .option('--region <codes>', `département codes, comma-separated (35, 22,29,35,56, 2A) (default: "${DEFAULTS.region}")`)
    .option('--population <n>', 'persons alive at the start, sampled in proportion to the real population (default: the real population)')
    .option('--seed <n>', `random seed (default: ${DEFAULTS.seed})`)
    .option('--start <YYYY-MM-DD>', `first simulated day (default: ${DEFAULTS.start})`)
    .option('--end <YYYY-MM-DD>', `last simulated day (default: ${DEFAULTS.end})`)
    .option('--out <path>', 'output: a SQLite file (.db, .sqlite), a DuckDB file (.duckdb) or a Parquet folder (ending in /) (default: snds-<region>.db); an existing one is replaced only with --overwrite')
    .option('--overwrite', 'replace the output if it exists (the old one stays until the new one is complete)')
    .addOption(new Option('--format <name>', 'output format (default: told from --out, else sqlite)').choices(availableFormats()))
    .option('--workers <n>', `worker threads simulating persons (default: the number of cores, but one per ${formatOf(DEFAULT_FORMAT).personYearsPerWorker} person-years at most, ${formatOf('parquet').personYearsPerWorker} for Parquet and ${formatOf('duckdb').personYearsPerWorker} for DuckDB); the tables are the same for any number`)
    .option('--shard <i/n>', 'simulate only shard i of n (1-based) of the persons, for clusters; combine with `merge`')
    .option('--counterfactual', "switch off the effects of the scenario's interventions (same random numbers: only the persons the effects touched differ)")
    .addOption(new Option('--texture <name>', 'whether the administrative artefacts of the SNDS that analysts filter out are written (realistic: information, supplement and regularisation lines, directly billed hospital care, several BEN_NIR_PSA per person, retroceded drugs) or not (clean); recorded in the run manifest (default: realistic)').choices([...TEXTURES]))
    .addOption(
      new Option('--log-level <level>', 'log level').choices(LOG_LEVELS as unknown as string[]).default('info'),
    )
    .option('--quiet', 'no progress bar, warnings and errors only')
    .action(async (flags: SimulateFlags) => {
      process.exitCode = await simulate(flags);
    });

  program
    .command('merge')
    .description('merge the shard databases of one scenario (simulate --shard i/n) into the full database')
    .argument('<out>', 'output file, in the format of the shards; an existing one is replaced only with --overwrite')
    .argument('<shards...>', 'the shard databases, 1/n to n/n')
    .option('--overwrite', 'replace <out> if it exists')
    .option('--quiet', 'no message')
    .action(async (out: string, shards: string[], flags: { quiet?: boolean; overwrite?: boolean }) => {
      process.exitCode = await merge(out, shards, flags.quiet === true, flags.overwrite === true);
    });

  program
    .command('convert')
    .description('write an output (SQLite, DuckDB or Parquet) in another format, with the same table contents')
    .argument('<in>', 'output to read: a SQLite or DuckDB file, or a Parquet folder')
    .argument('<out>', 'output to write: .db/.sqlite (SQLite), .duckdb (DuckDB) or a folder ending in / (Parquet); an existing one is replaced only with --overwrite')
    .addOption(new Option('--format <name>', 'output format (default: told from <out>)').choices(availableFormats()))
    .option('--overwrite', 'replace <out> if it exists (the old one stays until the new one is complete)')
    .option('--quiet', 'no message')
    .action(async (input: string, out: string, flags: { format?: string; overwrite?: boolean; quiet?: boolean }) => {
      const summary = await load.run().convertFile(input, out, {
        ...(flags.format === undefined ? {} : { format: flags.format }),
        overwrite: flags.overwrite === true,
        onNotice: (_level, message) => {
          if (flags.quiet !== true) process.stderr.write(`${message}\n`);
        },
      });
      if (flags.quiet !== true) process.stderr.write(`wrote ${out} (${summary.format}, ${Object.keys(summary.rows).length} tables)\n`);
      process.exitCode = EXIT.ok;
    });

  const sc = program.command('scenario').description('validate or show scenario files');
  sc.command('validate')
    .description('check a scenario file; every problem is reported with its path (exit 2 when invalid)')
    .argument('<file>', 'scenario file (JSON or YAML)')
    .action((file: string) => {
      process.exitCode = scenario('validate', file);
    });
  sc.command('show')
    .description('print the resolved scenario, with defaults filled in, as JSON')
    .argument('<file>', 'scenario file (JSON or YAML)')
    .action((file: string) => {
      process.exitCode = scenario('show', file);
    });

  program
    .command('check')
    .description('check an SNDS database against the official schemas, keys and temporal invariants (exit 0 clean, 1 violations, 2 bad usage)')
    .argument('<db>', 'output to check: a SQLite or DuckDB file, or a Parquet folder (opened read-only)')
    .option('--json', 'print the report as JSON')
    .option('--examples <n>', 'examples shown per failing check', '5')
    .option('--only <prefixes>', 'run only the checks whose id starts with one of these comma-separated prefixes (e.g. pk.,fk.dcir)')
    .action(async (db: string, flags: CheckFlags) => {
      process.exitCode = await check(db, flags);
    });

  program
    .command('report')
    .description('write an HTML realism report comparing the database with the open-data targets (exit 0; with --fail-on-drift 1 when a comparison fails; 2 bad usage)')
    .argument('<db>', 'output of snds-sim simulate: a SQLite or DuckDB file, or a Parquet folder (opened read-only)')
    .option('--out <file>', 'HTML file to write (self-contained, printable); replaced if it exists')
    .option('--json <file>', 'write the comparisons as JSON (with or without --out); replaced if it exists')
    .option('--fail-on-drift', 'exit 1 when any comparison is outside its tolerance')
    .action(async (db: string, flags: ReportFlags) => {
      process.exitCode = await report(db, flags);
    });

  program
    .command('calibrate')
    .description('compute from an SNDS database the rate tables the simulator reads (for a scenario\'s `tables` folder), with small-cell suppression and optional Laplace noise (exit 0; 2 bad usage)')
    .argument('<db>', 'SNDS-shaped database: a SQLite or DuckDB file, or a Parquet folder (opened read-only)')
    .option('--out <dir>', 'folder to write the tables and calibration.json into (its parent must exist); an earlier calibration there is replaced only with --overwrite')
    .option('--overwrite', 'replace the earlier calibration in --out')
    .option('--epsilon <e>', 'add Laplace noise of scale sensitivity/e to the counts of each table (default: no noise)')
    .option('--min-cell <n>', `fewest persons a published cell may rest on (default: ${DEFAULT_MIN_CELL})`)
    .option('--seed <n>', `seed of the noise (default: ${DEFAULT_CALIBRATION_SEED})`)
    .option('--quiet', 'no message')
    .action(async (db: string, flags: CalibrateFlags) => {
      process.exitCode = await calibrate(db, flags);
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
    if (e instanceof DiskFullError || isDiskFull(e)) {
      // The message of a DiskFullError names the space needed; a bare ENOSPC says where it struck.
      process.stderr.write(`snds-sim: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT.internal;
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
