// The one seeded generator of OpenCSII. Every random draw in a run comes from a generator built
// from the run's seed, so the same seed always gives the same run.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

type Generator = ReturnType<typeof xoroshiro128plus>;

/** Mixes a 32-bit value (splitmix32 finaliser): derived seeds are decorrelated. */
function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A seed for stream `index` of a master seed: a cohort gives patient i the seed
 * `deriveSeed(master, i)`, so any patient can be rerun alone.
 */
export function deriveSeed(masterSeed: number, index: number): number {
  return mix32(mix32(masterSeed >>> 0) ^ Math.imul(index + 1, 0x27d4eb2d));
}

export class Rng {
  private readonly generator: Generator;
  private spareNormal = Number.NaN;

  constructor(readonly seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.generator = xoroshiro128plus(seed | 0);
  }

  /** A uniform integer in [0, 2^32). */
  nextUint32(): number {
    return this.generator.next() >>> 0;
  }

  /** A uniform number in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform number in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** A uniform integer in [low, high], both included. */
  integer(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** A standard normal draw (Marsaglia's polar method; the second value is kept for later). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /** A normal draw with the given mean and standard deviation. */
  gaussian(mean: number, sd: number): number {
    return mean + sd * this.normal();
  }

  /** An exponential waiting time with the given rate (events per unit of time). */
  exponential(rate: number): number {
    return -Math.log(1 - this.uniform()) / rate;
  }

  /** An independent generator for a named sub-stream (e.g. the CGM noise of a run). */
  fork(streamIndex: number): Rng {
    return new Rng(deriveSeed(this.seed, streamIndex) | 0);
  }
}
