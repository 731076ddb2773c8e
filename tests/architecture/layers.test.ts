/**
 * The house's floors: a folder of src/ imports only from folders on the floors below it (or from
 * itself), and no module imports itself back through a circle. Read from the sources, so a new
 * arrow running upwards fails here before it grows into a tangle.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '../../src');

/** Floors from the ground up; src/ root files (errors.ts) and util/ are the foundations. */
const FLOORS: readonly string[] = [
  '.',
  'util',
  'snds',
  'data',
  'random',
  'events',
  'scenario',
  'world',
  'agents',
  'exporters',
  'readback',
  'run',
  'check',
  'report',
  'calibrate',
  'cli',
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports of a file (static `import … from`, `export … from`, and `import()`), resolved to files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']*)'|import\(\s*'(\.[^']*)'\s*\)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const spec = (m[1] ?? m[2]) as string;
    const base = resolve(dirname(file), spec);
    const candidates = [`${base}.ts`, join(base, 'index.ts')];
    const hit = candidates.find((c) => {
      try {
        return statSync(c).isFile();
      } catch {
        return false;
      }
    });
    if (hit !== undefined) out.push(hit);
  }
  return out;
}

function floorOf(file: string): string {
  const rel = relative(SRC, file).split('/');
  return rel.length === 1 ? '.' : (rel[0] as string);
}

const files = sources(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('layers of src/', () => {
  it('every folder of src/ has a floor', () => {
    const folders = [...new Set(files.map(floorOf))].sort();
    expect(folders.filter((f) => !FLOORS.includes(f))).toEqual([]);
  });

  it('no file imports a folder on a higher floor', () => {
    const upward: string[] = [];
    for (const [file, deps] of graph) {
      const from = FLOORS.indexOf(floorOf(file));
      for (const d of deps) {
        const to = FLOORS.indexOf(floorOf(d));
        if (to > from) upward.push(`${relative(SRC, file)} → ${relative(SRC, d)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('no import circle between modules', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (f: string, path: string[]): void => {
      const s = state.get(f);
      if (s === 'done') return;
      if (s === 'open') {
        circles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(SRC, p)).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const d of graph.get(f) ?? []) visit(d, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(circles).toEqual([]);
  });
});

/** Lines of logic of a file: neither blank nor comment. */
function logicLines(file: string): number {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => {
      const t = l.trim();
      return t !== '' && !t.startsWith('//') && !t.startsWith('*') && !t.startsWith('/*');
    }).length;
}

/** Files of src/ importing a package. */
function importersOf(pkg: string): string[] {
  const re = new RegExp(`from '${pkg.replace(/[/@.]/g, (c) => `\\${c}`)}(/[^']*)?'|require\\('${pkg}'\\)`);
  return files.filter((f) => re.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f)).sort();
}

describe('rooms of src/', () => {
  it('no file holds more than 300 lines of logic (generated tables aside)', () => {
    const big = files.filter((f) => !f.endsWith('.generated.ts')).map((f) => [relative(SRC, f), logicLines(f)] as const);
    expect(big.filter(([, n]) => n > 300)).toEqual([]);
  });

  it('only the world itself knows World: its models are built from what each uses', () => {
    const world = resolve(SRC, 'world/World.ts');
    const users = [...graph].filter(([f, deps]) => floorOf(f) === 'world' && f !== resolve(SRC, 'world/index.ts') && deps.includes(world));
    expect(users.map(([f]) => relative(SRC, f))).toEqual([]);
  });

  it('SQLite is named only by its sink and its reader', () => {
    expect(importersOf('better-sqlite3')).toEqual(['exporters/sinks/SqliteSink.ts', 'readback/SqliteReader.ts']);
  });

  it('DuckDB is named only by its sinks and its reader', () => {
    expect(importersOf('@duckdb/node-api').every((f) => f.startsWith('exporters/sinks/duckdb/') || f === 'readback/duckdb.ts')).toBe(true);
  });
});
