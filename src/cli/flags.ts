/** Parsing of the `simulate` flags checked before any scenario is read. */
import { InputError } from '../errors';
import type { Shard } from '../run';

/** `--workers <n>`: a whole number ≥ 1 (undefined when the flag was not given). */
export function parseWorkers(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InputError({ path: '--workers', message: `expected a whole number of worker threads ≥ 1, got "${text}"` });
  return Number(text);
}

/** `--shard i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new InputError({ path: '--shard', message: `expected i/n with 1 ≤ i ≤ n (e.g. 2/8), got "${text}"` });
  return { index, count };
}
