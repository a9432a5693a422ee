/** vitest setup file of the claims project: provide WebGPU (Dawn) before any backend is chosen when CLAIMS_BACKEND=webgpu. */
import { installDawnIfRequested } from "../src/gpu/dawn.js";

await installDawnIfRequested();
