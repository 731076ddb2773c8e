/**
 * Nothing lost, nothing left behind: what every command writing an output checks before any work
 * (an existing output is replaced only on request, the folder exists and is writable, another live
 * run is not writing there), the leftovers of dead runs it removes, and the space it expects to need.
 */
import { accessSync, constants, existsSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { formatBytes, InputError } from '../errors';

/** Prefix of the folders where worker threads write their batches, beside the output: `.snds-sim-batches-<pid>-XXXXXX`. */
export const BATCH_DIR_PREFIX = '.snds-sim-batches-';

/** What to write and how. */
export interface OutputTarget {
  /** Final path of the output. */
  readonly out: string;
  /** True when the output is a folder (Parquet, a calibration), false for a file. */
  readonly folder: boolean;
  /** Replace an existing output of the same kind. */
  readonly overwrite: boolean;
  /** Option naming the output in messages (`--out`, `<out>`). */
  readonly argName: string;
}

/** True when a process with this id runs (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A leftover of a run beside an output: its path and the pid of the run that wrote it (undefined when unknown). */
interface Leftover {
  readonly path: string;
  readonly pid: number | undefined;
  readonly kind: 'partial output' | 'batch folder';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Temporary outputs and batch folders in the output's folder: `<out>.<pid>.partial` (with the `-journal`, `-wal`,
 * `-shm` files a SQLite library may add, DuckDB's `.wal` and its `.tmp` folder of spilled buffers), the `<out>.partial`
 * of earlier versions (owner unknown: a run of an earlier version removed it on start too), and
 * `.snds-sim-batches-<pid>-*`.
 */
function leftovers(out: string): Leftover[] {
  const dir = dirname(resolve(out));
  const name = escapeRegExp(basename(out));
  const partial = new RegExp(`^${name}(?:\\.(\\d+))?\\.partial(?:-journal|-wal|-shm|\\.wal|\\.tmp|\\.csv)?$`);
  const batches = new RegExp(`^${escapeRegExp(BATCH_DIR_PREFIX)}(\\d+)-`);
  const found: Leftover[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const e of entries) {
    const p = partial.exec(e);
    if (p) found.push({ path: join(dir, e), pid: p[1] === undefined ? undefined : Number(p[1]), kind: 'partial output' });
    const b = batches.exec(e);
    if (b) found.push({ path: join(dir, e), pid: Number(b[1]), kind: 'batch folder' });
  }
  return found;
}

/**
 * Checks, before any work, that the output can be written: its folder exists and is writable, an
 * output already there is replaced only with `overwrite` (and only by one of the same kind: a file by a
 * file), and no live run is writing the same output. Throws an InputError naming `argName` with the fix.
 */
export function checkOutput(target: OutputTarget): void {
  const { out, argName } = target;
  const bad = (message: string): InputError => new InputError({ path: argName, message });
  if (out.trim() === '') throw bad('expected a path, e.g. snds-35.db');
  const dir = dirname(resolve(out));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw bad(`the folder ${dir} does not exist: create it or choose another path`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw bad(`cannot write in the folder ${dir} (permission denied): choose another path`);
  }
  if (existsSync(out)) {
    const isFolder = statSync(out).isDirectory();
    if (isFolder && !target.folder) throw bad(`${out} is a folder: give the path of a file to write, e.g. ${join(out, 'snds.db')}`);
    if (!isFolder && target.folder) throw bad(`${out} is a file, and this output is a folder: give another path`);
    // An empty folder is where a folder output (Parquet) is asked to go, not an output to replace.
    const emptyFolder = isFolder && readdirSync(out).length === 0;
    if (!target.overwrite && !emptyFolder) throw bad(`${out} already exists: give --overwrite to replace it, or choose another path`);
  }
  for (const l of leftovers(out)) {
    if (l.kind === 'partial output' && l.pid !== undefined && l.pid !== process.pid && processAlive(l.pid)) {
      throw bad(`another snds-sim run (pid ${l.pid}) is writing ${out} (${l.path}): wait for it to end or choose another path; if no run is writing it, remove ${l.path}`);
    }
  }
}

/**
 * Removes what dead runs left beside the output (a run killed by SIGKILL cannot clean up): partial
 * outputs of the same name and batch folders whose writing process is gone. Files of live processes
 * are left alone. Returns the removed paths, for a log line.
 */
export function removeLeftovers(out: string): string[] {
  const removed: string[] = [];
  for (const l of leftovers(out)) {
    // A batch folder without a live owner is a dead run's; a partial of this very process is an earlier attempt's.
    const stale = l.pid === undefined ? l.kind === 'partial output' : l.pid === process.pid ? l.kind === 'partial output' : !processAlive(l.pid);
    if (!stale) continue;
    rmSync(l.path, { recursive: true, force: true });
    removed.push(l.path);
  }
  return removed;
}

/** Free bytes for an unprivileged user on the disk holding `path`'s folder, or undefined when unknown. */
export function freeBytes(path: string): number | undefined {
  try {
    const s = statfsSync(dirname(resolve(path)));
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/** A warning when the free space is below the estimated size of the output, else undefined. */
export function spaceWarning(out: string, neededBytes: number, free: number | undefined): string | undefined {
  if (free === undefined || free >= neededBytes) return undefined;
  return `only ${formatBytes(free)} free on the disk holding ${out}, and the output needs about ${formatBytes(neededBytes)}: the run will probably fail for lack of space; free some space or write elsewhere (--out)`;
}
