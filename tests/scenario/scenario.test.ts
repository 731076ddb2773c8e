import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors';
import { jsonPathToDotted, resolveScenario } from '../../src/scenario';
import { editDistance, nearestKey } from '../../src/scenario/suggest';
import { DataRegistry, knownDepartements, RateModifiers } from '../../src/world';
import { tempDir } from '../helpers/simulate';

const known = knownDepartements(new DataRegistry());
const dir = tempDir();

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function problems(text: string, name = 'bad.yaml'): string[] {
  try {
    resolveScenario({ scenario: file(name, text) }, known);
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('scenario files', () => {
  it('reads every shipped example', () => {
    for (const f of ['dept35.yaml', 'brittany.yaml', 'cohort-2015-2019.yaml', 'sensitivity-gp.yaml']) {
      const { config } = resolveScenario({ scenario: join(__dirname, '..', '..', 'scenarios', f) }, known);
      expect(config.name).not.toBe('');
    }
  });

  it('lets command-line flags override the file', () => {
    const p = file('ok.json', JSON.stringify({ regions: ['22', '29'], population: 1000, seed: 5, output: 'a.db' }));
    const { config } = resolveScenario({ scenario: p, seed: '9', out: 'b.db' }, known);
    expect(config.regions).toEqual(['22', '29']);
    expect(config.population).toBe(1000);
    expect(config.seed).toBe(9);
    expect(config.out).toBe('b.db');
  });

  const cases: [string, string, RegExp][] = [
    ['wrong type', 'population: many', /^population: expected integer, got "many"/],
    ['unknown key', 'regoins: ["35"]', /^regoins: unknown key; did you mean "regions"\? expected one of .*regions/],
    ['mistyped key in a rate', 'rates:\n  - {process: death, multipler: 2}', /^rates\[0\]\.multipler: unknown key; did you mean "multiplier"\? expected one of process, multiplier/],
    ['mistyped key in an intervention', 'interventions:\n  - {name: x, exposure: {atcs: [M01A]}, outcome: {dp: [K20-K31]}, hazardRatio: 2}', /^interventions\[0\]\.exposure\.atcs: unknown key; did you mean "atc"\?/],
    ['mistyped key in an inline module', 'modules:\n  - {name: toy, sources: [{key: k, citation: c}], onset: {ald: 8, codes: [E11]}, initial: A, states: {A: {terminal: true, mortalty: 0.1}}}', /^modules\[0\]\.states\.A\.mortalty: unknown key; did you mean "mortality"\?/],
    ['unknown process', 'rates:\n  - {process: dentist, multiplier: 2}', /^rates\[0\]\.process: expected one of "death"/],
    ['negative rate', 'rates:\n  - {process: death, multiplier: -1}', /^rates\[0\]\.multiplier: expected a value ≥ 0, got -1/],
    ['missing multiplier', 'rates:\n  - {process: death}', /^rates\[0\]\.multiplier: is required/],
    ['unknown département', 'regions: ["35", "99"]', /^regions: unknown département "99"/],
    ['unknown département in a stratum', 'rates:\n  - {process: death, multiplier: 2, departements: ["35", "1000"]}', /^rates\[0\]\.departements\[1\]: unknown département "1000"/],
    ['end before start', 'start: "2019-06-01"\nend: "2019-01-01"', /^end: the end date 2019-01-01 is before the start date 2019-06-01/],
    ['bad date', 'start: "2019-13-01"', /^start: the date 2019-13-01 does not exist: there is no month 13; give a month from 01 to 12/],
    ['day that does not exist', 'end: "2019-02-29"', /^end: the day 2019-02-29 does not exist: February 2019 has 28 days; give a day from 01 to 28/],
    ['malformed ICD-10 code in a module', 'modules:\n  - {name: toy, sources: [{key: k, citation: c}], onset: {ald: 8, codes: [e11]}, initial: A, states: {A: {terminal: true}}}', /^modules\[0\]\.onset\.codes\[0\]: expected an ICD-10 code such as K25 or I214, got "e11"/],
    ['malformed outcome range', 'interventions:\n  - {name: x, exposure: {atc: [M01A]}, outcome: {dp: [K20_K31]}, hazardRatio: 2}', /^interventions\[0\]\.outcome\.dp\[0\]: expected an ICD-10 code such as K25 or I214, or a range such as K20-K31, got "K20_K31"/],
    ['date in another format', 'start: "01/02/2019"', /^start: expected a date YYYY-MM-DD, got "01\/02\/2019"/],
    ['age range upside down', 'rates:\n  - {process: gp_consultation, multiplier: 2, ageMin: 60, ageMax: 20}', /^rates\[0\]\.ageMax: must be ≥ ageMin \(60\), got 20/],
    ['negative population', 'population: -3', /^population: expected a value ≥ 1, got -3/],
    ['not YAML', 'regions: [35', /--scenario: .* is not valid YAML/],
    ['unknown texture', 'texture: dirty', /^texture: expected one of "realistic", "clean"/],
  ];
  it.each(cases)('reports a %s with its path', (_what, text, message) => {
    expect(problems(text).some((p) => message.test(p))).toBe(true);
  });

  it('takes the texture from the flag over the file, realistic by default, and refuses an unknown one given by a program', () => {
    const p = file('texture.yaml', 'texture: clean');
    expect(resolveScenario({ scenario: p }, known).config.texture).toBe('clean');
    expect(resolveScenario({ scenario: p, texture: 'realistic' }, known).config.texture).toBe('realistic');
    expect(resolveScenario({}, known).config.texture).toBe('realistic');
    expect(() => resolveScenario({ texture: 'dirty' }, known)).toThrow(/texture: expected realistic or clean, got "dirty"/);
  });

  it('reports every problem of a file at once', () => {
    expect(problems('population: 0\nseed: -1\nfoo: 1').length).toBe(3);
  });

  it('suggests the nearest key, a swap of two letters counting as one edit', () => {
    expect(editDistance('regoins', 'regions')).toBe(1);
    expect(editDistance('', 'seed')).toBe(4);
    expect(nearestKey('Seed', ['seed', 'start'])).toBe('seed');
    expect(nearestKey('stat', ['seed', 'start', 'end'])).toBe('start');
    expect(nearestKey('colour', ['seed', 'start', 'end'])).toBeUndefined();
  });

  it('gives no suggestion for a key far from every known key', () => {
    expect(problems('colour: blue')).toEqual([expect.stringMatching(/^colour: unknown key; expected one of /)]);
  });

  it.each([
    ['an empty', '', 'empty.yaml'],
    ['a blank', '\n  \n', 'blank.yaml'],
    ['a comment-only', '# to do\n', 'comments.yml'],
    ['an empty JSON', '', 'empty.json'],
  ])('says that %s file is empty and what it should hold', (_what, text, name) => {
    expect(problems(text, name)).toEqual([
      `--scenario: file ${join(dir, name)} is empty: write the scenario's keys in it (e.g. regions: ["35"], population: 10000, start: "2019-01-01", end: "2019-12-31"), or leave out --scenario`,
    ]);
  });

  it('says that a file holding a list is not a scenario', () => {
    expect(problems('- regions: ["35"]')).toEqual([expect.stringMatching(/^--scenario: .*bad\.yaml holds a list: a scenario is a set of keys/)]);
  });

  it('names the path it tried for a missing module file, relative to the scenario', () => {
    const found = problems('modules: [extra/my-module.yaml]');
    expect(found).toEqual([`modules[0]: module file ${join(dir, 'extra', 'my-module.yaml')} does not exist: fix the path (a relative path is taken from the scenario's folder, ${dir}) or give a shipped module (breast-cancer, coronary-heart-disease, heart-failure, stroke, type2-diabetes)`]);
    expect(problems('modules: [dentistry]')).toEqual([expect.stringMatching(/^modules\[0\]: unknown module "dentistry": give a shipped module \(.*\) or the path of a module file \(looked for .*scenarios\/modules\/dentistry\.yaml, \.yml and \.json\)$/)]);
  });

  it('names a missing file', () => {
    expect(() => resolveScenario({ scenario: join(dir, 'nope.yaml') }, known)).toThrow(/--scenario: file .*nope\.yaml does not exist/);
  });

  it('turns JSON pointers into dotted paths', () => {
    expect(jsonPathToDotted('/modules/2/transitions/0/to')).toBe('modules[2].transitions[0].to');
    expect(jsonPathToDotted('')).toBe('');
  });
});

describe('rate multipliers', () => {
  it('multiplies the modifiers whose stratum holds the person', () => {
    const m = new RateModifiers([
      { process: 'death', multiplier: 2 },
      { process: 'death', multiplier: 1.5, sex: 2, ageMin: 60, departements: ['35'] },
    ]);
    expect(m.factor('death', 1, 70, '35')).toBe(2);
    expect(m.factor('death', 2, 70, '35')).toBe(3);
    expect(m.factor('death', 2, 50, '35')).toBe(2);
    expect(m.factor('death', 2, 70, '22')).toBe(2);
    expect(m.factor('birth', 2, 30, '35')).toBe(1);
  });
});
