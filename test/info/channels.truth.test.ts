/**
 * Each channel's analytic I(Z;Y) against an independent brute-force computation: numerical
 * integration of the density-based formula sum_y p(y) int p(z|y) log2(p(z|y)/p(z)) dz for the
 * 1-D channels, sums over the joint table for the discrete ones, and reductions between channels.
 */
import { describe, expect, it } from "vitest";
import {
  binaryAntipodal,
  binaryAntipodalMiBits,
  binaryEntropyBits,
  distributionEntropyBits,
  erasure,
  erasureMiBits,
  oneHotGaussian,
  oneHotGaussianCondEntropyNats,
  oneHotGaussianMiBits,
  symmetricChannel,
  symmetricChannelMiBits,
  uniformIntervals,
  uniformIntervalsMiBits,
} from "../../src/info/channels/index.js";

/** Quadrature vs fine trapezoid: both converge exponentially; 1e-9 is the claimed bound. */
const QUADRATURE_TOL_BITS = 1e-9;
/** Closed forms vs exact sums / exact piecewise-constant integrals: rounding only. */
const EXACT_TOL_BITS = 1e-12;

/** I in bits from a joint probability table p[y][z]. */
function miFromJointBits(joint: number[][]): number {
  const py = joint.map((row) => row.reduce((a, b) => a + b, 0));
  const pz = joint[0].map((_, j) => joint.reduce((a, row) => a + row[j], 0));
  let mi = 0;
  joint.forEach((row, i) =>
    row.forEach((p, j) => {
      if (p > 0) mi += p * Math.log2(p / (py[i] * pz[j]));
    }),
  );
  return mi;
}

/**
 * Density-based I in bits of a 1-D channel by the trapezoid rule on [lo, hi]:
 * sum_y p(y) int p(z|y) [log p(z|y) - log p(z)] dz, from log-densities (no underflow).
 */
function miFromLogDensitiesBits(
  probs: number[],
  logDensity: (y: number, z: number) => number,
  lo: number,
  hi: number,
  steps: number,
): number {
  const h = (hi - lo) / steps;
  let acc = 0;
  const l = new Float64Array(probs.length);
  for (let i = 0; i <= steps; i++) {
    const z = lo + i * h;
    let max = -Infinity;
    for (let y = 0; y < probs.length; y++) {
      l[y] = logDensity(y, z);
      if (probs[y] > 0 && l[y] > max) max = l[y];
    }
    if (max === -Infinity) continue;
    let mix = 0;
    for (let y = 0; y < probs.length; y++) if (probs[y] > 0) mix += probs[y] * Math.exp(l[y] - max);
    const logPz = max + Math.log(mix);
    let f = 0;
    for (let y = 0; y < probs.length; y++) {
      if (probs[y] > 0 && l[y] > -Infinity) f += probs[y] * Math.exp(l[y]) * (l[y] - logPz);
    }
    acc += (i === 0 || i === steps ? 0.5 : 1) * f;
  }
  return (acc * h) / Math.LN2;
}

/** Midpoint rule for a piecewise-constant integrand whose breakpoints are multiples of 1/8: exact. */
function miPiecewiseBits(probs: number[], density: (y: number, z: number) => number, lo: number, hi: number): number {
  const h = 1 / 8;
  const logDensity = (y: number, z: number): number => Math.log(density(y, z));
  let acc = 0;
  for (let z = lo + h / 2; z < hi; z += h) {
    const pz = probs.reduce((a, p, y) => a + p * density(y, z), 0);
    for (let y = 0; y < probs.length; y++) {
      const d = density(y, z);
      if (probs[y] > 0 && d > 0) acc += probs[y] * d * (logDensity(y, z) - Math.log(pz)) * h;
    }
  }
  return acc / Math.LN2;
}

