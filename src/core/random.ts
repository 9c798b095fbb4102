/**
 * The one seeded random number generator. Everything random in sweep (splits, sampling, bootstrap,
 * feature draws) draws from a `Random`, so the same seed gives the same bytes out.
 *
 * The generator is xoshiro128** (32-bit state words, fast in JS), seeded through splitmix32.
 * `Random.derive(seed, ...path)` gives independent streams keyed by a path (e.g. a tree index),
 * so results do not depend on how work is spread over workers.
 */

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [state, (z ^ (z >>> 16)) >>> 0];
}

/** FNV-1a hash of a string, for deriving streams from names. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded pseudo-random generator (xoshiro128**). */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** @param seed any 32-bit integer; the same seed always gives the same sequence. */
  constructor(seed: number) {
    let st = seed | 0;
    let out: number;
    [st, out] = splitmix32(st);
    this.s0 = out;
    [st, out] = splitmix32(st);
    this.s1 = out;
    [st, out] = splitmix32(st);
    this.s2 = out;
    [st, out] = splitmix32(st);
    this.s3 = out;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * A generator for a named sub-stream: `Random.derive(seed, 'tree', 17)` is the same whatever
   * else was drawn before, so parallel work stays reproducible.
   */
  static derive(seed: number, ...path: Array<string | number>): Random {
    let h = seed >>> 0;
    for (const part of path) {
      const v = typeof part === 'number' ? part >>> 0 : hashString(part);
      h = Math.imul(h ^ v, 0x9e3779b1) >>> 0;
      h = splitmix32(h)[1];
    }
    return new Random(h);
  }

  /** The next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** The last bound `randint` saw and its largest accepted draw (bootstrap draws repeat one bound). */
  private boundN = 0;
  private boundMax = 0;

  /** An integer in [0, n), without modulo bias. */
  randint(n: number): number {
    if (n === 0x100000000) return this.nextUint32();
    if (!(n > 0) || n >>> 0 !== n) throw new RangeError(`randint: n must be an integer in (0, 2^32], got ${n}`);
    // Rejects the top 2^32 mod n values. Written with uint32 operands only (2^32 mod n as
    // ((2^32 - 1) mod n + 1) mod n) so the JIT uses integer division instead of a float fmod.
    const m = n >>> 0;
    if (m !== this.boundN) {
      this.boundN = m;
      this.boundMax = 0xffffffff - (((0xffffffff % m) + 1) % m);
    }
    const max = this.boundMax;
    for (;;) {
      const x = this.nextUint32();
      if (x <= max) return (x % m) >>> 0;
    }
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.randint(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** `k` distinct integers from [0, n), in draw order (partial Fisher–Yates when k is large). */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (k > n) throw new RangeError(`cannot draw ${k} distinct values from ${n}`);
    if (k * 4 > n) {
      const pool = this.permutation(n);
      return pool.slice(0, k);
    }
    const seen = new Set<number>();
    const out = new Int32Array(k);
    let i = 0;
    while (i < k) {
      const v = this.randint(n);
      if (!seen.has(v)) {
        seen.add(v);
        out[i++] = v;
      }
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
