/**
 * vitest setup file of the claims project. When the user asks for a GPU (CLAIMS_BACKEND=webgpu or
 * tensorflow-gpu, or CLAIMS_REQUIRE_GPU=1) the backend is loaded here, before any test: if it does
 * not load, every claim file fails at once with the load error and what to install, and nothing
 * trains on a CPU backend instead. WebGPU also needs navigator.gpu from Dawn first.
 */
import { installDawnIfRequested } from "../src/gpu/dawn.js";
import { initBackend } from "../src/runtime/backend.js";

const backend = process.env.CLAIMS_BACKEND;
await installDawnIfRequested(backend);
if (backend === "tensorflow-gpu" || backend === "webgpu" || process.env.CLAIMS_REQUIRE_GPU === "1") await initBackend();
