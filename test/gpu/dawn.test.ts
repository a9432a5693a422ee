import { describe, expect, it, vi } from "vitest";
import { installDawn, installDawnIfRequested } from "../../src/gpu/dawn.js";

describe("Dawn (WebGPU) setup", () => {
  it("does nothing unless the webgpu backend is requested", async () => {
    expect(await installDawnIfRequested("wasm")).toBe(false);
    expect(await installDawnIfRequested(undefined)).toBe(false);
  });

  it("fails with the install command when the webgpu package is missing", async () => {
    await expect(installDawn(async () => { throw new Error("Cannot find package 'webgpu'"); })).rejects.toThrow(/npm install webgpu @tensorflow\/tfjs-backend-webgpu/);
  });

  it("installs navigator.gpu and the WebGPU globals from the package", async () => {
    const g = globalThis as Record<string, unknown>;
    const before = g.navigator;
    try {
      await installDawn(async () => ({ create: (flags) => ({ fake: true, flags }), globals: { GPUBufferUsage: { MAP_READ: 1 } } }));
      expect((g.navigator as { gpu: unknown }).gpu).toEqual({ fake: true, flags: [] });
      expect(g.GPUBufferUsage).toEqual({ MAP_READ: 1 });
    } finally {
      Object.defineProperty(globalThis, "navigator", { value: before, configurable: true, writable: true });
      delete g.GPUBufferUsage;
    }
  });

  it("fails with what to fix when Dawn finds no adapter", async () => {
    const g = globalThis as Record<string, unknown>;
    const before = g.navigator;
    try {
      const gpu = { requestAdapter: async () => null };
      vi.resetModules(); // a fresh module: the test above already installed a fake
      const fresh = await import("../../src/gpu/dawn.js");
      await expect(fresh.installDawn(async () => ({ create: () => gpu, globals: {} }))).rejects.toThrow(/no usable adapter.*VK_DRIVER_FILES/);
    } finally {
      Object.defineProperty(globalThis, "navigator", { value: before, configurable: true, writable: true });
    }
  });
});
