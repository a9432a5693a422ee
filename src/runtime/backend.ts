/**
 * Backend choice: the only module that loads tfjs backends. Preferred order: the TensorFlow
 * binding with CUDA (`@tensorflow/tfjs-node-gpu`), the CPU binding (`@tensorflow/tfjs-node`),
 * WebAssembly, the pure-JavaScript CPU backend. `CLAIMS_BACKEND` (tensorflow-gpu | tensorflow |
 * wasm | cpu | webgpu) forces one and fails with the reason when it cannot be loaded.
 * `CLAIMS_REQUIRE_GPU=1` (without CLAIMS_BACKEND) takes the first GPU backend that loads
 * (tensorflow-gpu, then webgpu) and fails, with every load error and what to install, when none
 * does: a GPU the user asked for never silently becomes a CPU run. tensorflow-gpu counts as loaded
 * only when libtensorflow registered a GPU device (without its CUDA libraries it loads and quietly
 * runs on the CPU).
 */
import * as tf from "@tensorflow/tfjs";
import { gpuBackendHelp, NO_GPU_DEVICE, type GpuBackendName } from "../gpu/install-help.js";

export type BackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu" | "webgpu";
export const BACKEND_NAMES: readonly BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu", "webgpu"];

export interface BackendInfo {
  /** Our name for the backend (what CLAIMS_BACKEND takes). */
  name: BackendName;
  /** tfjs's own backend name (`tensorflow`, `wasm`, `cpu`, `webgpu`). */
  tfName: string;
  /** True for a GPU backend. */
  gpu: boolean;
  /** Automatic choice only: why each preferred backend before this one did not load (first line of its error). */
  skipped?: string[];
}

const GPU_BACKENDS: readonly GpuBackendName[] = ["tensorflow-gpu", "webgpu"];

/**
 * Throws NO_GPU_DEVICE unless the tfjs-node backend reports a GPU device (NodeJSKernelBackend's
 * `isUsingGpuDevice`, from the binding's device list: it falls back to the host CPU silently).
 */
export function assertTfGpuDevice(backend: unknown): void {
  if ((backend as { isUsingGpuDevice?: unknown } | null)?.isUsingGpuDevice !== true) throw new Error(NO_GPU_DEVICE);
}

/** A load error of a GPU backend with the fix appended. */
function withHelp(name: GpuBackendName, err: unknown): string {
  const message = (err as Error).message ?? String(err);
  return `${message.split("\n")[0]}\n${gpuBackendHelp(name, message)}`;
}

let active: BackendInfo | null = null;

async function importOptional(pkg: string): Promise<void> {
  // A computed specifier keeps bundlers and tsc from requiring the optional package.
  const spec = pkg;
  await import(spec);
}

async function tryLoad(name: BackendName): Promise<BackendInfo> {
  switch (name) {
    case "tensorflow-gpu":
      await importOptional("@tensorflow/tfjs-node-gpu");
      await tf.setBackend("tensorflow");
      assertTfGpuDevice(tf.backend());
      return { name, tfName: "tensorflow", gpu: true };
    case "tensorflow":
      await importOptional("@tensorflow/tfjs-node");
      await tf.setBackend("tensorflow");
      return { name, tfName: "tensorflow", gpu: false };
    case "wasm": {
      await import("@tensorflow/tfjs-backend-wasm");
      if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') returned false");
      return { name, tfName: "wasm", gpu: false };
    }
    case "webgpu":
      await (await import("../gpu/dawn.js")).installDawn(); // navigator.gpu from Dawn; a no-op when present
      await importOptional("@tensorflow/tfjs-backend-webgpu");
      if (!(await tf.setBackend("webgpu"))) throw new Error("tf.setBackend('webgpu') returned false");
      return { name, tfName: "webgpu", gpu: true };
    case "cpu":
      await tf.setBackend("cpu");
      return { name, tfName: "cpu", gpu: false };
  }
}

/**
 * Select and initialise the backend once per process. With `forced` (or CLAIMS_BACKEND) set, that
 * backend or an error (for a GPU backend, with what to install); with `requireGpu` (or
 * CLAIMS_REQUIRE_GPU=1), the first GPU backend that loads or an error listing why each did not;
 * otherwise the first of the preferred order that loads, with the others' errors in `skipped`.
 */
export async function initBackend(
  forced: string | undefined = process.env.CLAIMS_BACKEND,
  requireGpu: boolean = process.env.CLAIMS_REQUIRE_GPU === "1",
): Promise<BackendInfo> {
  if (active && (!forced || forced === active.name) && (!requireGpu || active.gpu)) return active;
  if (forced) {
    if (!(BACKEND_NAMES as readonly string[]).includes(forced)) {
      throw new Error(`CLAIMS_BACKEND=${forced} is not a backend; choose one of ${BACKEND_NAMES.join(", ")}`);
    }
    const gpu = (GPU_BACKENDS as readonly string[]).includes(forced);
    if (requireGpu && !gpu) {
      throw new Error(`CLAIMS_REQUIRE_GPU=1 contradicts backend ${forced}, which is not a GPU backend (${GPU_BACKENDS.join(" or ")}); unset one of them`);
    }
    try {
      active = await tryLoad(forced as BackendName);
    } catch (err) {
      const why = gpu ? withHelp(forced as GpuBackendName, err) : (err as Error).message;
      throw new Error(`CLAIMS_BACKEND=${forced} could not be loaded (no fallback: a backend that was asked for is never replaced): ${why}`);
    }
  } else {
    const order: BackendName[] = requireGpu ? [...GPU_BACKENDS] : ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];
    const failures: string[] = [];
    for (const name of order) {
      try {
        active = { ...(await tryLoad(name)), skipped: [...failures] };
        break;
      } catch (err) {
        failures.push(`${name}: ${(err as Error).message.split("\n")[0]}`);
      }
    }
    if (!active && requireGpu) {
      const detail = GPU_BACKENDS.map((name, i) => `  ${failures[i]}\n  ${gpuBackendHelp(name, failures[i])}`).join("\n");
      throw new Error(`CLAIMS_REQUIRE_GPU=1, but no GPU backend loads (no fallback to the CPU):\n${detail}`);
    }
    if (!active) throw new Error(`no tfjs backend could be loaded:\n${failures.join("\n")}`);
  }
  await tf.ready();
  return active;
}

/** The backend in use, or null before initBackend. */
export function activeBackend(): BackendInfo | null {
  return active;
}

export { tf };
