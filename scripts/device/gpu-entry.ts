/**
 * Entry of the device bundle (scripts/device/bundle.sh): gpu-check with the WebGPU backend
 * compiled in. src/runtime/backend.ts loads @tensorflow/tfjs-backend-webgpu through a computed
 * import (so that tsc and bundlers never require the optional package); in a bundle that import
 * would load a second tfjs-core beside the bundled one. Importing the backend here, statically,
 * registers it on the bundled tfjs-core; the bundle folder carries an empty stand-in package for
 * the computed import to find.
 */
import "@tensorflow/tfjs-backend-webgpu";

await import("../gpu-check.js");
