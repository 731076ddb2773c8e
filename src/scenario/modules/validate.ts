import type { InputProblem } from '../../errors';
import type { PathwayModule } from './types';

/**
 * Checks a structurally valid module as a state machine: the initial state and every `to` name a
 * state; every state is reachable from the initial one; every state is left by some transition or
 * complication unless it is marked `terminal: true`; each monitoring item says what it is (one of
 * lab, consultation, act); each transition has one timing (perYear or afterDays); the onset is an ALD
 * or an incidence table. `at` is the module's path in messages (`modules[2]`).
 */
export function validateModule(m: PathwayModule, at: string): InputProblem[] {
  const problems: InputProblem[] = [];
  const names = Object.keys(m.states);
  const known = new Set(names);
  const list = names.map((n) => `"${n}"`).join(', ');
  const unknown = (path: string, name: string): void => {
    problems.push({ path, message: `unknown state "${name}"; the states are ${list}` });
  };

  const o = m.onset;
  if ((o.ald === undefined) === (o.incidence === undefined)) {
    problems.push({ path: `${at}.onset`, message: 'give either ald (onset with an ALD exoneration) or incidence (onset at the rates of an incidence table)' });
  }
  if (o.incidence !== undefined && o.code === undefined) problems.push({ path: `${at}.onset.code`, message: 'is required with incidence: the ICD-10 code of the condition' });
  o.incidence?.forEach((r, i) => {
    if (r.ageMax < r.ageMin) problems.push({ path: `${at}.onset.incidence[${i}].ageMax`, message: `must be ≥ ageMin (${r.ageMin}), got ${r.ageMax}` });
  });

  if (!known.has(m.initial)) unknown(`${at}.initial`, m.initial);
  const edges = new Map<string, string[]>();
  for (const [name, s] of Object.entries(m.states)) {
    const sp = `${at}.states.${name}`;
    const out: string[] = [];
    s.transitions?.forEach((t, i) => {
      const tp = `${sp}.transitions[${i}]`;
      if (!known.has(t.to)) unknown(`${tp}.to`, t.to);
      else out.push(t.to);
      if ((t.perYear === undefined) === (t.afterDays === undefined)) problems.push({ path: tp, message: 'give one timing: perYear (a rate) or afterDays (a fixed delay)' });
      if (t.to === name) problems.push({ path: `${tp}.to`, message: `a transition cannot lead back to its own state "${name}"` });
    });
    s.complications?.forEach((c, i) => {
      if (c.to === undefined) return;
      if (!known.has(c.to)) unknown(`${sp}.complications[${i}].to`, c.to);
      else out.push(c.to);
    });
    s.monitoring?.forEach((mo, i) => {
      const n = [mo.lab, mo.consultation, mo.act].filter((x) => x !== undefined).length;
      if (n !== 1) problems.push({ path: `${sp}.monitoring[${i}]`, message: 'give exactly one of lab (NABM code), consultation (specialty code) or act (CCAM code)' });
    });
    edges.set(name, out);
    const leaves = (s.transitions?.length ?? 0) > 0 || (s.complications ?? []).some((c) => c.to !== undefined);
    if (!leaves && s.terminal !== true) {
      problems.push({ path: sp, message: 'no transition leaves this state: add transitions, or mark it terminal: true' });
    }
    if (leaves && s.terminal === true) problems.push({ path: `${sp}.terminal`, message: 'a terminal state cannot have transitions' });
  }

  if (known.has(m.initial)) {
    const seen = new Set<string>([m.initial]);
    const stack = [m.initial];
    while (stack.length > 0) {
      for (const to of edges.get(stack.pop() as string) ?? []) if (!seen.has(to)) (seen.add(to), stack.push(to));
    }
    for (const n of names) if (!seen.has(n)) problems.push({ path: `${at}.states.${n}`, message: `unreachable from the initial state "${m.initial}": add a transition to it or remove it` });
  }
  return problems;
}

/** A parsed ICD-10 range: codes whose first characters fall between `from` and `to` (inclusive). */
export interface IcdRange {
  readonly from: string;
  readonly to: string;
}

/** `K20-K31` → K20…K31 (compared on the length of the bounds); `I21` → codes starting with I21. */
export function parseIcdRange(text: string): IcdRange {
  const [from, to] = text.split('-') as [string, string | undefined];
  return { from, to: to ?? from };
}

/** Whether an ICD-10 code (without dot) falls in one of the ranges. */
export function inIcdRanges(code: string, ranges: readonly IcdRange[]): boolean {
  for (const r of ranges) {
    if (code.slice(0, r.from.length) >= r.from && code.slice(0, r.to.length) <= r.to) return true;
  }
  return false;
}
