import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { randomExponential, randomGamma, randomLogNormal, randomNormal, randomPoisson } from 'd3-random';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { fmix32, hashString, mix, splitId } from './hash';

/**
 * One independent pseudo-random sequence (xoroshiro128+ from pure-rand), identified by
 * (run seed, stream name, entity id). Continuous distributions come from d3-random, sourced
 * from this stream; nothing here reads ambient randomness.
 */
export class RandomStream {
  private readonly rng: RandomGenerator;
  /** Uniform in [0, 1), 53 bits; the source handed to d3-random. */
  readonly uniform: () => number;
  private expF?: ReturnType<typeof randomExponential.source>;
  private gammaF?: ReturnType<typeof randomGamma.source>;
  private poissonF?: ReturnType<typeof randomPoisson.source>;
  private normalF?: ReturnType<typeof randomNormal.source>;
  private logNormalF?: ReturnType<typeof randomLogNormal.source>;

  constructor(state: readonly [number, number, number, number]) {
    this.rng = xoroshiro128plusFromState(state);
    const rng = this.rng;
    this.uniform = () => uniformFloat64(rng);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uniform();
  }

  /** Integer uniform in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Exponential waiting time for a constant rate (events per unit of time); Infinity when rate is 0. */
  exponential(rate: number): number {
    if (rate <= 0) return Infinity;
    this.expF ??= randomExponential.source(this.uniform);
    return this.expF(rate)();
  }

  /** Gamma(shape k, scale θ). */
  gamma(k: number, theta: number): number {
    this.gammaF ??= randomGamma.source(this.uniform);
    return this.gammaF(k, theta)();
  }

  /** Poisson(λ) count. */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    this.poissonF ??= randomPoisson.source(this.uniform);
    return this.poissonF(lambda)();
  }

  /** Normal(μ, σ). */
  normal(mu: number, sigma: number): number {
    this.normalF ??= randomNormal.source(this.uniform);
    return this.normalF(mu, sigma)();
  }

  /** Log-normal with the given log-scale μ and σ. */
  logNormal(mu: number, sigma: number): number {
    this.logNormalF ??= randomLogNormal.source(this.uniform);
    return this.logNormalF(mu, sigma)();
  }

  /** Index drawn from cumulative weights (ascending, last = total), by binary search. */
  pickCumulative(cumulative: ArrayLike<number>): number {
    const n = cumulative.length;
    if (n === 0) throw new RangeError('pickCumulative: no weights');
    const total = cumulative[n - 1] as number;
    const x = this.uniform() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Element drawn uniformly from a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick: empty array');
    return items[Math.floor(this.uniform() * items.length)] as T;
  }
}

/**
 * Derives streams from the run seed. `stream(name, id)` always returns a generator in the same
 * initial state for the same (seed, name, id), whatever else was drawn before, so an entity's draws
 * do not depend on which worker or shard simulates it, nor on the other processes.
 */
export class StreamFactory {
  private readonly nameHashes = new Map<string, number>();

  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  }

  /** The generator of stream `name` for entity `id` (a non-negative safe integer). */
  stream(name: string, id: number): RandomStream {
    let nh = this.nameHashes.get(name);
    if (nh === undefined) {
      nh = hashString(name);
      this.nameHashes.set(name, nh);
    }
    const [sHi, sLo] = splitId(Math.abs(this.seed));
    const [hi, lo] = splitId(id);
    let h = mix(mix(mix(mix(mix(0x9e3779b9, sLo), sHi ^ (this.seed < 0 ? 0x80000000 : 0)), nh), hi), lo);
    const state: [number, number, number, number] = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) {
      h = mix(h, 0x632be5ab + i);
      state[i] = fmix32(h ^ (i * 0x27d4eb2f)) | 0;
    }
    if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
    return new RandomStream(state);
  }
}
