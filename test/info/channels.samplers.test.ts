/**
 * Samplers: shapes and dtypes, label frequencies, determinism (same seed equal, different seeds
 * different), sample-based agreement with the analytic I, parameter validation, and the affine
 * transform.
 */
import { describe, expect, it } from "vitest";
import type { LabelledData } from "../../src/interfaces.js";
import {
  affineTransform,
  binaryAntipodal,
  erasure,
  independence,
  oneHotGaussian,
  standardChannels,
  symmetricChannel,
  uniformIntervals,
  type Channel,
} from "../../src/info/channels/index.js";

/** Allowed deviation of a sample statistic from its expectation, in standard errors. */
const Z_SCORE = 4.5;
/** Sample-based I vs analytic I for plug-in estimates on sufficient discretisations, bits (SE ~3e-3 at n = 1e5). */
const PLUGIN_TOL_BITS = 0.015;

const channels: Channel[] = [
  ...standardChannels(),
  binaryAntipodal({ mu: -1, sigma: 0.3 }),
  oneHotGaussian({ k: 3, amplitude: 1, sigma: 2, dim: 5 }),
  erasure({ k: 3, erasureProb: 0 }),
  erasure({ labelProbs: [0.9, 0.1], erasureProb: 1, encoding: "interval" }),
  symmetricChannel({ k: 2, errorProb: 0 }),
  independence({ labelProbs: [0.2, 0.3, 0.5], dim: 1 }),
  affineTransform(binaryAntipodal({ mu: 1, sigma: 1 }), { seed: 3, conditionNumber: 100 }),
  affineTransform(erasure({ k: 3, erasureProb: 0.4 }), { seed: 11 }),
];

function expectSameData(a: LabelledData, b: LabelledData): void {
  expect(a.dim).toBe(b.dim);
  expect(a.numClasses).toBe(b.numClasses);
  expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
  expect(Array.from(a.z)).toEqual(Array.from(b.z));
}

describe("sampler sanity, every channel", () => {
  it("ids are unique", () => {
    expect(new Set(channels.map((c) => c.id)).size).toBe(channels.length);
  });

  for (const ch of channels) {
    describe(ch.id, () => {
      it("shapes, dtypes, finite values, label range", () => {
        const n = 257;
        const d = ch.sample(n, 5);
        expect(d.z).toBeInstanceOf(Float32Array);
        expect(d.labels).toBeInstanceOf(Int32Array);
        expect(d.dim).toBe(ch.dim);
        expect(d.numClasses).toBe(ch.numClasses);
        expect(d.z.length).toBe(n * ch.dim);
        expect(d.labels.length).toBe(n);
        for (const v of d.z) expect(Number.isFinite(v)).toBe(true);
        for (const y of d.labels) {
          expect(y).toBeGreaterThanOrEqual(0);
          expect(y).toBeLessThan(ch.numClasses);
        }
        const empty = ch.sample(0, 5);
        expect(empty.z.length).toBe(0);
        expect(empty.labels.length).toBe(0);
      });

      it("0 <= I <= H(Y), H(Y) matches labelProbs, error bound is small", () => {
        const probs = ch.labelProbs();
        expect(probs.length).toBe(ch.numClasses);
        const h = probs.reduce((a, p) => (p > 0 ? a - p * Math.log2(p) : a), 0);
        expect(ch.hYBits()).toBeCloseTo(h, 12);
        expect(ch.miBits()).toBeGreaterThanOrEqual(-ch.miErrorBits);
        expect(ch.miBits()).toBeLessThanOrEqual(ch.hYBits() + ch.miErrorBits);
        expect(ch.miErrorBits).toBeLessThanOrEqual(1e-9);
      });

      it("same seed gives identical data; different seeds give different data", () => {
        expectSameData(ch.sample(300, 42), ch.sample(300, 42));
        const a = ch.sample(300, 42);
        const b = ch.sample(300, 43);
        const differs = a.labels.some((y, i) => y !== b.labels[i]) || a.z.some((v, i) => v !== b.z[i]);
        expect(differs).toBe(true);
      });

      it("label frequencies match labelProbs", () => {
        const n = 20_000;
        const { labels } = ch.sample(n, 9);
        const counts = new Array<number>(ch.numClasses).fill(0);
        for (const y of labels) counts[y]++;
        ch.labelProbs().forEach((p, y) => {
          const se = Math.sqrt((p * (1 - p)) / n);
          if (p === 0) expect(counts[y]).toBe(0);
          else expect(Math.abs(counts[y] / n - p)).toBeLessThan(Z_SCORE * se);
        });
      });

      it("rejects a bad row count and a bad seed", () => {
        expect(() => ch.sample(-1, 1)).toThrow(/n \(rows\) must be an integer >= 0, got -1/);
        expect(() => ch.sample(2.5, 1)).toThrow(/got 2.5/);
        expect(() => ch.sample(3, 0)).toThrow(/seed/);
      });
    });
  }
});

