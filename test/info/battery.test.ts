/** The shared battery (src/info/battery.ts) on every decoder family, with few decoder epochs. */
import { beforeAll, describe, expect, it } from "vitest";
import { knownFailuresOf } from "../../src/claims/known-failures.js";
import { DEFAULT_BATTERY, runBattery } from "../../src/info/checks/battery.js";
import { cbDecoder, cifarDecoder, linearDecoder } from "../../src/info/core/families.js";
import type { DecoderConfig } from "../../src/interfaces.js";
import { initBackend } from "../../src/runtime/backend.js";

beforeAll(async () => {
  await initBackend("wasm");
});

/** Few epochs: the battery's properties do not depend on training length. */
const FAMILIES: [string, DecoderConfig][] = [
  ["cb", { ...cbDecoder(0.05), epochs: 4 }],
  ["cifar", { ...cifarDecoder(), epochs: 4 }],
  ["linear", linearDecoder({ epochs: 30 })],
];

describe.each(FAMILIES)("battery: %s decoder", (family, cfg) => {
  it("passes every check that is not a declared known failure; declared ones still fail", async () => {
    const res = await runBattery(family, cfg, knownFailuresOf("battery-check"), DEFAULT_BATTERY);
    expect(res.map((r) => r.check)).toEqual(["same-seed-same-result", "independence-near-zero", "bounds", "relabel-invariance", "affine-invariance", "bad-input-errors"]);
    expect(res.filter((r) => !r.pass && !r.knownFailure).map((r) => r.detail)).toEqual([]);
    expect(res.filter((r) => r.pass && r.knownFailure).map((r) => `${r.detail} passes: remove its entry in src/claims/known-failures.ts`)).toEqual([]);
  });
});

it("a check can fail: a zero-tolerance relabel check on the CB decoder", async () => {
  const res = await runBattery("cb", { ...cbDecoder(0.05), epochs: 2 }, [], { ...DEFAULT_BATTERY, relabelTolBits: 0, nullSlackBits: 0 });
  const failed = res.filter((r) => !r.pass).map((r) => r.check);
  expect(failed).toContain("relabel-invariance");
  expect(res.find((r) => r.check === "relabel-invariance")!.detail).toMatch(/^cb: relabel-invariance: labels permuted by/);
});

it("raw decoder inputs fail the affine-invariance check that whitened ones pass (why the protocol whitens)", async () => {
  const cfg = { ...cbDecoder(0.05), epochs: 4 };
  const raw = (await runBattery("cb", cfg, [], DEFAULT_BATTERY, "raw")).find((r) => r.check === "affine-invariance")!;
  expect(raw.pass, raw.detail).toBe(false);
  const whitened = (await runBattery("cb", cfg, [], DEFAULT_BATTERY)).find((r) => r.check === "affine-invariance")!;
  expect(whitened.pass, whitened.detail).toBe(true);
});
