import { DataError } from '../errors';

/**
 * Identifier of a professional (PFS_PFS_NUM, 8 characters): the département code, a category digit
 * (1 physician, 2 pharmacy) and an order number. Overseas départements (971…976) keep all three
 * digits of their code, so their numbers never collide with those of 91…96.
 */
export function professionalNumber(dept: string, category: number, order: number): string {
  const code = dept.length === 3 ? `97${category}${dept.slice(2)}` : `${dept.padStart(2, '0')}${category}`;
  const width = 8 - code.length;
  if (order >= 10 ** width) throw new DataError(`too many professionals of category ${category} in département ${dept} for an 8-character number`);
  return `${code}${String(order).padStart(width, '0')}`;
}

/** A FINESS-like 9-character establishment number: the département code (2 or 3 characters), a category digit and an order number. */
export function finessNumber(dept: string, category: number, order: number): string {
  const code = `${dept.padStart(2, '0')}${category}`;
  const width = 9 - code.length;
  if (order >= 10 ** width) throw new DataError(`too many establishments of category ${category} in département ${dept} for a 9-character number`);
  return `${code}${String(order).padStart(width, '0')}`;
}
