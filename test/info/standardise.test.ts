import { describe, expect, it } from "vitest";
import { standardiseUnits, unitStats } from "../../src/info/core/standardise.js";
import { createRng } from "../../src/runtime/rng.js";

function sample(rows: number, dim: number, seed: number, scale: number[], offset: number[]): Float32Array {
  const rng = createRng(seed);
  const z = new Float32Array(rows * dim);
  for (let i = 0; i < rows; i++) for (let j = 0; j < dim; j++) z[i * dim + j] = offset[j] + scale[j] * rng.normal();
  return z;
}

describe("standardiseUnits", () => {
  it("gives each unit mean 0 and SD 1 on the fit rows, using those rows only", () => {
    const z = sample(400, 3, 1, [1e-3, 1, 50], [0.36, -2, 7]);
    // Rows after the fit rows must not change the map: plant huge values there.
    for (let k = 300 * 3; k < z.length; k++) z[k] = 1e4;
    const s = standardiseUnits(z, 3, 300);
    const st = unitStats(s, 3, 300);
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(st.mean[j])).toBeLessThan(1e-5);
      expect(Math.abs(st.sd[j] - 1)).toBeLessThan(1e-4);
    }
    expect(s[350 * 3]).toBeGreaterThan(1e3);
  });

  it("is the same for Z and any per-unit affine map of Z (positive scale), so it removes only the scale", () => {
    const z = sample(200, 2, 2, [1, 1], [0, 0]);
    const a = z.map((v, k) => (k % 2 === 0 ? 3e-3 * v + 0.4 : 80 * v - 5));
    const s1 = standardiseUnits(z, 2, 200);
    const s2 = standardiseUnits(a, 2, 200);
    let worst = 0;
    for (let k = 0; k < z.length; k++) worst = Math.max(worst, Math.abs(s1[k] - s2[k]));
    expect(worst).toBeLessThan(1e-3);
  });

  it("maps constant units to 0 and rejects bad shapes", () => {
    const z = new Float32Array([1, 5, 2, 5, 3, 5]);
    const s = standardiseUnits(z, 2, 3);
    expect([s[1], s[3], s[5]]).toEqual([0, 0, 0]);
    expect(() => standardiseUnits(z, 4, 1)).toThrow(/not a multiple of dim 4/);
    expect(() => standardiseUnits(z, 2, 0)).toThrow(/fitRows must be an integer in \[1, 3\]/);
    expect(() => standardiseUnits(z, 2, 4)).toThrow(/fitRows/);
  });
});
