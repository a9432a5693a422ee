/**
 * The committed paper-scale checkerboard data (reports/paper/data) against itself and against the
 * 8-seed pilot it replaced (reports/paper/pilot-2026-12-01), and the restamp rules
 * (src/experiments/restamp.ts): a file keeps its meaning versions only with identical numbers.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CbSeedResult } from "../../src/experiments/cb-runner.js";
import { restamped, seedRunDifferences, storedVersions, versionMismatch } from "../../src/experiments/restamp.js";
import { listSeedData } from "../../src/experiments/seed-data.js";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { MEANING_VERSIONS, versionsOf } from "../../src/runtime/versions.js";

const DATA = join(REPO_ROOT, "reports", "paper", "data");
const PILOT = join(REPO_ROOT, "reports", "paper", "pilot-2026-12-01");
const read = (root: string, run: string, seed: number): CbSeedResult => JSON.parse(readFileSync(join(root, "checkerboard", run, `seed-${seed}.json`), "utf8")) as CbSeedResult;

describe("committed paper data", () => {
  it("holds 16 seeds of every run, all whitened, at the current meaning versions", () => {
    const runs = listSeedData(DATA);
    expect(runs.length).toBe(16);
    for (const { run, seeds } of runs) {
      expect(seeds, run).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      const r = read(DATA, run, 1);
      expect(r.reading, run).toBe("whitened");
      expect(versionMismatch(r), run).toBeNull();
    }
  });

  it("reads seeds 1-8 raw exactly as the 8-seed pilot did: same networks, same decoders, bit for bit", () => {
    let compared = 0;
    for (const { run } of listSeedData(PILOT).filter((r) => !r.run.endsWith("legacy-batches"))) {
      if (!existsSync(join(DATA, "checkerboard", run))) continue;
      for (let seed = 1; seed <= 8; seed++) {
        const now = read(DATA, run, seed);
        const pilot = read(PILOT, run, seed);
        expect(now.valAccuracy, `${run} seed ${seed}`).toEqual(pilot.valAccuracy);
        for (const p of now.info.filter((q) => q.input === "raw")) {
          const q = pilot.info.find((x) => x.label === p.label && x.layer === p.layer && x.epoch === p.epoch && (x.replicate ?? 1) === 1);
          expect(q, `${run} seed ${seed} ${p.label} layer ${p.layer} epoch ${p.epoch}`).toBeDefined();
          expect([p.bits, p.testAccuracy], `${run} seed ${seed} ${p.label} layer ${p.layer} epoch ${p.epoch}`).toEqual([q!.bits, q!.testAccuracy]);
          compared++;
        }
      }
    }
    expect(compared).toBe(576);
  });
});

describe("restamping", () => {
  const r = read(DATA, "paper-CB-10-P20-last-layer-colour", 3);

  it("finds no difference between a seed-run and itself, and names the first that differs", () => {
    expect(seedRunDifferences(r, structuredClone(r))).toEqual([]);
    const moved = structuredClone(r);
    moved.info[1].bits += 1e-15;
    moved.wallSeconds = { train: 0, decode: 0 }; // how long it took is not a number it holds
    expect(seedRunDifferences(r, moved)).toEqual([`info[1].bits: ${r.info[1].bits} -> ${moved.info[1].bits}`]);
    // Bitwise: -0 is not 0.
    const zero = { ...r, valAccuracy: [0, ...r.valAccuracy.slice(1)] };
    expect(seedRunDifferences(zero, { ...zero, valAccuracy: [-0, ...r.valAccuracy.slice(1)] })).toEqual(["valAccuracy[0]: 0 -> 0"]);
    expect(seedRunDifferences(r, { ...r, info: r.info.slice(1) })[0]).toMatch(/^info: \d+ entries -> \d+/);
  });

  it("refuses files of other meaning versions, and records each verification", () => {
    expect(storedVersions(r)).toEqual(versionsOf("checkerboard"));
    expect(versionMismatch({ ...r, versions: { checkerboard: MEANING_VERSIONS.checkerboard - 1, estimator: MEANING_VERSIONS.estimator } })).toMatch(/checkerboard version .* a change of meaning needs a new measurement/);
    const legacy = read(PILOT, "paper-CB-10", 1);
    expect(versionMismatch(legacy)).toMatch(/before versions existed/);
    const stamp = { codeVersion: "abc", verified: "2026-12-02T00:00:00.000Z", sample: ["paper-CB-10/seed-1"] };
    const out = restamped(r, "abc", stamp);
    expect(out.codeVersion).toBe("abc");
    expect(out.stamps?.at(-1)).toEqual(stamp);
    expect(seedRunDifferences(r, out)).toEqual([]);
  });
});
