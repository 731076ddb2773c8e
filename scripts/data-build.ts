/**
 * `npm run data:build`: derives the tables of `data/` from the raw copies in `data/raw/`, and
 * assembles `data/SOURCES.md` from the provenance notes of `data/sources/`.
 *
 * Usage: node dist/scripts/data-build.js [--out <dir>] [--only <builder,...>]
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILDERS } from './data/index';
import type { BuildContext } from './data/lib';
import { repoRoot } from '../src/util/paths';

/** Root of the repository (found from this file, compiled or not). */
export const REPO_ROOT = repoRoot();

/** Runs every builder (or the named ones) into `outDir`, the `.gz` tables at zlib `gzipLevel` (9); returns the list of files written. */
export function runDataBuild(outDir: string, only?: readonly string[], gzipLevel?: number): string[] {
  const ctx: BuildContext = { rawDir: join(REPO_ROOT, 'data', 'raw'), outDir, ...(gzipLevel === undefined ? {} : { gzipLevel }) };
  const written: string[] = [];
  for (const b of BUILDERS) {
    if (only && !only.includes(b.name)) continue;
    b.build(ctx);
    written.push(...b.outputs);
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'SOURCES.md'), assembleSources());
  written.push('SOURCES.md');
  return written;
}

/** data/SOURCES.md = the header note followed by every per-builder note, in file-name order. */
export function assembleSources(): string {
  const dir = join(REPO_ROOT, 'data', 'sources');
  const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  const parts = files.map((f) => readFileSync(join(dir, f), 'utf8').trimEnd());
  return parts.join('\n\n') + '\n';
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const onlyIdx = args.indexOf('--only');
  const outDir = outIdx >= 0 && args[outIdx + 1] ? resolve(args[outIdx + 1]!) : join(REPO_ROOT, 'data');
  const only = onlyIdx >= 0 && args[onlyIdx + 1] ? args[onlyIdx + 1]!.split(',') : undefined;
  const files = runDataBuild(outDir, only);
  process.stdout.write(`wrote ${files.length} files into ${outDir}\n`);
}
