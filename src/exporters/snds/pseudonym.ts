import { fmix32, mix } from '../../random';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function hex8(x: number): string {
  return (x >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/**
 * BEN_NIR_PSA of a person: 17 characters, a keyed 4-round Feistel permutation of the 64-bit person
 * id (so two persons never share one) written in hexadecimal, plus a check character. The key is
 * the run seed: pseudonyms of different seeds do not link.
 */
export function nirPseudonym(id: number, seed: number): string {
  let left = Math.floor(id / 0x100000000) >>> 0;
  let right = id >>> 0;
  const key = fmix32(seed >>> 0);
  for (let round = 0; round < 4; round++) {
    const f = fmix32(mix(mix(key, round), right));
    const next = (left ^ f) >>> 0;
    left = right;
    right = next;
  }
  const body = hex8(left) + hex8(right);
  let check = 0;
  for (let i = 0; i < body.length; i++) check = (check * 31 + body.charCodeAt(i)) % 36;
  return body + ALPHABET[check];
}
