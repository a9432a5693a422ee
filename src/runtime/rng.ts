/**
 * Seeded randomness. Every random draw in the project goes through a `Rng` built from an explicit
 * seed; child seeds are derived by name so that adding a new consumer never shifts another's stream.
 * Nothing here calls Math.random.
 */

/** A seeded stream of uniform numbers with a few derived draws. */
export interface Rng {
  /** Uniform on [0, 1), 32-bit resolution. */
  next(): number;
  /** Uniform integer on {0, ..., n-1}. */
  int(n: number): number;
  /** Standard normal (Box-Muller, both values used). */
  normal(): number;
  /** Uniform on [lo, hi). */
  uniform(lo: number, hi: number): number;
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 1 || seed > 0xffffffff) {
    throw new Error(`seed must be an integer in [1, 2^32-1], got ${seed}`);
  }
}

/** mulberry32 (the generator the shared CIFAR subsets were shuffled with). */
export function createRng(seed: number): Rng {
  checkSeed(seed);
  let a = seed | 0;
  let spare: number | null = null;
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = next();
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/**
 * Child seed from a parent seed and a name (FNV-1a over the name, mixed with the parent by a
 * murmur3 finaliser). Always in [1, 2^32-1]: tfjs ignores a seed of 0 for some draws.
 */
export function deriveSeed(seed: number, ...names: (string | number)[]): number {
  checkSeed(seed);
  let h = seed >>> 0;
  for (const name of names) {
    const s = String(name);
    let f = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) {
      f ^= s.charCodeAt(i);
      f = Math.imul(f, 0x01000193);
    }
    h ^= f >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h === 0 ? 1 : h;
}

/** In-place Fisher-Yates shuffle of 0..n-1 drawn from rng. */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
