/**
 * The CIFAR pipeline check's label-wiring rules (src/claims/cifar.ts; issue 19 item 6) on the
 * shipped subsets: the pipeline arms' own data (../shared/data when present, else the synthetic
 * fixtures in fixtures/cifar), loaded as the pipeline loads it. Each rule passes on the data as
 * loaded and fails on the planted bug it is for:
 *   - labelMapProblems: fine and coarse arrays swapped, or one row's coarse label off the map;
 *   - probeEntropyProblems: a probe whose "fine" points were read with the coarse labels;
 *   - CIFAR100_FINE_TO_COARSE itself against the official superclass table by class names (the
 *     CIFAR-100 page's listing, written here independently of the constant): two entries swapped.
 * The data files' coarse bytes against the table are checked in test/data/cifar-shared.test.ts.
 */
import { describe, expect, it } from "vitest";
import { evaluatePipelineCheck, labelMapProblems, officialCoarse, probeEntropyProblems, type SplitLabels } from "../../src/claims/cifar.js";
import { CIFAR100_COARSE_NAMES, CIFAR100_FINE_NAMES, CIFAR100_FINE_TO_COARSE, type CifarName } from "../../src/data/cifar.js";
import type { CifarSeedResult } from "../../src/experiments/cifar-result.js";
import { loadArmData, pipelineArm, pipelineDataDir } from "../../src/experiments/cifar-runner.js";
import { cifarTrainConfig } from "../../src/training/cifar-config.js";
import { healthyDiagnostics } from "./planted.js";

/** The pipeline's data for a data set: what its network trains on and its probe reads. */
function pipelineLabels(dataset: CifarName): { train: SplitLabels; probe: SplitLabels; source: string } {
  const arm = pipelineArm("wiring", dataset);
  const d = loadArmData(arm);
  return { train: d.train, probe: d.probe, source: pipelineDataDir(dataset).source };
}

/** The same rows with the fine and coarse arrays exchanged (the planted loader bug). */
function swapped(s: SplitLabels): SplitLabels {
  return { ...s, fine: s.coarse, coarse: s.fine };
}

/**
 * The official CIFAR-100 superclasses and their five classes (https://www.cs.toronto.edu/~kriz/cifar.html),
 * spelt as in fine_label_names.txt / coarse_label_names.txt.
 */
const OFFICIAL_SUPERCLASSES: Record<string, readonly string[]> = {
  aquatic_mammals: ["beaver", "dolphin", "otter", "seal", "whale"],
  fish: ["aquarium_fish", "flatfish", "ray", "shark", "trout"],
  flowers: ["orchid", "poppy", "rose", "sunflower", "tulip"],
  food_containers: ["bottle", "bowl", "can", "cup", "plate"],
  fruit_and_vegetables: ["apple", "mushroom", "orange", "pear", "sweet_pepper"],
  household_electrical_devices: ["clock", "keyboard", "lamp", "telephone", "television"],
  household_furniture: ["bed", "chair", "couch", "table", "wardrobe"],
  insects: ["bee", "beetle", "butterfly", "caterpillar", "cockroach"],
  large_carnivores: ["bear", "leopard", "lion", "tiger", "wolf"],
  "large_man-made_outdoor_things": ["bridge", "castle", "house", "road", "skyscraper"],
  large_natural_outdoor_scenes: ["cloud", "forest", "mountain", "plain", "sea"],
  large_omnivores_and_herbivores: ["camel", "cattle", "chimpanzee", "elephant", "kangaroo"],
  medium_mammals: ["fox", "porcupine", "possum", "raccoon", "skunk"],
  "non-insect_invertebrates": ["crab", "lobster", "snail", "spider", "worm"],
  people: ["baby", "boy", "girl", "man", "woman"],
  reptiles: ["crocodile", "dinosaur", "lizard", "snake", "turtle"],
  small_mammals: ["hamster", "mouse", "rabbit", "shrew", "squirrel"],
  trees: ["maple_tree", "oak_tree", "palm_tree", "pine_tree", "willow_tree"],
  vehicles_1: ["bicycle", "bus", "motorcycle", "pickup_truck", "train"],
  vehicles_2: ["lawn_mower", "rocket", "streetcar", "tank", "tractor"],
};

