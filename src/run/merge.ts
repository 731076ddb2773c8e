import { existsSync, statSync } from 'node:fs';
import { DiskFullError, InputError, isDiskFull } from '../errors';
import { formatOf, MANIFEST_TABLE, manifestRows, quoteIdent } from '../exporters';
import { openOutput, type SndsReader } from '../readback';
import { checkOutput, freeBytes, removeLeftovers } from './output';

/** Options of a merge. */
export interface MergeOptions {
  /** Replace an output already at `out` (else the merge is refused before any work). */
  readonly overwrite?: boolean;
  /** Receives what the merge did beside merging (dead runs' leftovers removed). */
  readonly onNotice?: (level: 'info' | 'warn', message: string) => void;
}

/** What a merge reports. */
export interface MergeSummary {
  readonly out: string;
  readonly shards: number;
  readonly rows: Readonly<Record<string, number>>;
}

interface ShardInfo {
  readonly path: string;
  readonly index: number;
  readonly count: number;
  readonly manifest: ReadonlyMap<string, string>;
  readonly reader: SndsReader;
}

async function readShard(path: string, arg: string): Promise<ShardInfo> {
  if (!existsSync(path)) throw new InputError({ path: arg, message: `file ${path} does not exist: give the shard databases written by \`simulate --shard i/n\`` });
  const reader = await openOutput(path, arg);
  try {
    if (!reader.tables.has(MANIFEST_TABLE.name)) throw new InputError({ path: arg, message: `${path} has no SIM_RUN_MANIFEST table: it was not written by snds-sim simulate` });
    const manifest = reader.manifest;
    const shard = manifest.get('shard');
    const m = shard === undefined ? null : /^(\d+)\/(\d+)$/.exec(shard);
    if (!m) throw new InputError({ path: arg, message: `${path} is not a shard (no "shard" in its manifest): simulate it with --shard i/n` });
    return { path, index: Number(m[1]), count: Number(m[2]), manifest, reader };
  } catch (e) {
    await reader.close();
    throw e;
  }
}

/** Manifest items that must agree between shards (everything but the per-shard counts). */
const PER_SHARD = new Set(['shard', 'persons_simulated', 'rows']);

/** Checks that the shards are 1…n of one scenario, seed and version, in one format. */
function shardProblems(shards: readonly ShardInfo[]): { path: string; message: string }[] {
  const first = shards[0] as ShardInfo;
  const count = first.count;
  const problems: { path: string; message: string }[] = [];
  shards.forEach((s, i) => {
    if (s.count !== count) problems.push({ path: s.path, message: `is shard ${s.index}/${s.count}, others are of ${count}` });
    if (s.index !== i + 1) problems.push({ path: s.path, message: `shards must be 1…${count} exactly once; found ${shards.map((x) => x.index).join(', ')}` });
    if (s.reader.format !== first.reader.format) problems.push({ path: s.path, message: `is a ${s.reader.format} output, shard 1 a ${first.reader.format} one: merge shards written in one format` });
    for (const [k, v] of first.manifest) {
      if (!PER_SHARD.has(k) && s.manifest.get(k) !== v) problems.push({ path: s.path, message: `its ${k} (${s.manifest.get(k)}) differs from shard 1's (${v}): merge shards of one scenario, seed and version` });
    }
  });
  if (shards.length !== count && problems.length === 0) problems.push({ path: '<shard.db>', message: `${shards.length} shards given, ${count} expected` });
  return problems;
}

/**
 * Builds the full output from the outputs of shards 1…n of one scenario, in their format: reference
 * tables are taken once (from shard 1), person tables are appended in shard order — the order a single
 * machine writes them — and the manifest counts are summed, so the result has the same content as a
 * single-machine run. Written by the format's sink: under a temporary name, renamed when complete.
 */
export async function mergeShards(out: string, inputs: readonly string[], options: MergeOptions = {}): Promise<MergeSummary> {
  const overwrite = options.overwrite === true;
  // Before reading the shards; checked again against their format once it is known.
  checkOutput({ out, folder: existsSync(out) && statSync(out).isDirectory(), overwrite, argName: '<out>' });
  if (inputs.length === 0) throw new InputError({ path: '<shard.db>', message: 'give the shard databases to merge' });
  const shards: ShardInfo[] = [];
  try {
    for (const [i, p] of inputs.entries()) shards.push(await readShard(p, `<shard.db> #${i + 1}`));
    shards.sort((a, b) => a.index - b.index);
    const problems = shardProblems(shards);
    if (problems.length > 0) throw new InputError(problems.slice(0, 10));

    const first = shards[0] as ShardInfo;
    const reference = new Set(JSON.parse(first.manifest.get('reference_tables') ?? '[]') as string[]);
    const tables = await first.reader.outputTables();
    // What each shard contributes: its tables present, reference tables from shard 1 only, never its manifest.
    const plan = shards.map((s) => ({
      shard: s,
      tables: tables.map((t) => t.name).filter((t) => t !== MANIFEST_TABLE.name && s.reader.tables.has(t) && (s === first || !reference.has(t))),
    }));
    const rows: Record<string, number> = {};
    for (const t of tables) if (t.name !== MANIFEST_TABLE.name) rows[t.name] = 0;
    let simulated = 0;
    for (const { shard, tables: list } of plan) {
      for (const t of list) {
        const n = await shard.reader.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteIdent(t)}`);
        rows[t] = (rows[t] ?? 0) + Number(n?.n ?? 0);
      }
      simulated += Number(shard.manifest.get('persons_simulated') ?? 0);
    }
    const items: Record<string, unknown> = {};
    for (const [k, v] of first.manifest) {
      if (k === 'shard') continue;
      items[k] = k === 'persons_simulated' ? simulated : k === 'rows' ? reportedRows(rows, shards) : parseJson(v);
    }

    const format = formatOf(first.reader.format);
    checkOutput({ out, folder: format.folder, overwrite, argName: '<out>' });
    const removed = removeLeftovers(out);
    if (removed.length > 0) options.onNotice?.('info', `removed what a dead run left beside ${out}: ${removed.join(', ')}`);
    const free = freeBytes(out);
    const sink = format.create({ path: out });
    try {
      await sink.open(tables);
      for (const { shard, tables: list } of plan) await sink.appendPart(shard.path, { tables: list, keep: true });
      await sink.write([[MANIFEST_TABLE.name, manifestRows(items)]]);
      await sink.close();
    } catch (e) {
      await sink.abort();
      // The merged output is about the sum of the shards.
      if (isDiskFull(e)) throw new DiskFullError(out, shards.reduce((n, s) => n + sizeOf(s.path), 0), free);
      throw e;
    }
    return { out, shards: shards.length, rows };
  } finally {
    for (const s of shards) await s.reader.close();
  }
}

/** Merged row counts of the tables some shard reported rows for (a single run reports the same set). */
function reportedRows(merged: Record<string, number>, shards: readonly ShardInfo[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of shards) {
    for (const k of Object.keys(JSON.parse(s.manifest.get('rows') ?? '{}') as Record<string, number>)) out[k] = merged[k] ?? 0;
  }
  return out;
}

/** Bytes of a shard output (0 when unknown). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Manifest values are JSON except plain strings. */
function parseJson(v: string): unknown {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}
