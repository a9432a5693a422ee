/**
 * WebGPU in Node through Dawn (the optional `webgpu` package, which ships a prebuilt dawn.node):
 * tfjs-backend-webgpu expects `navigator.gpu` and the WebGPU globals (GPUBufferUsage, ...), which
 * Node does not have. `installDawn` provides them once, before the webgpu backend is selected.
 * On Linux with an NVIDIA GPU, Dawn uses the Vulkan driver: the Vulkan loader must be installed
 * and VK_DRIVER_FILES may need to point at the NVIDIA ICD JSON.
 */

interface DawnModule {
  create(flags: string[]): unknown;
  globals: Record<string, unknown>;
}

let installed = false;

/**
 * Install navigator.gpu and the WebGPU globals from the `webgpu` package. Throws a clear error
 * when the package is missing. `load` is for tests. DAWN_FLAGS (comma separated) go to create().
 */
export async function installDawn(load: () => Promise<DawnModule> = async () => (await import("webgpu" as string)) as DawnModule): Promise<void> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (installed || g.navigator?.gpu) return;
  let dawn: DawnModule;
  try {
    dawn = await load();
  } catch (err) {
    throw new Error(
      `CLAIMS_BACKEND=webgpu needs the optional 'webgpu' package (Dawn for Node) and '@tensorflow/tfjs-backend-webgpu': ` +
        `npm install webgpu @tensorflow/tfjs-backend-webgpu (${(err as Error).message.split("\n")[0]})`,
    );
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create(process.env.DAWN_FLAGS ? process.env.DAWN_FLAGS.split(",") : []);
  await requireAdapter(gpu);
  // Node >= 21 defines a read-only navigator; define (not assign) a property that holds gpu.
  Object.defineProperty(globalThis, "navigator", { value: { ...(g.navigator ?? {}), gpu }, configurable: true, writable: true });
  installed = true;
}

/**
 * tfjs-backend-webgpu answers a missing adapter with "Cannot read properties of null (reading
 * 'features')" and setBackend() = false. Ask for the adapter first and say what to fix. (Seen
 * here: Mesa 22.3's lavapipe, a software Vulkan, is rejected by Dawn for lacking
 * shaderUniform*ArrayDynamicIndexing; Dawn prints why above this error.)
 */
async function requireAdapter(gpu: unknown): Promise<void> {
  const request = (gpu as { requestAdapter?: (o?: unknown) => Promise<unknown> } | null)?.requestAdapter;
  if (typeof request !== "function") return; // not a WebGPU object we can query; let tfjs decide
  const adapter = await request.call(gpu, { powerPreference: "high-performance" });
  if (adapter) return;
  throw new Error(
    "WebGPU (Dawn) found no usable adapter: no Vulkan driver it accepts. On Linux with an NVIDIA GPU install the Vulkan " +
      "loader (libvulkan1) and point VK_DRIVER_FILES at the NVIDIA ICD JSON (often /usr/share/vulkan/icd.d/nvidia_icd.json); " +
      "Dawn's own messages above say why each adapter it saw was rejected.",
  );
}

/** installDawn when the process asks for the webgpu backend (CLAIMS_BACKEND=webgpu), else nothing. */
export async function installDawnIfRequested(backend: string | undefined = process.env.CLAIMS_BACKEND): Promise<boolean> {
  if (backend !== "webgpu") return false;
  await installDawn();
  return true;
}
