import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cachedRoot: string | undefined;

/**
 * Root of the snds-sim package: the first folder above this module holding a `package.json`
 * named `snds-sim` (works from `src/` under ts-jest and from `dist/src/` after compilation).
 */
export function repoRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown };
      if (parsed.name === 'snds-sim') {
        cachedRoot = dir;
        return dir;
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the snds-sim package root above ${__dirname}`);
    dir = up;
  }
}

/** Absolute path of a file in `data/`. */
export function dataPath(rel: string): string {
  return join(repoRoot(), 'data', rel);
}

/** The package version from package.json. */
export function packageVersion(): string {
  const parsed = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}
