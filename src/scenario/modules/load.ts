import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { InputProblem } from '../../errors';
import { ajvProblems } from '../problems';
import { repoRoot } from '../../util/paths';
import { MODULE_SCHEMA } from './schema';
import type { PathwayModule } from './types';
import { validateModule } from './validate';

/** Folder of the modules shipped with snds-sim. */
export function shippedModulesDir(): string {
  return join(repoRoot(), 'scenarios', 'modules');
}

/** Names of the shipped modules (file names without extension), sorted. */
export function shippedModuleNames(): string[] {
  const dir = shippedModulesDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .map((f) => f.replace(/\.(ya?ml|json)$/i, ''))
    .sort();
}

function shippedFile(name: string): string | undefined {
  for (const ext of ['.yaml', '.yml', '.json']) {
    const f = join(shippedModulesDir(), name + ext);
    if (existsSync(f)) return f;
  }
  return undefined;
}

let compiled: ValidateFunction<PathwayModule> | undefined;
/** The module schema's validator, compiled on first use: a process or worker thread that loads no module does not pay for it. */
function moduleValidator(): ValidateFunction<PathwayModule> {
  compiled ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile<PathwayModule>(MODULE_SCHEMA);
  return compiled;
}

/** A `modules` entry of a scenario: a shipped module's name, a module file's path, or a module written inline. */
export type ModuleEntry = string | Record<string, unknown>;

/**
 * Reads and checks the modules of a scenario. `entries` undefined means every shipped module. Paths
 * are relative to `baseDir` (the scenario's folder). Every problem is returned with its path
 * (`modules[2].states.Treated.transitions[0].to`), a module read from a file naming the file.
 */
export function loadModules(entries: readonly ModuleEntry[] | undefined, baseDir: string): { modules: PathwayModule[]; problems: InputProblem[] } {
  const list: readonly ModuleEntry[] = entries ?? shippedModuleNames();
  const modules: PathwayModule[] = [];
  /** Index in `list` of each module kept. */
  const origin: number[] = [];
  const problems: InputProblem[] = [];
  list.forEach((entry, i) => {
    const at = `modules[${i}]`;
    let data: unknown = entry;
    let file: string | undefined;
    if (typeof entry === 'string') {
      const named = /^[a-z0-9][a-z0-9-]*$/.test(entry);
      file = named ? shippedFile(entry) : resolve(baseDir, entry);
      if (file === undefined || !existsSync(file)) {
        // Say which file was looked for: a relative path is taken from the scenario's folder, not the working folder.
        const shipped = shippedModuleNames().join(', ');
        problems.push({
          path: at,
          message: named
            ? `unknown module "${entry}": give a shipped module (${shipped}) or the path of a module file (looked for ${join(shippedModulesDir(), entry)}.yaml, .yml and .json)`
            : `module file ${resolve(baseDir, entry)} does not exist: fix the path (a relative path is taken from the scenario's folder, ${baseDir}) or give a shipped module (${shipped})`,
        });
        return;
      }
      const text = readFileSync(file, 'utf8');
      try {
        data = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
      } catch (e) {
        problems.push({ path: at, message: `${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message}` });
        return;
      }
    }
    const inFile = (p: InputProblem): InputProblem => (file === undefined ? p : { path: p.path, message: `${p.message} (in ${file})` });
    const validateSchema = moduleValidator();
    if (!validateSchema(data)) {
      problems.push(...ajvProblems(validateSchema.errors ?? [], data, at).map(inFile));
      return;
    }
    const found = validateModule(data, at).map(inFile);
    problems.push(...found);
    if (found.length === 0) {
      modules.push(data);
      origin.push(i);
    }
  });

  // Names are unique; two modules cannot take the same ALD codes.
  modules.forEach((m, i) => {
    const j = modules.findIndex((x) => x.name === m.name);
    if (j < i) problems.push({ path: `modules[${origin[i] as number}].name`, message: `module "${m.name}" is given twice` });
  });
  for (let i = 0; i < modules.length; i++) {
    for (let j = i + 1; j < modules.length; j++) {
      const a = modules[i] as PathwayModule;
      const b = modules[j] as PathwayModule;
      if (a.onset.ald === undefined || a.onset.ald !== b.onset.ald) continue;
      const ca = a.onset.codes ?? [''];
      const cb = b.onset.codes ?? [''];
      if (ca.some((x) => cb.some((y) => x.startsWith(y) || y.startsWith(x)))) {
        problems.push({ path: `modules[${origin[j] as number}].onset.codes`, message: `module "${b.name}" takes ALD ${b.onset.ald} codes already taken by "${a.name}": give disjoint codes` });
      }
    }
  }
  return { modules, problems };
}