/** Fine classes whose superclass in `map` is not the official one, by name (empty: the map is official). */
function superclassTableProblems(map: readonly number[]): string[] {
  const out: string[] = [];
  for (const [coarseName, members] of Object.entries(OFFICIAL_SUPERCLASSES)) {
    const c = CIFAR100_COARSE_NAMES.indexOf(coarseName);
    if (c < 0) out.push(`superclass ${coarseName} is not in CIFAR100_COARSE_NAMES`);
    for (const name of members) {
      const f = CIFAR100_FINE_NAMES.indexOf(name);
      if (f < 0) out.push(`class ${name} is not in CIFAR100_FINE_NAMES`);
      else if (map[f] !== c) out.push(`${name} (fine ${f}) maps to ${map[f]} (${CIFAR100_COARSE_NAMES[map[f]]}), officially ${c} (${coarseName})`);
    }
  }
  return out;
}

describe("the CIFAR-100 fine-to-coarse table is the official one", () => {
  it("every fine class maps to its official superclass, named; 20 superclasses of 5 classes cover all 100 classes", () => {
    expect(superclassTableProblems(CIFAR100_FINE_TO_COARSE)).toEqual([]);
    expect(Object.values(OFFICIAL_SUPERCLASSES).flat().sort()).toEqual([...CIFAR100_FINE_NAMES].sort());
  });

  it("planted: two entries of the table swapped (apple <-> aquarium_fish) are reported by name", () => {
    const bad = [...CIFAR100_FINE_TO_COARSE];
    [bad[0], bad[1]] = [bad[1], bad[0]];
    expect(superclassTableProblems(bad)).toEqual([
      "aquarium_fish (fine 1) maps to 4 (fruit_and_vegetables), officially 1 (fish)",
      "apple (fine 0) maps to 1 (fish), officially 4 (fruit_and_vegetables)",
    ]);
  });
});

