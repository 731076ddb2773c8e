import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { InputError } from '../errors';
import { manifestRows, quoteIdent } from '../exporters';

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
  readonly manifest: Map<string, string>;
}

function readShard(path: string, arg: string): ShardInfo {
  if (!existsSync(path)) throw new InputError({ path: arg, message: `file ${path} does not exist: give the shard databases written by \`simulate --shard i/n\`` });
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.prepare('SELECT 1 FROM sqlite_master').get();
  } catch {
    throw new InputError({ path: arg, message: `${path} is not a SQLite database` });
  }
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'SIM_RUN_MANIFEST'").get();
    if (!has) throw new InputError({ path: arg, message: `${path} has no SIM_RUN_MANIFEST table: it was not written by snds-sim simulate` });
    const manifest = new Map((db.prepare('SELECT KEY, VALUE FROM SIM_RUN_MANIFEST').raw().all() as [string, string][]).map(([k, v]) => [k, v]));
    const shard = manifest.get('shard');
    const m = shard === undefined ? null : /^(\d+)\/(\d+)$/.exec(shard);
    if (!m) throw new InputError({ path: arg, message: `${path} is not a shard (no "shard" in its manifest): simulate it with --shard i/n` });
    return { path, index: Number(m[1]), count: Number(m[2]), manifest };
  } finally {
    db.close();
  }
}

/** Manifest items that must agree between shards (everything but the per-shard counts). */
const PER_SHARD = new Set(['shard', 'persons_simulated', 'rows']);

/**
 * Builds the full database from the databases of shards 1…n of one scenario: reference tables are
 * taken once (from shard 1), person tables are concatenated in shard order — the order a single
 * machine writes them — and the manifest counts are summed, so the result has the same content as a
 * single-machine run. Written under a temporary name and renamed when complete.
 */
export function mergeShards(out: string, inputs: readonly string[]): MergeSummary {
  if (inputs.length === 0) throw new InputError({ path: '<shard.db>', message: 'give the shard databases to merge' });
  const shards = inputs.map((p, i) => readShard(p, `<shard.db> #${i + 1}`)).sort((a, b) => a.index - b.index);
  const count = (shards[0] as ShardInfo).count;
  const problems: { path: string; message: string }[] = [];
  shards.forEach((s, i) => {
    if (s.count !== count) problems.push({ path: s.path, message: `is shard ${s.index}/${s.count}, others are of ${count}` });
    if (s.index !== i + 1) problems.push({ path: s.path, message: `shards must be 1…${count} exactly once; found ${shards.map((x) => x.index).join(', ')}` });
    for (const [k, v] of (shards[0] as ShardInfo).manifest) {
      if (!PER_SHARD.has(k) && s.manifest.get(k) !== v) problems.push({ path: s.path, message: `its ${k} (${s.manifest.get(k)}) differs from shard 1's (${v}): merge shards of one scenario, seed and version` });
    }
  });
  if (shards.length !== count && problems.length === 0) problems.push({ path: '<shard.db>', message: `${shards.length} shards given, ${count} expected` });
  if (problems.length > 0) throw new InputError(problems.slice(0, 10));

  const first = shards[0] as ShardInfo;
  const reference = new Set(JSON.parse(first.manifest.get('reference_tables') ?? '[]') as string[]);
  const tmp = `${out}.partial`;
  if (existsSync(tmp)) rmSync(tmp);
  const db = new Database(tmp);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('page_size = 8192');
    db.prepare('ATTACH DATABASE ? AS s1').run(first.path);
    const schema = db.prepare("SELECT name, sql FROM s1.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as { name: string; sql: string }[];
    const indexes = db.prepare("SELECT sql FROM s1.sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid").pluck().all() as string[];
    db.exec('DETACH DATABASE s1');
    for (const t of schema) db.exec(t.sql);

    const rows: Record<string, number> = {};
    const persons = { simulated: 0 };
    for (const s of shards) {
      db.prepare('ATTACH DATABASE ? AS src').run(s.path);
      db.transaction(() => {
        for (const t of schema) {
          if (t.name === 'SIM_RUN_MANIFEST') continue;
          if (reference.has(t.name) && s !== first) continue;
          const present = db.prepare("SELECT 1 FROM src.sqlite_master WHERE type = 'table' AND name = ?").get(t.name);
          if (!present) continue;
          db.exec(`INSERT INTO main.${quoteIdent(t.name)} SELECT * FROM src.${quoteIdent(t.name)} ORDER BY rowid`);
        }
      })();
      db.exec('DETACH DATABASE src');
      persons.simulated += Number(s.manifest.get('persons_simulated') ?? 0);
    }
    for (const t of schema) {
      if (t.name === 'SIM_RUN_MANIFEST') continue;
      rows[t.name] = db.prepare(`SELECT COUNT(*) FROM ${quoteIdent(t.name)}`).pluck().get() as number;
    }
    const items: Record<string, unknown> = {};
    for (const [k, v] of first.manifest) {
      if (k === 'shard') continue;
      items[k] = k === 'persons_simulated' ? persons.simulated : k === 'rows' ? reportedRows(rows, shards) : parseJson(v);
    }
    const insert = db.prepare('INSERT INTO SIM_RUN_MANIFEST VALUES (?, ?)');
    for (const r of manifestRows(items)) insert.run(r);
    for (const sql of indexes) db.exec(sql);
    db.exec('ANALYZE');
    db.close();
    renameSync(tmp, out);
    return { out, shards: shards.length, rows };
  } catch (e) {
    if (db.open) db.close();
    if (existsSync(tmp)) rmSync(tmp);
    throw e;
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

/** Manifest values are JSON except plain strings. */
function parseJson(v: string): unknown {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}