/** Plug-in I in bits from paired discrete symbols. */
function plugInMiBits(labels: Int32Array, symbols: Int32Array, k: number, m: number): number {
  const n = labels.length;
  const joint = new Float64Array(k * m);
  for (let i = 0; i < n; i++) joint[labels[i] * m + symbols[i]]++;
  const py = new Float64Array(k);
  const pz = new Float64Array(m);
  for (let y = 0; y < k; y++) for (let s = 0; s < m; s++) {
    py[y] += joint[y * m + s];
    pz[s] += joint[y * m + s];
  }
  let mi = 0;
  for (let y = 0; y < k; y++) for (let s = 0; s < m; s++) {
    const c = joint[y * m + s];
    if (c > 0) mi += (c / n) * Math.log2((c * n) / (py[y] * pz[s]));
  }
  return mi;
}

/** Index of the largest coordinate of each row. */
function argmaxRows(d: LabelledData): Int32Array {
  const n = d.labels.length;
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let j = 1; j < d.dim; j++) if (d.z[r * d.dim + j] > d.z[r * d.dim + best]) best = j;
    out[r] = best;
  }
  return out;
}

/** Mean and standard error of an array. */
function meanSe(xs: Float64Array): { mean: number; se: number } {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - m) ** 2;
  return { mean: m, se: Math.sqrt(v / (xs.length - 1) / xs.length) };
}

/**
 * Monte Carlo I in bits from the true posterior: H(Y) - mean(-log2 p(y|z)), with its standard
 * error. Agreement within a few SE checks sampler and analytic value together.
 */
function posteriorMonteCarloBits(d: LabelledData, hY: number, logPosterior: (row: number, y: number) => number) {
  const n = d.labels.length;
  const ce = new Float64Array(n);
  for (let r = 0; r < n; r++) ce[r] = -logPosterior(r, d.labels[r]) / Math.LN2;
  const { mean, se } = meanSe(ce);
  return { miBits: hY - mean, seBits: se };
}

/** log softmax(a z_{0..k-1} / sigma^2)[y] for row r. */
function oneHotLogPosterior(d: LabelledData, k: number, a: number, sigma: number) {
  return (r: number, y: number): number => {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, (a * d.z[r * d.dim + j]) / sigma ** 2);
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp((a * d.z[r * d.dim + j]) / sigma ** 2 - max);
    return (a * d.z[r * d.dim + y]) / sigma ** 2 - max - Math.log(s);
  };
}

