import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ResultCache } from "../../src/experiments/cache.js";
import { cbRunConfig, cbSeeds, parseCbConfig, probeEpochsFor, validateCbConfig, validateSeeds, type CbRunConfig } from "../../src/experiments/cb-config.js";
import { isParsedCbConfig } from "../../src/training/cb-run-config.js";
import { runCheckerboard, type CbSeedResult } from "../../src/experiments/cb-runner.js";

const dir = mkdtempSync(join(tmpdir(), "cb-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("checkerboard configs", () => {
  it("match the PROTOCOL.md table at paper scale", () => {
    const cb2 = cbRunConfig("CB-2", "paper");
    expect([cb2.n, cb2.net, cb2.samples, cb2.batchSize, cb2.lr, cb2.epochs]).toEqual([2, "small-fc", 10000, 32, 0.05, 100]);
    expect(cb2.decoder.optimizer).toEqual({ kind: "sgd", lr: 0.05 });
    expect(cb2.decoder.epochs).toBe(100);
    expect(cb2.probeEpochs).toEqual([0, 1, 2, 3, 5, 10, 15, 20, 30, 40, 60, 80, 100]);
    const cb20 = cbRunConfig("CB-20", "paper");
    expect([cb20.n, cb20.net, cb20.samples, cb20.batchSize, cb20.lr, cb20.epochs]).toEqual([20, "medium-fc", 50000, 128, 0.5, 80]);
    expect(cb20.decoder.optimizer).toEqual({ kind: "sgd", lr: 0.5 });
    expect(cb20.probeEpochs.at(-1)).toBe(80);
    expect(cbSeeds("paper", "CB-2")).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(cbSeeds("ci", "CB-2")).toHaveLength(4);
  });

  it("adds pretraining epochs before the run's usual epochs and probes the final one", () => {
    const p = cbRunConfig("CB-10", "paper", { pretrainEpochs: 20 });
    expect(p.pretrainEpochs).toBe(20);
    expect(p.epochs).toBe(80);
    expect(p.probeEpochs.at(-1)).toBe(100);
    expect(probeEpochsFor([0, 5, 50], 30)).toEqual([0, 5, 30]);
  });

  it("rejects invalid configs naming the field and value", () => {
    const ok = cbRunConfig("CB-2", "ci");
    const bad = (patch: Partial<CbRunConfig>) => () => validateCbConfig({ ...ok, ...patch } as CbRunConfig);
    expect(bad({ n: 1 })).toThrow(/n = 1/);
    expect(bad({ lr: Number.NaN })).toThrow(/lr = NaN \(must be a finite number > 0\)/);
    expect(bad({ lr: -0.1 })).toThrow(/lr = -0.1/);
    expect(bad({ net: "huge-fc" as CbRunConfig["net"] })).toThrow(/net = "huge-fc".*unknown network/);
    expect(bad({ probeEpochs: [0, 500] })).toThrow(/probeEpochs = 500 .*past the end/);
    expect(bad({ probeEpochs: [] })).toThrow(/probeEpochs/);
    expect(bad({ batchSize: 0 })).toThrow(/batchSize = 0/);
    expect(bad({ decoder: { ...ok.decoder, epochs: 0 } })).toThrow(/invalid checkerboard config: decoder\.epochs = 0; expected a positive integer/);
    expect(() => cbRunConfig("CB-99" as "CB-2", "paper")).toThrow(/unknown checkerboard run 'CB-99'/);
    expect(() => validateSeeds([])).toThrow(/seeds/);
    expect(() => validateSeeds([1, 0])).toThrow(/seeds = 0/);
    expect(() => validateSeeds([2, 2])).toThrow(/distinct/);
  });

  it("parses a config once: a frozen copy the runners accept as is; a spread copy is a new, unparsed config", () => {
    const cfg = cbRunConfig("CB-10", "ci");
    expect(isParsedCbConfig(cfg)).toBe(true);
    expect(parseCbConfig(cfg)).toBe(cfg);
    expect(Object.isFrozen(cfg) && Object.isFrozen(cfg.decoder) && Object.isFrozen(cfg.probeEpochs) && Object.isFrozen(cfg.decoder.optimizer)).toBe(true);
    expect(() => (cfg.probeEpochs as number[]).push(1)).toThrow(TypeError);
    const copy = { ...cfg, epochs: 3, probeEpochs: [0, 3] };
    expect(isParsedCbConfig(copy)).toBe(false);
    const parsed = parseCbConfig(copy);
    expect(isParsedCbConfig(parsed) && parsed !== copy && parsed.epochs === 3).toBe(true);
    expect(() => parseCbConfig({ ...cfg, lr: 0 })).toThrow(/invalid checkerboard config: lr = 0/);
  });

  it("checks the decoder in full, before any training, and shows NaN as NaN", async () => {
    const ok = cbRunConfig("CB-2", "ci");
    const withDecoder = (patch: Partial<CbRunConfig["decoder"]>): CbRunConfig => ({ ...ok, decoder: { ...ok.decoder, ...patch } });
    expect(() => validateCbConfig(withDecoder({ batchSize: 0 }))).toThrow(/decoder\.batchSize = 0; expected an integer >= 2 \(batch-norm needs 2 rows\)/);
    expect(() => validateCbConfig(withDecoder({ optimizer: { kind: "sgd", lr: Number.NaN } }))).toThrow(/decoder\.optimizer\.lr = NaN; expected a positive finite number/);
    expect(() => validateCbConfig(withDecoder({ dropout: Number.POSITIVE_INFINITY }))).toThrow(/decoder\.dropout = Infinity/);
    expect(() => validateCbConfig(withDecoder({ batchSize: 2000 }))).toThrow(/decoder\.batchSize = 2000 \(larger than the 1250 decoder-train rows/);
    // Parsing rejects it (the one check); runCheckerboard refuses any config that was not parsed,
    // at once: no backend, no training, nothing written.
    expect(() => parseCbConfig(withDecoder({ batchSize: 0 }))).toThrow(/decoder\.batchSize = 0/);
    const t0 = performance.now();
    await expect(runCheckerboard(withDecoder({ batchSize: 0 }), [1], { cache: new ResultCache<CbSeedResult>("checkerboard", dir), log: () => {} })).rejects.toThrow(/runCheckerboard: the checkerboard config was not parsed/);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(readdirSync(dir)).toEqual([]);
  });
});
