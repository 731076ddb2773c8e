import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('no ambient randomness or wall-clock time in the simulation', () => {
  it('finds no Math.random, Date.now or new Date( outside src/cli', () => {
    const root = join(__dirname, '..', '..', 'src');
    const offenders = sources(root)
      .filter((f) => !relative(root, f).startsWith('cli'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ f: relative(root, f), i: i + 1, line }))
          .filter(({ line }) => /Math\.random|Date\.now\(|new Date\(/.test(line)),
      );
    expect(offenders).toEqual([]);
  });
});