describe("binary antipodal: Gauss-Hermite vs brute-force density integral", () => {
  for (const [mu, sigma] of [
    [0.01, 1],
    [0.3, 1],
    [1, 1],
    [1.5, 1],
    [2, 0.5],
    [-3, 1],
    [5, 1],
    [12, 1],
  ]) {
    it(`mu=${mu}, sigma=${sigma}`, () => {
      const ch = binaryAntipodal({ mu, sigma });
      const m = Math.abs(mu);
      const logN = (x: number, mean: number): number =>
        -0.5 * ((x - mean) / sigma) ** 2 - Math.log(sigma * Math.sqrt(2 * Math.PI));
      const brute = miFromLogDensitiesBits([0.5, 0.5], (y, z) => logN(z, (2 * y - 1) * mu), -m - 14 * sigma, m + 14 * sigma, 40_000);
      expect(Math.abs(ch.miBits() - brute)).toBeLessThan(QUADRATURE_TOL_BITS);
      expect(ch.miBits()).toBeGreaterThanOrEqual(0);
      expect(ch.miBits()).toBeLessThanOrEqual(1);
    });
  }

  it("is 0 at d = 0 and increases with d", () => {
    expect(binaryAntipodalMiBits(0)).toBe(0);
    let prev = 0;
    for (const d of [0.1, 0.5, 1, 2, 3, 4]) {
      const v = binaryAntipodalMiBits(d);
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
  });
});

describe("one-hot Gaussian: reduced integral", () => {
  for (const s of [0.2, 1, 2, 3, 5]) {
    it(`k=2 equals the antipodal channel with d = s/sqrt(2) (s=${s})`, () => {
      // Z_0 - Z_1 is sufficient: +-a + sigma sqrt(2) N.
      expect(Math.abs(oneHotGaussianMiBits(2, s) - binaryAntipodalMiBits(s / Math.SQRT2))).toBeLessThan(QUADRATURE_TOL_BITS);
    });
  }

  for (const [k, s] of [
    [3, 0.7],
    [10, 2.5],
    [50, 4],
    [1000, 8],
    [100_000, 3],
  ]) {
    it(`halving both trapezoid steps changes nothing (k=${k}, s=${s})`, () => {
      const coarse = oneHotGaussianCondEntropyNats(k, s);
      const fine = oneHotGaussianCondEntropyNats(k, s, 2);
      expect(Math.abs(coarse - fine) / Math.LN2).toBeLessThan(1e-11);
    });
  }

  it("a = 0 gives 0 bits; large s approaches log2 k; monotone in s and within [0, log2 k]", () => {
    expect(oneHotGaussian({ k: 5, amplitude: 0, sigma: 1 }).miBits()).toBe(0);
    expect(Math.abs(oneHotGaussianMiBits(5, 10) - Math.log2(5))).toBeLessThan(1e-9);
    let prev = 0;
    for (const s of [0.25, 0.5, 1, 2, 3, 4, 6]) {
      const v = oneHotGaussianMiBits(6, s);
      expect(v).toBeGreaterThan(prev);
      expect(v).toBeLessThanOrEqual(Math.log2(6));
      prev = v;
    }
  });

  it("depends on (a, sigma) only through a / sigma and ignores the extra dims", () => {
    const a = oneHotGaussian({ k: 4, amplitude: 2, sigma: 1 }).miBits();
    const b = oneHotGaussian({ k: 4, amplitude: 1, sigma: 0.5, dim: 9 }).miBits();
    expect(Math.abs(a - b)).toBeLessThan(1e-14);
  });
});

describe("uniform intervals (Gao et al. 2017): closed form vs exact piecewise integral", () => {
  for (const m of [2, 3, 4, 10, 37]) {
    it(`m=${m}`, () => {
      const density = (y: number, z: number): number => (z >= y && z < y + 2 ? 0.5 : 0);
      const probs = Array.from({ length: m }, () => 1 / m);
      const brute = miPiecewiseBits(probs, density, 0, m + 1);
      expect(Math.abs(uniformIntervals({ m }).miBits() - brute)).toBeLessThan(EXACT_TOL_BITS);
      // The closed form in nats, converted to bits.
      expect(uniformIntervalsMiBits(m)).toBeCloseTo((Math.log(m) - ((m - 1) * Math.LN2) / m) / Math.LN2, 14);
    });
  }
  it("m=2 gives 0.5 bit", () => expect(uniformIntervalsMiBits(2)).toBeCloseTo(0.5, 14));
});

describe("erasure: closed form vs joint table and density integral", () => {
  const cases: { probs: number[]; e: number }[] = [
    { probs: [0.5, 0.5], e: 0 },
    { probs: [0.5, 0.5], e: 1 },
    { probs: [0.25, 0.25, 0.25, 0.25], e: 0.3 },
    { probs: [0.7, 0.2, 0.1], e: 0.55 },
    { probs: [0.5, 0, 0.25, 0.25], e: 0.1 },
  ];
  for (const { probs, e } of cases) {
    it(`p=${JSON.stringify(probs)}, e=${e}`, () => {
      const k = probs.length;
      // One-hot encoding: symbols 0..k-1 revealed, k erased.
      const joint = probs.map((p, y) => Array.from({ length: k + 1 }, (_, z) => (z === k ? p * e : z === y ? p * (1 - e) : 0)));
      const table = miFromJointBits(joint);
      const ch = erasure({ labelProbs: probs, erasureProb: e });
      expect(Math.abs(ch.miBits() - table)).toBeLessThan(EXACT_TOL_BITS);
      expect(Math.abs(erasureMiBits(e, probs) - table)).toBeLessThan(EXACT_TOL_BITS);
      // Interval encoding: U(y, y+1) revealed, U(-1, 0) erased.
      const density = (y: number, z: number): number => (z >= -1 && z < 0 ? e : z >= y && z < y + 1 ? 1 - e : 0);
      const integral = miPiecewiseBits(probs, density, -1, k);
      const chI = erasure({ labelProbs: probs, erasureProb: e, encoding: "interval" });
      expect(Math.abs(chI.miBits() - integral)).toBeLessThan(EXACT_TOL_BITS);
      expect(ch.hYBits()).toBeCloseTo(distributionEntropyBits(probs), 14);
    });
  }
});

describe("k-ary symmetric: closed form vs joint table", () => {
  for (const [k, p] of [
    [2, 0],
    [2, 0.11],
    [2, 0.5],
    [4, 0.2],
    [4, 0.75],
    [4, 1],
    [10, 0.37],
  ]) {
    it(`k=${k}, p=${p}`, () => {
      const joint = Array.from({ length: k }, (_, y) =>
        Array.from({ length: k }, (_, x) => (x === y ? (1 - p) / k : p / (k - 1) / k)),
      );
      const table = miFromJointBits(joint);
      expect(Math.abs(symmetricChannel({ k, errorProb: p }).miBits() - table)).toBeLessThan(EXACT_TOL_BITS);
      expect(Math.abs(symmetricChannelMiBits(k, p) - (Math.log2(k) - binaryEntropyBits(p) - p * Math.log2(k - 1)))).toBeLessThan(
        EXACT_TOL_BITS,
      );
    });
  }
  it("p = (k-1)/k gives 0 bits (observed symbol uniform)", () => {
    expect(Math.abs(symmetricChannelMiBits(5, 0.8))).toBeLessThan(EXACT_TOL_BITS);
  });
});
