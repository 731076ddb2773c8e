import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { REPO_ROOT } from '../../scripts/data-build';
import { BUILDERS } from '../../scripts/data/index';

/** Content of a table file, uncompressed (gzip bytes may differ between zlib versions). */
function content(path: string): string {
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

/** The sources of scripts/ whose compiled file in dist/scripts/ is missing or older (`npm test` builds first). */
function staleScripts(dir = join(REPO_ROOT, 'scripts')): string[] {
  const stale: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) stale.push(...staleScripts(p));
    else if (e.name.endsWith('.ts')) {
      const js = join(REPO_ROOT, 'dist', relative(REPO_ROOT, p)).replace(/\.ts$/, '.js');
      let built = 0;
      try {
        built = statSync(js).mtimeMs;
      } catch {
        // missing
      }
      if (built < statSync(p).mtimeMs) stale.push(relative(REPO_ROOT, p));
    }
  }
  return stale;
}

describe('data build', () => {
  const out = mkdtempSync(join(tmpdir(), 'snds-data-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('rebuilding from data/raw reproduces every committed table and SOURCES.md', () => {
    // The build runs the compiled scripts (dist/scripts) in a child process: twice as fast as in jest's sandbox. Its .gz
    // tables are written at zlib level 1: their text is compared, not their bytes (level 9 took 1.2 s more).
    expect(staleScripts()).toEqual([]);
    const build = join(REPO_ROOT, 'dist', 'scripts', 'data-build.js');
    const r = spawnSync(process.execPath, ['-e', `process.stdout.write(JSON.stringify(require(${JSON.stringify(build)}).runDataBuild(${JSON.stringify(out)}, undefined, 1)))`], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const written = JSON.parse(r.stdout) as string[];
    expect(written.length).toBeGreaterThan(BUILDERS.length);
    // Every table committed in data/ is produced by some builder.
    const committed = readdirSync(join(REPO_ROOT, 'data')).filter((f) => /\.(csv|csv\.gz|md)$/.test(f));
    expect(committed.filter((f) => !written.includes(f))).toEqual([]);
    for (const f of written) {
      expect({ file: f, text: content(join(out, f)) }).toEqual({ file: f, text: content(join(REPO_ROOT, 'data', f)) });
    }
  });
});