describe("sample-based I agrees with the analytic I", () => {
  for (const [k, a, sigma, dim] of [
    [4, 2, 1, 6],
    [10, 2.5, 1, 10],
    [3, 0.7, 1, 3],
  ]) {
    it(`one-hot Gaussian k=${k}, a=${a}, sigma=${sigma}, dim=${dim}: Monte Carlo within ${Z_SCORE} SE`, () => {
      const ch = oneHotGaussian({ k, amplitude: a, sigma, dim });
      const d = ch.sample(100_000, 2024);
      const mc = posteriorMonteCarloBits(d, Math.log2(k), oneHotLogPosterior(d, k, a, sigma));
      expect(mc.seBits).toBeLessThan(0.01);
      expect(Math.abs(mc.miBits - ch.miBits())).toBeLessThan(Z_SCORE * mc.seBits);
    });
  }

  it(`binary antipodal: Monte Carlo within ${Z_SCORE} SE`, () => {
    const ch = binaryAntipodal({ mu: 0.8, sigma: 1.1 });
    const d = ch.sample(100_000, 77);
    const llr = (r: number, y: number): number => -Math.log1p(Math.exp((-2 * (2 * y - 1) * 0.8 * d.z[r]) / 1.1 ** 2));
    const mc = posteriorMonteCarloBits(d, 1, llr);
    expect(Math.abs(mc.miBits - ch.miBits())).toBeLessThan(Z_SCORE * mc.seBits);
  });

  it("uniform intervals: plug-in on unit bins (floor(Z) is sufficient)", () => {
    const ch = uniformIntervals({ m: 5 });
    const d = ch.sample(100_000, 31);
    for (const v of d.z) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(6);
    }
    const bins = Int32Array.from(d.z, (v) => Math.floor(v));
    expect(Math.abs(plugInMiBits(d.labels, bins, 5, 6) - ch.miBits())).toBeLessThan(PLUGIN_TOL_BITS);
  });

  it("k-ary symmetric: plug-in on the observed symbol; Z is one-hot", () => {
    const ch = symmetricChannel({ k: 4, errorProb: 0.3 });
    const d = ch.sample(100_000, 8);
    for (let r = 0; r < 100; r++) expect(d.z.slice(r * 4, r * 4 + 4).reduce((s, v) => s + v, 0)).toBe(1);
    const x = argmaxRows(d);
    expect(Math.abs(plugInMiBits(d.labels, x, 4, 4) - ch.miBits())).toBeLessThan(PLUGIN_TOL_BITS);
    const errRate = x.reduce((s, v, i) => s + (v !== d.labels[i] ? 1 : 0), 0) / x.length;
    expect(Math.abs(errRate - 0.3)).toBeLessThan(Z_SCORE * Math.sqrt((0.3 * 0.7) / x.length));
  });

  it("erasure, one-hot and interval encodings, non-uniform labels: plug-in and erasure rate", () => {
    const probs = [0.6, 0.3, 0.1];
    const e = 0.35;
    const oh = erasure({ labelProbs: probs, erasureProb: e });
    const d = oh.sample(100_000, 12);
    expect(d.dim).toBe(4);
    const sym = argmaxRows(d);
    expect(Math.abs(plugInMiBits(d.labels, sym, 3, 4) - oh.miBits())).toBeLessThan(PLUGIN_TOL_BITS);
    const erased = sym.reduce((s, v) => s + (v === 3 ? 1 : 0), 0) / sym.length;
    expect(Math.abs(erased - e)).toBeLessThan(Z_SCORE * Math.sqrt((e * (1 - e)) / sym.length));
    // Revealed rows decode exactly.
    sym.forEach((v, i) => {
      if (v !== 3) expect(v).toBe(d.labels[i]);
    });

    const iv = erasure({ labelProbs: probs, erasureProb: e, encoding: "interval" });
    const di = iv.sample(100_000, 12);
    const bins = Int32Array.from(di.z, (v) => Math.floor(v) + 1); // -1 (erased) -> 0
    expect(Math.abs(plugInMiBits(di.labels, bins, 3, 4) - iv.miBits())).toBeLessThan(PLUGIN_TOL_BITS);
  });

  it("independence: Z is standard normal and its class-conditional means vanish", () => {
    const ch = independence({ k: 3, dim: 2 });
    const n = 60_000;
    const d = ch.sample(n, 4);
    for (let j = 0; j < 2; j++) {
      const col = Float64Array.from({ length: n }, (_, r) => d.z[r * 2 + j]);
      const { mean, se } = meanSe(col);
      expect(Math.abs(mean)).toBeLessThan(Z_SCORE * se);
      const v = col.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
      expect(Math.abs(v - 1)).toBeLessThan(Z_SCORE * Math.sqrt(2 / n));
      for (let y = 0; y < 3; y++) {
        const sub = Float64Array.from(col.filter((_, r) => d.labels[r] === y));
        const ms = meanSe(sub);
        expect(Math.abs(ms.mean)).toBeLessThan(Z_SCORE * ms.se);
      }
    }
    expect(ch.miBits()).toBe(0);
  });
});

