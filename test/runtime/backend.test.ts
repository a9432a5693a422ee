/**
 * A GPU backend that was asked for never falls back: forced tensorflow-gpu / webgpu and
 * CLAIMS_REQUIRE_GPU fail with the load error and what to install. Runs on a machine without
 * tfjs-node-gpu and without a Vulkan driver (this project's CI); where either is present the
 * load-failure cases are skipped with that reason.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { gpuBackendHelp, NO_GPU_DEVICE } from "../../src/gpu/install-help.js";
import { activeBackend, assertTfGpuDevice, initBackend } from "../../src/runtime/backend.js";

const HAVE_TFJS_GPU = existsSync(join(REPO_ROOT, "node_modules", "@tensorflow", "tfjs-node-gpu", "package.json"));
const HAVE_VULKAN = ["/usr/lib/x86_64-linux-gnu/libvulkan.so.1", "/usr/lib/libvulkan.so.1"].some((p) => existsSync(p));

describe.skipIf(HAVE_TFJS_GPU || HAVE_VULKAN)(`GPU backends that do not load${HAVE_TFJS_GPU || HAVE_VULKAN ? " (skipped: this machine has tfjs-node-gpu or a Vulkan loader)" : ""}`, () => {
  it("CLAIMS_BACKEND=tensorflow-gpu: the load error and the fix, no fallback", async () => {
    const err = await initBackend("tensorflow-gpu", false).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const m = (err as Error).message;
    expect(m).toContain("CLAIMS_BACKEND=tensorflow-gpu could not be loaded (no fallback");
    expect(m).toContain("Cannot find package '@tensorflow/tfjs-node-gpu'");
    expect(m).toContain("`npm rebuild @tensorflow/tfjs-node-gpu`");
    expect(m).toContain("docker/cuda11.Dockerfile");
    expect(m).toContain("npm run gpu:cuda12");
  });

  it("CLAIMS_REQUIRE_GPU=1: every GPU backend's error and its fix; a CPU backend beside it is a contradiction", async () => {
    const err = await initBackend(undefined, true).catch((e: Error) => e);
    const m = (err as Error).message;
    expect(m).toContain("CLAIMS_REQUIRE_GPU=1, but no GPU backend loads (no fallback to the CPU)");
    expect(m).toMatch(/tensorflow-gpu: Cannot find package '@tensorflow\/tfjs-node-gpu'/);
    expect(m).toMatch(/webgpu: WebGPU \(Dawn\) found no usable adapter/);
    expect(m).toContain("libvulkan1");
    await expect(initBackend("wasm", true)).rejects.toThrow("CLAIMS_REQUIRE_GPU=1 contradicts backend wasm");
  });

  it("after those failures the automatic choice still works and records why tensorflow-gpu was passed over", async () => {
    const info = await initBackend(undefined, false);
    expect(info.gpu).toBe(false);
    expect(activeBackend()).toBe(info);
    expect(info.skipped?.[0]).toMatch(/^tensorflow-gpu: Cannot find package/);
  });
});

describe("GPU device and install help", () => {
  it("tfjs-node-gpu without a GPU device counts as not loaded", () => {
    expect(() => assertTfGpuDevice({ isUsingGpuDevice: false })).toThrow(NO_GPU_DEVICE);
    expect(() => assertTfGpuDevice({})).toThrow(NO_GPU_DEVICE);
    expect(() => assertTfGpuDevice({ isUsingGpuDevice: true })).not.toThrow();
  });

  it("each kind of load error gets its own fix", () => {
    expect(gpuBackendHelp("tensorflow-gpu", "libcudart.so.11.0: cannot open shared object file")).toContain("CUDA 11.2 + cuDNN 8.1");
    expect(gpuBackendHelp("tensorflow-gpu", NO_GPU_DEVICE)).toContain("nvidia-smi");
    expect(gpuBackendHelp("tensorflow-gpu", "The Node.js native addon module (tfjs_binding.node) can not be found")).toContain("native addon was not built");
    expect(gpuBackendHelp("webgpu", "CLAIMS_BACKEND=webgpu needs the optional 'webgpu' package")).toContain("npm ci");
    expect(gpuBackendHelp("webgpu", "WebGPU (Dawn) found no usable adapter")).toContain("NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics");
  });
});
