import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliInProcess } from '../helpers/cli';
import { tempDir } from '../helpers/simulate';

/**
 * Broken scenario files through the command line: each exits 2, writes nothing, and says which field
 * is wrong and how to fix it.
 */
describe('snds-sim simulate --scenario with a broken file', () => {
  const cases: [string, string, RegExp][] = [
    ['an empty file', '', /--scenario: file .*bad\.yaml is empty: write the scenario's keys in it \(e\.g\. regions: \["35"\], population: 10000.*\), or leave out --scenario/],
    ['a mistyped key', 'regions: ["35"]\npopulaton: 100\n', /populaton: unknown key; did you mean "population"\? expected one of /],
    ['a mistyped nested key', 'rates:\n  - {process: death, multiplyer: 2}\n', /rates\[0\]\.multiplyer: unknown key; did you mean "multiplier"\?/],
    ['a day that does not exist', 'start: "2019-02-29"\n', /start: the day 2019-02-29 does not exist: February 2019 has 28 days; give a day from 01 to 28/],
    ['a module file that does not exist', 'modules: [paths/my-module.yaml]\n', /modules\[0\]: module file .*\/scenario\/paths\/my-module\.yaml does not exist: fix the path \(a relative path is taken from the scenario's folder, .*\/scenario\)/],
  ];
  it.each(cases)('exits 2 for %s, naming the field and the fix, and writes nothing', async (_what, text, message) => {
    const cwd = tempDir();
    // The scenario in a folder of its own: relative module paths are taken from there, not from the working folder.
    mkdirSync(join(cwd, 'scenario'));
    writeFileSync(join(cwd, 'scenario', 'bad.yaml'), text);
    const r = await cliInProcess(['simulate', '--scenario', join('scenario', 'bad.yaml'), '--out', 'x.db', '--quiet'], cwd);
    expect(r.stderr).toMatch(/^snds-sim: invalid input\n/);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(readdirSync(cwd)).toEqual(['scenario']);
  });
});