/** Solves A x = b by Gaussian elimination with partial pivoting (A row-major d x d, copied). */
function solve(aIn: Float64Array, bIn: Float64Array): Float64Array {
  const d = bIn.length;
  const a = Float64Array.from(aIn);
  const b = Float64Array.from(bIn);
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r * d + c]) > Math.abs(a[p * d + c])) p = r;
    for (let j = 0; j < d; j++) [a[c * d + j], a[p * d + j]] = [a[p * d + j], a[c * d + j]];
    [b[c], b[p]] = [b[p], b[c]];
    for (let r = c + 1; r < d; r++) {
      const f = a[r * d + c] / a[c * d + c];
      for (let j = c; j < d; j++) a[r * d + j] -= f * a[c * d + j];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(d);
  for (let r = d - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < d; j++) s -= a[r * d + j] * x[j];
    x[r] = s / a[r * d + r];
  }
  return x;
}

describe("affineTransform", () => {
  const base = oneHotGaussian({ k: 4, amplitude: 2, sigma: 1, dim: 6 });
  const t = affineTransform(base, { seed: 5, conditionNumber: 20, offsetScale: 3 });

  it("keeps I, H(Y), labels and the row pairing; id names base and parameters", () => {
    expect(t.miBits()).toBe(base.miBits());
    expect(t.hYBits()).toBe(base.hYBits());
    expect(t.id).toBe(`${base.id}|affine(seed=5,cond=20,offset=3)`);
    const a = base.sample(500, 9);
    const b = t.sample(500, 9);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    // Row 0 equals A z + b.
    for (let i = 0; i < 6; i++) {
      let v = t.offset[i];
      for (let j = 0; j < 6; j++) v += t.matrix[i * 6 + j] * a.z[j];
      expect(b.z[i]).toBeCloseTo(v, 4);
    }
  });

  it("is invertible: solving A x = z' - b recovers the base rows", () => {
    const a = base.sample(200, 1);
    const b = t.sample(200, 1);
    let maxErr = 0;
    for (let r = 0; r < 200; r++) {
      const rhs = Float64Array.from({ length: 6 }, (_, i) => b.z[r * 6 + i] - t.offset[i]);
      const x = solve(t.matrix, rhs);
      for (let j = 0; j < 6; j++) maxErr = Math.max(maxErr, Math.abs(x[j] - a.z[r * 6 + j]));
    }
    // float32 storage of z' (relative 6e-8) amplified by cond(A) = 20.
    expect(maxErr).toBeLessThan(1e-4);
  });

  it("has the requested condition number: A^T A has eigenvalues in [1/c, c]", () => {
    // Power iteration (normalised) on A^T A and on its inverse through solves.
    const d = 6;
    const ata = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let p = 0; p < d; p++) ata[i * d + j] += t.matrix[p * d + i] * t.matrix[p * d + j];
    let v = Float64Array.from({ length: d }, (_, i) => 1 + i);
    let top = 0;
    let bottom = 0;
    for (let it = 0; it < 500; it++) {
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) w[i] += ata[i * d + j] * v[j];
      top = Math.hypot(...w) / Math.hypot(...v);
      v = w.map((x) => x / Math.hypot(...w));
    }
    v = Float64Array.from({ length: d }, (_, i) => 1 + i);
    for (let it = 0; it < 500; it++) {
      const w = solve(ata, v);
      bottom = Math.hypot(...v) / Math.hypot(...w);
      v = w.map((x) => x / Math.hypot(...w));
    }
    expect(Math.sqrt(top / bottom)).toBeCloseTo(20, 3);
  });

  it("keeps the Monte Carlo I of the transformed 1-D antipodal channel (posterior through A^-1)", () => {
    const ch = binaryAntipodal({ mu: 0.8, sigma: 1 });
    const tr = affineTransform(ch, { seed: 2, conditionNumber: 50 });
    expect(Math.abs(tr.matrix[0])).toBeGreaterThanOrEqual(1 / Math.sqrt(50) - 1e-12);
    expect(Math.abs(tr.matrix[0])).toBeLessThanOrEqual(Math.sqrt(50) + 1e-12);
    const d = tr.sample(50_000, 3);
    const logPost = (r: number, y: number): number => {
      const z = (d.z[r] - tr.offset[0]) / tr.matrix[0];
      return -Math.log1p(Math.exp(-2 * (2 * y - 1) * 0.8 * z));
    };
    const mc = posteriorMonteCarloBits(d, 1, logPost);
    expect(Math.abs(mc.miBits - tr.miBits())).toBeLessThan(Z_SCORE * mc.seBits);
  });

  it("different seeds give different maps; same seed the same map", () => {
    const u = affineTransform(base, { seed: 5, conditionNumber: 20, offsetScale: 3 });
    expect(Array.from(u.matrix)).toEqual(Array.from(t.matrix));
    const w = affineTransform(base, { seed: 6, conditionNumber: 20, offsetScale: 3 });
    expect(Array.from(w.matrix)).not.toEqual(Array.from(t.matrix));
  });
});

