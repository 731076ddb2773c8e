/**
 * No double counts: the modules' stays taken out of the generic main diagnoses, and the ALD-attributed deaths taken
 * out of the national distribution of underlying causes (world models, no simulation).
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { causeChapter, DataRegistry, DeathCauses, World } from '../../src/world';
import { figure } from '../../src/report/sections/counts';
import { dataPath } from '../../src/util/paths';
import { config, tempDir } from '../helpers/simulate';

jest.setTimeout(120_000);

describe('no double counts in the world models', () => {
  const withModules = new World(config({ region: '35', population: 2000, seed: 1 }));
  const without = new World({ ...config({ region: '35', population: 2000, seed: 1 }), modules: [] });

  it('takes the stroke module’s stays out of the generic stroke diagnoses of old persons, and nothing without module', () => {
    const h = withModules.hospital;
    // An 80-year-old man of 35: the stroke module's recurrences with I639 are part of the published I639 stays.
    const keep = withModules.moduleStays.keep(0, 1, 80, '35', 'I639');
    expect(keep).toBeGreaterThanOrEqual(0);
    expect(keep).toBeLessThan(0.95);
    const published = h.stays.rate(0, 1, 80, '35') * h.diagnoses.weight(0, 1, 80, 'I639');
    const module = withModules.pathways.complicationStays(true, 1, 80, '35').get('I639') ?? 0;
    expect(module).toBeGreaterThan(0);
    // Generic stays of I639 (kept share of the published ones) + the module's make the published number.
    expect(published * keep + module).toBeCloseTo(Math.max(published, module), 12);
    // A diagnosis no module makes is always kept; so is every code without module.
    expect(withModules.moduleStays.keep(0, 1, 80, '35', 'K359')).toBe(1);
    for (const code of ['I639', 'I500', 'I210', 'E115', 'C509']) for (const age of [40, 65, 80, 95]) expect(without.moduleStays.keep(0, 2, age, '35', code)).toBe(1);
  });

  it('weights the module states by their long-run occupancy (an absorbing terminal state takes all)', () => {
    const stroke = withModules.pathways.modules.find((m) => m.name === 'stroke');
    expect(stroke).toBeDefined();
    const pi = stroke!.occupancy();
    expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(pi[stroke!.states.findIndex((s) => s.name === 'Later')]).toBeGreaterThan(0.999);
    const hf = withModules.pathways.modules.find((m) => m.name === 'heart-failure')!.occupancy();
    // Chronic ↔ Decompensated: both states are visited.
    expect(Math.min(...hf)).toBeGreaterThan(0.01);
  });

  it('makes an ALD code an underlying cause only when it is a cause of death (no cataract deaths)', () => {
    const d = withModules.deaths;
    expect(d.causeOf('H251', 2)).toBeUndefined();
    expect(d.causeOf('H269', 1)).toBeUndefined();
    expect(d.causeOf('I639', 1)).toBe('I639');
    expect(d.causeOf('C509', 2)).toBe('C509');
    expect(causeChapter('D471')).toBe('neoplasms');
    expect(causeChapter('D509')).toBe('D');
    expect(causeChapter('X599')).toBe('external');
  });

  it('keeps every chapter’s national share: attributed deaths + the residual draws make the published shares', () => {
    const data = new DataRegistry();
    const national = new DeathCauses(data);
    const w = withModules;
    const context = {
      ald: w.ald,
      depts: ['35'],
      deaths: (sex: 1 | 2, age: number, dept: string) => w.population.realCount(dept, sex, age) * w.demography.deathHazard(2019, sex, age, dept),
      aldExcess: (k: number, sex: 1 | 2) => w.pathways.aldExcess('mortality', k, sex),
      divisor: (sex: 1 | 2, age: number, dept: string) => w.pathways.divisor('mortality', sex, age, dept),
    };
    for (const sex of [1, 2] as const) {
      const q = national.expectedAttributed(sex, '35', context);
      const attributed = [...q.values()].reduce((a, b) => a + b, 0);
      // Most decedents are old and many hold an ALD: a sizeable share of deaths, not all.
      expect(attributed).toBeGreaterThan(0.1);
      expect(attributed).toBeLessThan(0.5);
      expect(q.get('H') ?? 0).toBe(0);
      // Marginal share of a chapter = attributed + (1 − attributed) × residual share; the residual of the world.
      const chapterShare = (t: DeathCauses, g: string, attributedShare: number, total: number): number => attributedShare + (1 - total) * t.share(sex, '35', g);
      // Chapters with a published share (the nervous system: women only) keep it exactly.
      const published = sex === 1 ? ['neoplasms', 'I', 'R', 'external'] : ['neoplasms', 'I', 'R', 'external', 'G'];
      for (const g of published) expect(chapterShare(w.deaths, g, q.get(g) ?? 0, attributed)).toBeCloseTo(national.share(sex, '35', g), 7);
      // Diabetes deaths attributed to ALD 8 exceed the small share of chapter E: they keep their attributed share.
      expect(chapterShare(w.deaths, 'E', q.get('E') ?? 0, attributed)).toBeGreaterThanOrEqual(national.share(sex, '35', 'E') - 1e-12);
    }
  });

  it('says which death-cause row is wrong', () => {
    const dir = tempDir();
    const rows = (body: string): void => writeFileSync(join(dir, 'death_causes.csv'), `sex,group,cim,weight,label\n${body}`);
    copyFileSync(dataPath('death_parameters.csv'), join(dir, 'death_parameters.csv'));
    rows('3,neoplasms,C509,0.5,x\n');
    expect(() => new DeathCauses(new DataRegistry(dir))).toThrow('data/death_causes.csv: bad sex 3');
    rows('1,neoplasms,C509,0,x\n2,neoplasms,C509,0,x\n');
    expect(() => new DeathCauses(new DataRegistry(dir))).toThrow('data/death_causes.csv: no cause of death with a positive weight');
  });

  it('says which validation figure is missing or unreadable', () => {
    const t = { name: 'validation/counts_figures.csv', sha256: '', rows: [{ id: 'counts_1', value: '110438' }, { id: 'counts_3', value: '181178; n/a' }] };
    expect(figure(t, 'counts_1')).toBe(110438);
    expect(() => figure(t, 'counts_9')).toThrow('data/validation/counts_figures.csv has no figure counts_9: restore the row from git');
    expect(() => figure(t, 'counts_3', 1)).toThrow('data/validation/counts_figures.csv: figure counts_3 has no number at position 2 of its value "181178; n/a"');
  });
});
