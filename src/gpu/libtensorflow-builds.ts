/**
 * Official libtensorflow GPU builds (TensorFlow's C library, Linux x86-64) that the
 * @tensorflow/tfjs-node-gpu 4.22 binding can be rebuilt against, and what each needs.
 *
 * Why another build works: the binding (binding/tfjs_backend.cc, tfjs_binding.cc) calls only the
 * TF C API and the eager C API (60 functions, 35 TF_ and 25 TFE_: TFE_NewContext, TFE_Execute,
 * TFE_TensorHandleCopyToDevice, TF_LoadSessionFromSavedModel, TF_TString_*, ...), links
 * `-ltensorflow -ltensorflow_framework` from its deps/lib and finds them at run time through the
 * rpath $ORIGIN/../../deps/lib. Its install script (scripts/install.js) downloads the tarball named
 * by scripts/custom-binary.json ("tf-lib") instead of 2.9.1 and then builds the addon from source
 * against that tarball's headers (node-pre-gyp --build-from-source: python3, make, g++).
 *
 * Facts and their sources (none of these tarballs could be downloaded on the machine where this
 * was written; see README "GPU backends" for what was and was not verified):
 *  - CUDA / cuDNN: TensorFlow's "tested build configurations" (tensorflow.org/install/source#gpu).
 *  - compute capabilities: the release build settings of each era (TF_CUDA_COMPUTE_CAPABILITIES in
 *    TensorFlow's .bazelrc and release scripts). `sm_XY` is machine code for that GPU generation
 *    (runs on XY and later minors of the same major), `compute_XY` is PTX that the driver
 *    JIT-compiles for newer GPUs at first use.
 *  - 2.18.0's URL is the one tensorflow.org/install/lang_c lists; 2.15.0's follows the older
 *    naming of that page (2.9.1 is the URL tfjs-node-gpu itself downloads).
 */

export interface LibtensorflowGpuBuild {
  version: string;
  url: string;
  cuda: string;
  cudnn: string;
  /** Compiled GPU targets of TensorFlow's own kernels (cuDNN and cuBLAS bring their own). */
  computeCapabilities: string;
  /** An official CUDA base image with matching libraries (docker/). */
  baseImage: string;
}

export const LIBTENSORFLOW_GPU_BUILDS: readonly LibtensorflowGpuBuild[] = Object.freeze([
  {
    version: "2.9.1",
    url: "https://storage.googleapis.com/tensorflow/libtensorflow/libtensorflow-gpu-linux-x86_64-2.9.1.tar.gz",
    cuda: "11.2",
    cudnn: "8.1",
    computeCapabilities: "sm_35,sm_50,sm_60,sm_70,sm_75,compute_80",
    baseImage: "nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04",
  },
  {
    version: "2.15.0",
    url: "https://storage.googleapis.com/tensorflow/libtensorflow/libtensorflow-gpu-linux-x86_64-2.15.0.tar.gz",
    cuda: "12.2",
    cudnn: "8.9",
    computeCapabilities: "sm_50,sm_60,sm_70,sm_80,compute_90",
    baseImage: "nvidia/cuda:12.2.2-cudnn8-runtime-ubuntu22.04",
  },
  {
    version: "2.18.0",
    url: "https://storage.googleapis.com/tensorflow/versions/2.18.0/libtensorflow-gpu-linux-x86_64.tar.gz",
    cuda: "12.5",
    cudnn: "9.3",
    computeCapabilities: "sm_60,sm_70,sm_80,sm_89,compute_90",
    baseImage: "nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04",
  },
]);

/** The build `npm run gpu:cuda12` installs unless told otherwise (CUDA 12.2 + cuDNN 8.9; PTX for Hopper). */
export const DEFAULT_CUDA12_BUILD = "2.15.0";

/** A build by version; throws listing the known ones. */
export function libtensorflowBuild(version: string): LibtensorflowGpuBuild {
  const b = LIBTENSORFLOW_GPU_BUILDS.find((x) => x.version === version);
  if (!b) throw new Error(`no known libtensorflow GPU build ${JSON.stringify(version)}; known: ${LIBTENSORFLOW_GPU_BUILDS.map((x) => x.version).join(", ")} (or pass --url and --sha256 for another)`);
  return b;
}

/** The custom-binary.json tfjs-node-gpu's install script reads: only "tf-lib", so the addon is built from source against it. */
export function customBinaryJson(tarballUrl: string): string {
  if (!/^https?:\/\/.+\.tar\.gz$/.test(tarballUrl)) {
    throw new Error(`tfjs-node-gpu's install script fetches tf-lib with http(s) and unpacks only .tar.gz; got ${JSON.stringify(tarballUrl)}`);
  }
  return JSON.stringify({ "tf-lib": tarballUrl }, null, 2) + "\n";
}

/**
 * Serve one local file over http on 127.0.0.1 (a free port) as `/<name>`, so that tfjs-node-gpu's
 * install script, which only fetches http(s) URLs, can take a tarball that was downloaded and
 * checksummed beforehand (or brought by hand to a machine without access to the build's host).
 */
export async function serveFile(path: string, name: string): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import("node:http");
  const { createReadStream, statSync } = await import("node:fs");
  const size = statSync(path).size;
  const server = createServer((req, res) => {
    if (req.url !== `/${name}`) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-length": String(size), "content-type": "application/gzip" });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/${name}`, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}
