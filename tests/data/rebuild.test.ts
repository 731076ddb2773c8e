import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runDataBuild, REPO_ROOT } from '../../scripts/data-build';
import { BUILDERS } from '../../scripts/data/index';

/** Content of a table file, uncompressed (gzip bytes may differ between zlib versions). */
function content(path: string): string {
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

describe('data build', () => {
  const out = mkdtempSync(join(tmpdir(), 'snds-data-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('rebuilding from data/raw reproduces every committed table and SOURCES.md', () => {
    const written = runDataBuild(out);
    expect(written.length).toBeGreaterThan(BUILDERS.length);
    // Every table committed in data/ is produced by some builder.
    const committed = readdirSync(join(REPO_ROOT, 'data')).filter((f) => /\.(csv|csv\.gz|md)$/.test(f));
    expect(committed.filter((f) => !written.includes(f))).toEqual([]);
    for (const f of written) {
      expect({ file: f, text: content(join(out, f)) }).toEqual({ file: f, text: content(join(REPO_ROOT, 'data', f)) });
    }
  });
});
