/**
 * The runner pipeline both families go through (src/experiments/pipeline.ts): set up once per run
 * and only when a seed is computed, then train -> probe -> estimate -> record per seed, estimates
 * paired with their points in order, the run's key and timings handed to the record hook. A planted
 * family with real decoders on tiny separable data, so the estimates are real numbers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DecoderTask } from "../../src/interfaces.js";
import { ResultCache } from "../../src/experiments/cache.js";
import { runRun, runSeed, type RunFamily } from "../../src/experiments/pipeline.js";
import { linearDecoder } from "../../src/info/core/families.js";

const dir = mkdtempSync(join(tmpdir(), "pipeline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Cfg {
  name: string;
  /** Which point's label the planted data separate perfectly (the other is noise). */
  readable: "a" | "b";
}
interface Point {
  label: "a" | "b";
}
interface Result {
  seed: number;
  info: (Point & { bits: number })[];
  key: string;
  setupToken: number;
  finalValAccuracy: number;
  wallSeconds: { train: number; decode: number };
  peakRssMiB: number;
}

/** A planted family that logs which hook ran, in order. */
function plantedFamily(calls: string[], parsed: WeakSet<Cfg>, opts: { dropPoint?: boolean } = {}): RunFamily<Cfg, number, { rows: number }, Point, Result> {
  let setups = 0;
  return {
    tag: (c) => `[${c.name}]`,
    requireParsed: (c, where) => {
      if (!parsed.has(c)) throw new Error(`${where}: not parsed`);
    },
    key: (c, backend) => `${c.name}-${backend.name}`,
    cache: () => new ResultCache<Result>("pipeline-test", dir),
    defaultConcurrency: () => 1,
    setUp: () => {
      calls.push("setUp");
      return ++setups;
    },
    train: async (_c, seed, ctx) => {
      calls.push(`train ${seed} parallel=${ctx.parallel} setup=${ctx.setup}`);
      ctx.log(`${ctx.tag} trained`);
      return { rows: 256 };
    },
    probe: (c, seed, trained) => {
      calls.push(`probe ${seed}`);
      const n = trained.rows;
      const y = Int32Array.from({ length: n }, (_, i) => i % 2);
      const noise = Int32Array.from({ length: n }, (_, i) => (i * 7 + 3) % 5 < 2 ? 1 : 0);
      const z = Float32Array.from({ length: n }, (_, i) => (y[i] ? 1 : -1));
      const half = (labels: Int32Array, part: 0 | 1) => ({ z: z.subarray(part * n / 2, (part + 1) * n / 2), dim: 1, labels: labels.subarray(part * n / 2, (part + 1) * n / 2), numClasses: 2 });
      const points: Point[] = [{ label: "a" }, { label: "b" }];
      const tasks: DecoderTask[] = points.map(({ label }, i) => {
        const labels = label === c.readable ? y : noise;
        return { id: label, train: half(labels, 0), test: half(labels, 1), seed: seed * 10 + i + 1, hYBits: 1 };
      });
      return { tasks, points: opts.dropPoint ? points.slice(1) : points };
    },
    decoder: () => linearDecoder({ epochs: 100, optimizer: { kind: "adam", lr: 0.1, weightDecay: 0 } }),
    record: (_c, seed, m) => {
      calls.push(`record ${seed}`);
      return { seed, info: m.info.map((p) => ({ label: p.label, bits: p.bits })), key: m.key, setupToken: setups, finalValAccuracy: 1, wallSeconds: m.wallSeconds, peakRssMiB: m.peakRssMiB };
    },
  };
}

describe("runner pipeline (one pipeline for every family)", () => {
  it("one seed goes set up -> train -> probe -> estimate -> record, each estimate paired with its own point (the readable label reads ~1 bit, the noise ~0)", async () => {
    const calls: string[] = [];
    const parsed = new WeakSet<Cfg>();
    for (const readable of ["a", "b"] as const) {
      const cfg = { name: `one-${readable}`, readable };
      parsed.add(cfg);
      const r = await runSeed(plantedFamily(calls, parsed), cfg, 3, { log: () => {} });
      const bits = Object.fromEntries(r.info.map((p) => [p.label, p.bits]));
      const other = readable === "a" ? "b" : "a";
      expect(bits[readable]).toBeGreaterThan(0.8);
      expect(bits[other]).toBeLessThan(0.3);
      expect(r.key).toMatch(new RegExp(`^one-${readable}-`));
      expect(r.wallSeconds.train).toBeGreaterThanOrEqual(0);
      expect(r.wallSeconds.decode).toBeGreaterThan(0);
    }
    expect(calls).toEqual(["setUp", "train 3 parallel=false setup=1", "probe 3", "record 3", "setUp", "train 3 parallel=false setup=1", "probe 3", "record 3"]);
  });

  it("a run sets up once, lazily: not at all when every seed is cached, once for all the seeds it computes; seeds run side by side are told so", async () => {
    const calls: string[] = [];
    const parsed = new WeakSet<Cfg>();
    const cfg = { name: "run", readable: "a" as const };
    parsed.add(cfg);
    const family = plantedFamily(calls, parsed);
    const out = await runRun(family, cfg, [1, 2, 3], { log: () => {}, concurrency: 2 });
    expect(out.map((r) => r.seed)).toEqual([1, 2, 3]);
    expect(calls.filter((c) => c === "setUp")).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith("train")).every((c) => c.includes("parallel=true") && c.endsWith("setup=1"))).toBe(true);
    calls.length = 0;
    const again = await runRun(family, cfg, [3, 1], { log: () => {} });
    expect(again.map((r) => r.seed)).toEqual([3, 1]);
    expect(calls).toEqual([]);
  });

  it("refuses a config that did not come from the family's parser, and a probe hook whose tasks and points do not pair", async () => {
    const calls: string[] = [];
    const parsed = new WeakSet<Cfg>();
    const cfg = { name: "raw", readable: "a" as const };
    await expect(runSeed(plantedFamily(calls, parsed), cfg, 1, { log: () => {} })).rejects.toThrow(/runSeed: not parsed/);
    await expect(runRun(plantedFamily(calls, parsed), cfg, [1], { log: () => {} })).rejects.toThrow(/runRun: not parsed/);
    expect(calls).toEqual([]);
    parsed.add(cfg);
    await expect(runSeed(plantedFamily(calls, parsed, { dropPoint: true }), cfg, 1, { log: () => {} })).rejects.toThrow(/2 decoder tasks but 1 points/);
  });

});
