import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ResultCache } from "../../src/experiments/cache.js";
import { runSeedLoop, type SeedRunSummary } from "../../src/experiments/seed-loop.js";

type R = SeedRunSummary & { seed: number };
const dir = mkdtempSync(join(tmpdir(), "seed-loop-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const result = (seed: number): R => ({ seed, finalValAccuracy: 0.9, wallSeconds: { train: 1, decode: 2 }, peakRssMiB: 100 });

describe("runSeedLoop (the seed loop both runners share)", () => {
  it("takes cached seeds first (logged as hits), computes only the others, and returns every seed in the order asked, whatever the concurrency", async () => {
    const cache = new ResultCache<R>("loop", dir);
    cache.put("k", 2, result(2));
    const computed: number[] = [];
    const lines: string[] = [];
    const compute = async (seed: number, label: string) => {
      computed.push(seed);
      expect(label).toMatch(new RegExp(`^seed ${seed} \\(\\d/4\\)$`));
      // Later seeds finish first: the order of the results must not follow the finishing order.
      await new Promise((r) => setTimeout(r, 20 - 4 * seed));
      return result(seed);
    };
    const out = await runSeedLoop({ tag: "[t]", key: "k", seeds: [4, 2, 1, 3], cache, concurrency: 2, log: (l) => lines.push(l), compute });
    expect(out.map((r) => r.seed)).toEqual([4, 2, 1, 3]);
    expect(computed.sort()).toEqual([1, 3, 4]);
    expect(lines[0]).toMatch(/^\[t\] seed 2 \(2\/4\) cache hit/);
    expect(lines.filter((l) => / done: final val-acc 0\.900/.test(l))).toHaveLength(3);
    // A second run computes nothing.
    const again = await runSeedLoop({ tag: "[t]", key: "k", seeds: [1, 2, 3, 4], cache, concurrency: 1, log: () => {}, compute: async () => { throw new Error("computed again"); } });
    expect(again.map((r) => r.seed)).toEqual([1, 2, 3, 4]);
  });

  it("rejects a concurrency that is not a positive integer", async () => {
    const cache = new ResultCache<R>("loop", dir);
    await expect(runSeedLoop({ tag: "[t]", key: "k2", seeds: [1], cache, concurrency: 0, log: () => {}, compute: async (s) => result(s) })).rejects.toThrow(/concurrency must be a positive integer, got 0/);
  });
});
