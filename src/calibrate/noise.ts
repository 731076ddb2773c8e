import type { RandomStream } from '../random';

/**
 * A draw of the Laplace distribution of location 0 and scale b, as b × (E₁ − E₂) with E₁, E₂ independent standard
 * exponentials taken from `rng` (the difference of two exponentials is Laplace; no logarithm of 0 can occur).
 */
export function laplace(rng: RandomStream, b: number): number {
  if (!(b > 0)) return 0;
  return b * (rng.exponential(1) - rng.exponential(1));
}