describe.each(["cifar10", "cifar100"] as const)("%s pipeline labels (shipped subset)", (dataset) => {
  const { train, probe, source } = pipelineLabels(dataset);

  it(`training and probe rows follow the official map (${source}: ${train.rows} training, ${probe.rows} probe rows)`, () => {
    expect(labelMapProblems(train, "training rows")).toEqual([]);
    expect(labelMapProblems(probe, "probe rows")).toEqual([]);
    // The data hold more than one class per coarse label, so fine carries more than coarse.
    expect(new Set(train.fine).size).toBeGreaterThan(new Set(train.coarse).size);
  });

  it("planted: fine and coarse arrays swapped -> every row the swap moves off the map is reported", () => {
    // Rows whose swapped pair happens to sit on the map (CIFAR-10: classes 0 and 1; CIFAR-100: map(map(f)) = f).
    const stay = (f: number) => officialCoarse(dataset, officialCoarse(dataset, f)) === f;
    for (const s of [train, probe]) {
      const expected = Array.from(s.fine).filter((f) => !stay(f)).length;
      expect(expected).toBeGreaterThan(0);
      const problems = labelMapProblems(swapped(s), "rows");
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^rows: ${expected} of ${s.rows} rows break the official`));
    }
  });

  it("planted: one row's coarse label off the map is reported with its row", () => {
    const coarse = Int32Array.from(train.coarse);
    coarse[3] = (coarse[3] + 1) % train.numCoarse;
    expect(labelMapProblems({ ...train, coarse }, "training rows")).toEqual([
      `training rows: 1 of ${train.rows} rows break the official ${dataset === "cifar10" ? "parity" : "superclass"} map (first: row 3: fine ${train.fine[3]}, coarse ${coarse[3]}, official coarse of that fine label ${train.coarse[3]})`,
    ]);
  });
});

describe("probe entropy: each probe point was read with the label it names", () => {
  const { train, probe } = pipelineLabels("cifar10");
  const entropy = (labels: Int32Array, k: number) => {
    const c = new Array(k).fill(0);
    for (const y of labels) c[y]++;
    return -c.reduce((h, n) => h + (n ? (n / labels.length) * Math.log2(n / labels.length) : 0), 0);
  };
  /** A pipeline result whose fine / coarse points carry the given H(Y). */
  const result = (hFine: number, hCoarse: number, acc = 0.7): CifarSeedResult => {
    const point = (label: "fine" | "coarse", epoch: number, hYBits: number) => ({ label, epoch, bits: 0.1, hYBits, testCeNats: 0, testCeSeNats: 0, testCeSeBits: 0, testAccuracy: 0, decoderFailure: false, diagnostics: healthyDiagnostics(), input: "whitened" as const, inputRank: 8 });
    const config = cifarTrainConfig("small-convnet", "cifar10", { epochs: 2, probeEpochs: [0, 2] });
    return {
      arm: "p", scale: "ci", pipelineCheck: true, config, seed: 1, backend: "planted", key: "k", codeVersion: "v", probeEpochs: [0, 2],
      info: [0, 2].flatMap((e) => [point("fine", e, hFine), point("coarse", e, hCoarse)]),
      valAccuracy: [0.5, 0.6, acc], trainLoss: [null, 0.7, 0.6], finalValAccuracy: acc, wallSeconds: { train: 1, decode: 1 }, peakRssMiB: 1,
    };
  };
  const hFine = entropy(probe.fine, 10);
  const hCoarse = entropy(probe.coarse, 2);

  it("holds when each point's H(Y) is its label's entropy on the probe rows; the pipeline check is ok", () => {
    expect(hFine - hCoarse).toBeGreaterThan(1);
    expect(probeEntropyProblems([result(hFine, hCoarse)], probe)).toEqual([]);
    const r = evaluatePipelineCheck("fig3-pipeline", "Fig 3", [result(hFine, hCoarse)], 0.5, { scale: "ci", backend: "planted" }, { train, probe });
    expect(r.checks.map((c) => [c.rule, c.pass])).toEqual([
      ["loss-falls", true],
      ["accuracy-above-chance", true],
      ["finite-information", true],
      ["labels-follow-official-map", true],
      ["probe-reads-named-labels", true],
    ]);
    expect(r.status).toBe("pipeline-ok");
  });

  it("planted: the fine points read with the coarse labels (and the other way round) -> every point reported, the pipeline check fails", () => {
    const bad = result(hCoarse, hFine);
    const problems = probeEntropyProblems([bad], probe);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^seed 1 fine at epoch 0: H\(Y\) [01]\.\d+ bit, but the fine labels of the \d+ probe rows have 3\.\d+/);
    const r = evaluatePipelineCheck("fig3-pipeline", "Fig 3", [bad], 0.5, { scale: "ci", backend: "planted" }, { train, probe });
    expect(r.status).toBe("pipeline-failed");
    expect(r.checks.find((c) => c.rule === "probe-reads-named-labels")!.pass).toBe(false);
  });

  it("planted: training labels with fine and coarse swapped -> labels-follow-official-map fails the pipeline check", () => {
    const r = evaluatePipelineCheck("fig3-pipeline", "Fig 3", [result(hFine, hCoarse)], 0.5, { scale: "ci", backend: "planted" }, { train: swapped(train), probe });
    expect(r.status).toBe("pipeline-failed");
    expect(r.checks.filter((c) => !c.pass).map((c) => c.rule)).toEqual(["labels-follow-official-map"]);
  });
});
