/** The CUDA 12 opt-in's pieces that run without a GPU: the build table, custom-binary.json, and the local server the install script downloads from. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { customBinaryJson, DEFAULT_CUDA12_BUILD, libtensorflowBuild, LIBTENSORFLOW_GPU_BUILDS, serveFile } from "../../src/gpu/libtensorflow-builds.js";

const root = mkdtempSync(join(tmpdir(), "libtf-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("libtensorflow GPU builds", () => {
  it("2.9.1 is tfjs-node-gpu 4.22's own (CUDA 11.2, cuDNN 8.1); the CUDA 12 default carries PTX for Hopper (compute_90)", () => {
    expect(libtensorflowBuild("2.9.1")).toMatchObject({ cuda: "11.2", cudnn: "8.1" });
    const d = libtensorflowBuild(DEFAULT_CUDA12_BUILD);
    expect(d.cuda.startsWith("12.")).toBe(true);
    expect(d.computeCapabilities).toContain("compute_90");
    for (const b of LIBTENSORFLOW_GPU_BUILDS) expect(b.url).toMatch(/^https:\/\/.+\.tar\.gz$/);
    expect(() => libtensorflowBuild("2.99.0")).toThrow(/known: 2\.9\.1, 2\.15\.0, 2\.18\.0/);
  });

  it("custom-binary.json names only tf-lib (so the addon is built from source) and refuses what install.js cannot fetch", () => {
    expect(JSON.parse(customBinaryJson("http://127.0.0.1:1/libtensorflow.tar.gz"))).toEqual({ "tf-lib": "http://127.0.0.1:1/libtensorflow.tar.gz" });
    expect(() => customBinaryJson("file:///x.tar.gz")).toThrow(/http\(s\)/);
    expect(() => customBinaryJson("https://x/y.zip")).toThrow(/only \.tar\.gz/);
  });

  it("serveFile serves the tarball's exact bytes at its name and 404 elsewhere", async () => {
    const file = join(root, "t.tar.gz");
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    writeFileSync(file, bytes);
    const s = await serveFile(file, "libtensorflow.tar.gz");
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/libtensorflow\.tar\.gz$/);
      const got = Buffer.from(await (await fetch(s.url)).arrayBuffer());
      expect(got.equals(bytes)).toBe(true);
      expect((await fetch(s.url.replace("libtensorflow", "other"))).status).toBe(404);
    } finally {
      await s.close();
    }
  });
});
