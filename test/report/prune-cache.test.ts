import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pruneCache } from "../../src/report/prune-cache.js";

const root = mkdtempSync(join(tmpdir(), "prune-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function put(path: string, body: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), body);
}

describe("pruning the run cache by code version", () => {
  it("removes results (and their checkpoints) of other code versions, abandoned checkpoints, and keeps the rest", () => {
    const now = new Date("2026-12-10T00:00:00Z");
    put("checkerboard/k-old/seed-1.json", JSON.stringify({ codeVersion: "cb-old" }));
    put("checkerboard/k-new/seed-1.json", JSON.stringify({ codeVersion: "cb-new" }));
    put("cifar-results/c-old/seed-1.json", JSON.stringify({ codeVersion: "cif-old" }));
    put("cifar/c-old/seed-1.ckpt", "x");
    put("cifar/c-live/seed-2.ckpt", "x");
    put("cifar/c-abandoned/seed-1.ckpt", "x");
    const old = new Date("2026-11-01T00:00:00Z");
    utimesSync(join(root, "cifar/c-abandoned/seed-1.ckpt"), old, old);
    utimesSync(join(root, "cifar/c-abandoned"), old, old);
    put("checkerboard/k-broken/seed-1.json", "{not json");
    put("gpu-check/resnet18.json", "{}");
    const current = { checkerboard: "cb-new", cifar: "cif-new", estimator: "est-new" };
    const dry = pruneCache(root, current, { now, dryRun: true });
    expect(dry.removed.map((p) => p.slice(root.length + 1)).sort()).toEqual(["checkerboard/k-old", "cifar-results/c-old", "cifar/c-abandoned", "cifar/c-old"]);
    expect(existsSync(join(root, "checkerboard/k-old"))).toBe(true);
    const r = pruneCache(root, current, { now });
    expect(r.removed).toHaveLength(4);
    expect(existsSync(join(root, "checkerboard/k-old"))).toBe(false);
    expect(existsSync(join(root, "checkerboard/k-new/seed-1.json"))).toBe(true);
    expect(existsSync(join(root, "checkerboard/k-broken/seed-1.json"))).toBe(true);
    expect(existsSync(join(root, "cifar/c-live/seed-2.ckpt"))).toBe(true);
    expect(existsSync(join(root, "gpu-check/resnet18.json"))).toBe(true);
  });
});