describe("parameter validation: clear errors quoting the bad value", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["antipodal sigma = 0", () => binaryAntipodal({ mu: 1, sigma: 0 }), /binaryAntipodal: sigma must be a finite number > 0, got 0/],
    ["antipodal sigma < 0", () => binaryAntipodal({ mu: 1, sigma: -1 }), /sigma .* got -1/],
    ["antipodal mu NaN", () => binaryAntipodal({ mu: NaN, sigma: 1 }), /mu must be a finite number, got NaN/],
    ["one-hot k = 1", () => oneHotGaussian({ k: 1, amplitude: 1, sigma: 1 }), /oneHotGaussian: k must be an integer >= 2, got 1/],
    ["one-hot k = 2.5", () => oneHotGaussian({ k: 2.5, amplitude: 1, sigma: 1 }), /k must be an integer >= 2, got 2.5/],
    ["one-hot amplitude < 0", () => oneHotGaussian({ k: 3, amplitude: -1, sigma: 1 }), /amplitude must be a finite number >= 0, got -1/],
    ["one-hot sigma = Inf", () => oneHotGaussian({ k: 3, amplitude: 1, sigma: Infinity }), /sigma .* got Infinity/],
    ["one-hot dim < k", () => oneHotGaussian({ k: 3, amplitude: 1, sigma: 1, dim: 2 }), /dim must be an integer >= 3, got 2/],
    ["intervals m = 1", () => uniformIntervals({ m: 1 }), /uniformIntervals: m must be an integer >= 2, got 1/],
    ["symmetric p > 1", () => symmetricChannel({ k: 3, errorProb: 1.5 }), /errorProb must be a probability in \[0, 1\], got 1.5/],
    ["symmetric p < 0", () => symmetricChannel({ k: 3, errorProb: -0.1 }), /got -0.1/],
    ["symmetric k = 1", () => symmetricChannel({ k: 1, errorProb: 0.1 }), /k must be an integer >= 2, got 1/],
    ["erasure e > 1", () => erasure({ k: 2, erasureProb: 2 }), /erasure: erasureProb must be a probability in \[0, 1\], got 2/],
    ["erasure both k and probs", () => erasure({ k: 2, labelProbs: [0.5, 0.5], erasureProb: 0.1 }), /exactly one of k and labelProbs/],
    ["erasure neither", () => erasure({ erasureProb: 0.1 }), /exactly one of k and labelProbs/],
    ["erasure probs sum", () => erasure({ labelProbs: [0.5, 0.4], erasureProb: 0.1 }), /labelProbs must sum to 1, got sum 0.9/],
    ["erasure negative prob", () => erasure({ labelProbs: [1.5, -0.5], erasureProb: 0.1 }), /labelProbs must be finite and >= 0/],
    ["erasure one class", () => erasure({ labelProbs: [1], erasureProb: 0.1 }), /at least 2 class probabilities, got \[1\]/],
    ["erasure encoding", () => erasure({ k: 2, erasureProb: 0.1, encoding: "dense" as never }), /encoding must be .* got "dense"/],
    ["independence dim = 0", () => independence({ k: 2, dim: 0 }), /independence: dim must be an integer >= 1, got 0/],
    ["independence k = 1", () => independence({ k: 1, dim: 2 }), /k must be an integer >= 2, got 1/],
    ["affine cond < 1", () => affineTransform(independence({ k: 2, dim: 2 }), { seed: 1, conditionNumber: 0.5 }), /conditionNumber must be >= 1, got 0.5/],
    ["affine seed = 0", () => affineTransform(independence({ k: 2, dim: 2 }), { seed: 0 }), /seed must be an integer >= 1, got 0/],
    ["affine offset < 0", () => affineTransform(independence({ k: 2, dim: 2 }), { seed: 1, offsetScale: -1 }), /offsetScale .* got -1/],
  ];
  for (const [name, make, message] of cases) {
    it(name, () => expect(make).toThrow(message));
  }
});
