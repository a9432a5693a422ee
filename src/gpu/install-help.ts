/**
 * What to install when a GPU backend does not load: the load error is classified (package not
 * installed, native addon missing, CUDA/cuDNN libraries missing, libtensorflow without a GPU
 * device, no WebGPU adapter) and answered with the fix for that case. Text only; the README's
 * "GPU backends" paragraph and docker/ carry the details.
 */

/** The GPU backends a user can ask for. */
export type GpuBackendName = "tensorflow-gpu" | "webgpu";

/** Message of the error thrown when libtensorflow loads but registers no GPU device. */
export const NO_GPU_DEVICE =
  "@tensorflow/tfjs-node-gpu loaded, but libtensorflow registered no GPU device and would run on the CPU " +
  "(TensorFlow's own log lines above, 'Could not load dynamic library ...' or 'Skipping registering GPU devices', say which library it missed)";

const CONTAINER =
  "the container recipe in docker/ has the libraries it needs: `docker build -f docker/cuda11.Dockerfile -t usable-info-claims:cuda11 .` " +
  "then `docker run --rm --gpus all usable-info-claims:cuda11 npx vitest run claims/cifar10` (README, 'GPU backends')";
const CUDA11 =
  "tfjs-node-gpu 4.22 loads libtensorflow 2.9.1, built for CUDA 11.2 + cuDNN 8.1: put those libraries on LD_LIBRARY_PATH " +
  "(e.g. `conda install -c conda-forge cudatoolkit=11.2 cudnn=8.1`, then its lib folder first on LD_LIBRARY_PATH)";
const CUDA12 =
  "on CUDA 12 or Hopper (H100/H200) machines use the opt-in `npm run gpu:cuda12` (libtensorflow 2.15 for CUDA 12.2 + cuDNN 8.9) or docker/cuda12.Dockerfile";
const WEBGPU = "with only an NVIDIA driver, CLAIMS_BACKEND=webgpu (Dawn over Vulkan: needs libvulkan1 and the NVIDIA ICD)";

/** The fix for a GPU backend that failed to load with `message`. */
export function gpuBackendHelp(backend: GpuBackendName, message: string): string {
  if (backend === "webgpu") {
    if (/needs the optional 'webgpu' package|Cannot find (package|module) '(webgpu|@tensorflow\/tfjs-backend-webgpu)'/.test(message)) {
      return "Fix: `npm ci` installs the optional packages webgpu and @tensorflow/tfjs-backend-webgpu (prebuilt, no download at install time).";
    }
    return (
      "Fix: install the Vulkan loader (Debian/Ubuntu: libvulkan1) and the NVIDIA driver's Vulkan ICD; in Docker run with " +
      "`--gpus all -e NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics`. Or use the TensorFlow path: " + CONTAINER + "."
    );
  }
  if (/Cannot find (package|module) '@tensorflow\/tfjs-node-gpu'/.test(message)) {
    return (
      "Fix: @tensorflow/tfjs-node-gpu is not installed: it is an optional dependency whose install script downloads libtensorflow " +
      "(Linux x86-64) and is dropped when that fails (no network). On a machine with network run `npm rebuild @tensorflow/tfjs-node-gpu` " +
      `(or \`npm ci\`); or ${CONTAINER}; ${CUDA12}; ${WEBGPU}.`
    );
  }
  if (/tfjs_binding\.node|native addon/.test(message)) {
    return `Fix: the native addon was not built: \`npm rebuild @tensorflow/tfjs-node-gpu\` (needs network, python3, make, g++); or ${CONTAINER}.`;
  }
  if (/lib(cudart|cublas|cublasLt|cudnn|cufft|curand|cusolver|cusparse)\.so|libcuda\.so|cannot open shared object/.test(message) || message.includes("registered no GPU device")) {
    return `Fix: ${CUDA11}; or ${CONTAINER}; ${CUDA12}; ${WEBGPU}. Check that the GPU is visible at all with \`nvidia-smi\` (in Docker: --gpus all).`;
  }
  return `Fix: ${CONTAINER}; ${CUDA12}; ${WEBGPU}.`;
}
