/**
 * Backend choice: the only module that loads tfjs backends. Preferred order: the TensorFlow
 * binding with CUDA (`@tensorflow/tfjs-node-gpu`), the CPU binding (`@tensorflow/tfjs-node`),
 * WebAssembly, the pure-JavaScript CPU backend. `CLAIMS_BACKEND` (tensorflow-gpu | tensorflow |
 * wasm | cpu | webgpu) forces one and fails with the reason when it cannot be loaded.
 */
import * as tf from "@tensorflow/tfjs";

export type BackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu" | "webgpu";
export const BACKEND_NAMES: readonly BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu", "webgpu"];

export interface BackendInfo {
  /** Our name for the backend (what CLAIMS_BACKEND takes). */
  name: BackendName;
  /** tfjs's own backend name (`tensorflow`, `wasm`, `cpu`, `webgpu`). */
  tfName: string;
  /** True for a GPU backend. */
  gpu: boolean;
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
 * backend or an error; otherwise the first of the preferred order that loads.
 */
export async function initBackend(forced: string | undefined = process.env.CLAIMS_BACKEND): Promise<BackendInfo> {
  if (active && (!forced || forced === active.name)) return active;
  if (forced) {
    if (!(BACKEND_NAMES as readonly string[]).includes(forced)) {
      throw new Error(`CLAIMS_BACKEND=${forced} is not a backend; choose one of ${BACKEND_NAMES.join(", ")}`);
    }
    try {
      active = await tryLoad(forced as BackendName);
    } catch (err) {
      throw new Error(`CLAIMS_BACKEND=${forced} could not be loaded: ${(err as Error).message}`);
    }
  } else {
    const order: BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];
    const failures: string[] = [];
    for (const name of order) {
      try {
        active = await tryLoad(name);
        break;
      } catch (err) {
        failures.push(`${name}: ${(err as Error).message.split("\n")[0]}`);
      }
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
