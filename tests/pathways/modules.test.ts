import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledModule } from '../../src/world';
import { inIcdRanges, loadModules, parseIcdRange, shippedModuleNames, validateModule, type PathwayModule } from '../../src/scenario';
import { StreamFactory } from '../../src/random';
import { repoRoot } from '../../src/util/paths';
import { cliInProcess } from '../helpers/cli';
import { tempDir } from '../helpers/simulate';

const base: PathwayModule = {
  name: 'toy',
  sources: [{ key: 'k', citation: 'c' }],
  onset: { ald: 8, codes: ['E11'] },
  initial: 'A',
  states: {
    A: { transitions: [{ to: 'B', perYear: 1 }] },
    B: { transitions: [{ to: 'C', afterDays: 100 }] },
    C: { terminal: true },
  },
};

const messages = (m: PathwayModule): string[] => validateModule(m, 'modules[2]').map((p) => `${p.path}: ${p.message}`);

describe('pathway module validation', () => {
  it('accepts a well-formed module', () => {
    expect(messages(base)).toEqual([]);
  });

  it('names an unknown state with its path and the known states', () => {
    const m = { ...base, states: { ...base.states, A: { transitions: [{ to: 'Complication', perYear: 1 }] } } };
    expect(messages(m)).toContain('modules[2].states.A.transitions[0].to: unknown state "Complication"; the states are "A", "B", "C"');
  });

  it('lists unreachable states and states nothing leaves', () => {
    const m = { ...base, states: { ...base.states, D: { transitions: [{ to: 'C', perYear: 1 }] }, E: {} } };
    const found = messages(m);
    expect(found).toContain('modules[2].states.D: unreachable from the initial state "A": add a transition to it or remove it');
    expect(found).toContain('modules[2].states.E: no transition leaves this state: add transitions, or mark it terminal: true');
  });

  it('asks for one timing per transition and one kind per monitoring item', () => {
    const m = {
      ...base,
      states: { ...base.states, A: { transitions: [{ to: 'B' }], monitoring: [{ lab: 1577, consultation: 3, perYear: 1 }] } },
    };
    const found = messages(m);
    expect(found).toContain('modules[2].states.A.transitions[0]: give one timing: perYear (a rate) or afterDays (a fixed delay)');
    expect(found).toContain('modules[2].states.A.monitoring[0]: give exactly one of lab (NABM code), consultation (specialty code) or act (CCAM code)');
  });

  it('reads every shipped module without a problem', () => {
    const { modules, problems } = loadModules(undefined, repoRoot());
    expect(problems).toEqual([]);
    expect(modules.map((m) => m.name)).toEqual(shippedModuleNames());
    expect(modules.map((m) => m.onset.ald).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 5, 8, 13, 30]);
  });
});

describe('pathway walks', () => {
  const streams = new StreamFactory(3);

  it('follows rates and fixed delays, and is reproducible per stream', () => {
    const m = new CompiledModule(base, 0);
    const gaps: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const steps = m.walk(0, 100_000, streams.stream('walk', i));
      expect(steps.map((s) => m.states[s.state]?.name)).toEqual(['A', 'B', 'C']);
      expect((steps[2]?.day ?? 0) - (steps[1]?.day ?? 0)).toBeGreaterThanOrEqual(99);
      expect((steps[2]?.day ?? 0) - (steps[1]?.day ?? 0)).toBeLessThanOrEqual(101);
      gaps.push(steps[1]?.day ?? 0);
    }
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(365.25 * 0.93);
    expect(mean).toBeLessThan(365.25 * 1.07);
    expect(m.walk(0, 100_000, streams.stream('walk', 5))).toEqual(m.walk(0, 100_000, streams.stream('walk', 5)));
  });

  it('stops at the limit and records complications within a state', () => {
    const m = new CompiledModule({ ...base, states: { ...base.states, A: { transitions: [{ to: 'B', perYear: 0.0001 }], complications: [{ perYear: 12, stay: { dp: ['I21'] } }] } } }, 0);
    const steps = m.walk(0, 365, streams.stream('walk', 1));
    const comps = steps.filter((s) => s.complication >= 0);
    expect(comps.length).toBeGreaterThan(3);
    expect(steps.every((s) => s.day <= 365)).toBe(true);
  });

  it('matches ICD-10 ranges by their bounds', () => {
    const r = ['K20-K31', 'I21'].map(parseIcdRange);
    expect(inIcdRanges('K297', r)).toBe(true);
    expect(inIcdRanges('K31', r)).toBe(true);
    expect(inIcdRanges('K35', r)).toBe(false);
    expect(inIcdRanges('I214', r)).toBe(true);
    expect(inIcdRanges('I22', r)).toBe(false);
  });
});

describe('bad scenarios about modules and interventions', () => {
  const module = (states: string): string => `modules:
  - name: toy
    sources: [{key: k, citation: c}]
    onset: {ald: 8, codes: [E11]}
    initial: A
    states:
${states}`;
  const cases: [string, string, RegExp][] = [
    ['an unknown module state', module('      A: {transitions: [{to: Complication, perYear: 1}]}'), /modules\[0\]\.states\.A\.transitions\[0\]\.to: unknown state "Complication"/],
    ['a negative module rate', module('      A: {terminal: true, monitoring: [{lab: 1577, perYear: -1}]}'), /modules\[0\]\.states\.A\.monitoring\[0\]\.perYear: expected a value ≥ 0, got -1/],
    ['an unreachable state', module('      A: {terminal: true}\n      B: {terminal: true}'), /modules\[0\]\.states\.B: unreachable from the initial state "A"/],
    ['an unknown module name', 'modules: [dentistry]', /modules\[0\]: unknown module "dentistry": give a shipped module \(breast-cancer, /],
    ['an unknown lab test', module('      A: {terminal: true, monitoring: [{lab: 99999, perYear: 1}]}'), /modules\[0\]\.states\.A\.monitoring\[0\]\.lab: unknown NABM code 99999/],
    ['an unknown key in a module', module('      A: {terminal: true, colour: blue}'), /modules\[0\]\.states\.A\.colour: unknown key; expected one of description, mortality/],
    ['an ALD code outside the ALD', 'modules:\n  - {name: toy, sources: [{key: k, citation: c}], onset: {ald: 8, codes: [I21]}, initial: A, states: {A: {terminal: true}}}', /modules\[0\]\.onset\.codes\[0\]: no ICD-10 code of ALD 8 starts with "I21"/],
    ['a protective hazard ratio', 'interventions:\n  - {name: x, exposure: {atc: [M01A]}, outcome: {dp: [K20-K31]}, hazardRatio: 0.5}', /interventions\[0\]\.hazardRatio: expected a value ≥ 1, got 0\.5/],
    ['an exposure class without drugs', 'interventions:\n  - {name: x, exposure: {atc: [Z99]}, outcome: {dp: [K20-K31]}, hazardRatio: 2}', /interventions\[0\]\.exposure\.atc\[0\]: no reimbursed drug has an ATC code starting with "Z99"/],
    ['a counterfactual that is not a boolean', 'counterfactual: sometimes', /counterfactual: expected boolean, got "sometimes"/],
  ];
  it.each(cases)('exits 2 for %s with the path of the field, and writes nothing', async (_what, text, message) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'bad.yaml'), text);
    const r = await cliInProcess(['simulate', '--scenario', 'bad.yaml', '--population', '50', '--out', 'x.db', '--quiet'], cwd);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(readdirSync(cwd)).toEqual(['bad.yaml']);
  });
});
