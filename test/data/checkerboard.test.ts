import { describe, expect, it } from "vitest";
import { checkerboardInputDim, generateCheckerboard } from "../../src/data/checkerboard.js";

describe("checkerboard generator", () => {
  it("lays out n noisy checkerboard entries then n one-hot target colours", () => {
    const n = 4;
    const d = generateCheckerboard({ n, samples: 500, seed: 3 });
    expect(d.inputDim).toBe(n + n * n);
    expect(checkerboardInputDim(10)).toBe(110);
    expect(d.x.length).toBe(500 * d.inputDim);
    for (let r = 0; r < d.rows; r++) {
      const row = d.x.subarray(r * d.inputDim, (r + 1) * d.inputDim);
      // Target block: each direction holds a one-hot colour, the colours form a permutation.
      const seen = new Set<number>();
      for (let dir = 0; dir < n; dir++) {
        const block = Array.from(row.subarray(n + dir * n, n + dir * n + n));
        expect(block.filter((v) => v === 1).length).toBe(1);
        expect(block.filter((v) => v === 0).length).toBe(n - 1);
        seen.add(block.indexOf(1));
      }
      expect(seen.size).toBe(n);
      // The correct direction's target has the checkerboard colour.
      const dirBlock = Array.from(row.subarray(n + d.direction[r] * n, n + d.direction[r] * n + n));
      expect(dirBlock.indexOf(1)).toBe(d.colour[r]);
      // The checkerboard block is one-hot(c) plus noise: argmax is c for small noise.
      const cb = Array.from(row.subarray(0, n));
      expect(cb.indexOf(Math.max(...cb))).toBe(d.colour[r]);
    }
  });

  it("puts noise of sd 0.1 on the checkerboard entries only", () => {
    const n = 3;
    const d = generateCheckerboard({ n, samples: 4000, seed: 5 });
    const resid: number[] = [];
    for (let r = 0; r < d.rows; r++) {
      for (let i = 0; i < n; i++) resid.push(d.x[r * d.inputDim + i] - (i === d.colour[r] ? 1 : 0));
      for (let j = n; j < d.inputDim; j++) expect([0, 1]).toContain(d.x[r * d.inputDim + j]);
    }
    const m = resid.reduce((s, v) => s + v, 0) / resid.length;
    const sd = Math.sqrt(resid.reduce((s, v) => s + (v - m) ** 2, 0) / resid.length);
    expect(Math.abs(m)).toBeLessThan(0.01);
    expect(sd).toBeGreaterThan(0.095);
    expect(sd).toBeLessThan(0.105);
    const noiseless = generateCheckerboard({ n, samples: 10, seed: 5, noiseSd: 0 });
    for (let r = 0; r < 10; r++) for (let i = 0; i < n; i++) expect(noiseless.x[r * noiseless.inputDim + i]).toBe(i === noiseless.colour[r] ? 1 : 0);
  });

  it("draws colour and direction uniformly and independently", () => {
    const n = 3;
    const rows = 18000;
    const d = generateCheckerboard({ n, samples: rows, seed: 11 });
    const joint = Array.from({ length: n }, () => new Array(n).fill(0));
    for (let r = 0; r < rows; r++) joint[d.colour[r]][d.direction[r]]++;
    // Chi-square test of independence and uniformity against rows / n^2 per cell, 8 df:
    // the 0.999 quantile is 26.1.
    const e = rows / (n * n);
    let chi2 = 0;
    for (const row of joint) for (const o of row) chi2 += (o - e) ** 2 / e;
    expect(chi2).toBeLessThan(26.1);
  });

  it("is deterministic in its seed and rejects bad options", () => {
    const a = generateCheckerboard({ n: 5, samples: 50, seed: 9 });
    const b = generateCheckerboard({ n: 5, samples: 50, seed: 9 });
    const c = generateCheckerboard({ n: 5, samples: 50, seed: 10 });
    expect(a.x).toEqual(b.x);
    expect(a.x).not.toEqual(c.x);
    expect(() => generateCheckerboard({ n: 1, samples: 5, seed: 1 })).toThrow(/n must be an integer >= 2, got 1/);
    expect(() => generateCheckerboard({ n: 2, samples: 0, seed: 1 })).toThrow(/samples/);
    expect(() => generateCheckerboard({ n: 2, samples: 5, seed: 0 })).toThrow(/seed/);
    expect(() => generateCheckerboard({ n: 2, samples: 5, seed: 1, noiseSd: Number.NaN })).toThrow(/noiseSd/);
  });
});
