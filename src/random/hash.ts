/**
 * Integer hashing used to derive independent generator states from (run seed, stream name,
 * entity id). 32-bit operations only (Math.imul), so results are identical on every platform.
 */

/** MurmurHash3 32-bit finaliser: a bijective avalanche of a 32-bit word. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a hash of a string's UTF-16 code units, finalised with fmix32. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Combines a running hash with one more 32-bit word (MurmurHash3 body step). */
export function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0;
}

/** Splits a non-negative safe integer into its high and low 32-bit words. */
export function splitId(id: number): [number, number] {
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`entity id must be a non-negative safe integer, got ${id}`);
  return [Math.floor(id / 0x100000000) >>> 0, id >>> 0];
}
