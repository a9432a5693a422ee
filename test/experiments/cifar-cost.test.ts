/** CIFAR cost plan: the work of each paper arm counted from its config, and the GPU-time projection from gpu-check results. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allPaperArms, CIFAR_CLAIM_IDS, cifarClaimArms } from "../../src/experiments/cifar-protocol.js";
import { armWork, EVAL_SPEEDUP, parseGpuCheck, projectedSeconds, readRates } from "../../src/experiments/cifar-cost.js";

const root = mkdtempSync(join(tmpdir(), "cifar-cost-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A gpu-check result as scripts/gpu-check.ts writes it (the fields the plan reads). */
const result = (model: string, batch: number, imagesPerSecond: number, gpu = true) =>
  JSON.stringify({ backend: { name: gpu ? "tensorflow-gpu" : "wasm", tfName: "tensorflow", gpu }, nvidiaSmi: gpu ? "NVIDIA H100, 81559 MiB, 550.54, 9.0" : null, training: { model, batch, imagesPerSecond } });

describe("paper arms and their work", () => {
  it("11 distinct arms: 8 ResNet-18 on CIFAR-10, All-CNN, CIFAR-100 coarse and fine-pretrained", () => {
    const arms = allPaperArms();
    expect(arms.size).toBe(11);
    expect([...arms.values()].filter((a) => a.train.model === "resnet18" && a.train.dataset === "cifar10")).toHaveLength(8);
    expect(Object.keys(cifarClaimArms("fig4bs")).sort()).toEqual(["bs1024", "bs128", "bs512", "bs64"]);
    expect(cifarClaimArms("fig3")["lr0.1"].arm).toBe(cifarClaimArms("fig4lr")["lr0.1"].arm); // shared, trained once
    expect(CIFAR_CLAIM_IDS).toHaveLength(6);
  });

  it("a 160-epoch ResNet-18 seed-run: 8.0M training image-epochs, 1.97M eval passes, 3,600 decoder-epochs of 7,500 rows", () => {
    const w = armWork(cifarClaimArms("fig3")["lr0.1"]);
    expect(w.epochs).toBe(160);
    expect(w.probeEpochs).toBe(36); // 0, 1, 2, 3, 5, 10, 15, ..., 160
    expect(w.trainImageEpochs).toBe(50_000 * 160);
    expect(w.evalImagePasses).toBe(10_000 * 161 + 10_000 * 36);
    expect(w.decoderEpochs).toBe(36 * 2 * 50);
    expect(w.decoderRows).toBe(7_500);
    const f = armWork(cifarClaimArms("fig5c").fine20); // 20 fine + 160 coarse epochs
    expect(f.epochs).toBe(180);
    expect(f.trainImageEpochs).toBe(50_000 * 180);
  });
});

describe("GPU time from gpu-check results", () => {
  it("training at the measured rate plus eval passes at EVAL_SPEEDUP times it", () => {
    const w = armWork(cifarClaimArms("fig3")["lr0.1"]);
    const rate = parseGpuCheck(result("resnet18", 128, 2000), "r.json");
    expect(projectedSeconds(w, rate)).toBeCloseTo(8_000_000 / 2000 + 1_970_000 / (EVAL_SPEEDUP * 2000), 6);
  });

  it("per model, a GPU result at the paper batch wins over faster CPU or other-batch results; bad files are named", () => {
    const dir = join(root, "rates");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.json"), result("resnet18", 32, 9000));
    writeFileSync(join(dir, "b.json"), result("resnet18", 128, 1500));
    writeFileSync(join(dir, "c.json"), result("resnet18", 128, 99999, false));
    writeFileSync(join(dir, "d.json"), result("allcnn", 128, 3000));
    writeFileSync(join(dir, "e.json"), "{}");
    const { rates, problems } = readRates(dir);
    expect(rates.get("resnet18")).toMatchObject({ imagesPerSecond: 1500, batch: 128, gpu: true, file: join(dir, "b.json") });
    expect(rates.get("allcnn")?.imagesPerSecond).toBe(3000);
    expect(problems).toEqual([`${join(dir, "e.json")}: not a gpu-check result (needs training.model, training.batch and training.imagesPerSecond > 0)`]);
    expect(readRates(join(root, "none")).rates.size).toBe(0);
  });
});
