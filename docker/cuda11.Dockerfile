# The claim suite's TensorFlow GPU path: @tensorflow/tfjs-node-gpu 4.22 loads libtensorflow 2.9.1,
# built for CUDA 11.2 + cuDNN 8.1, which this official NVIDIA image provides (the host needs only
# an NVIDIA driver >= 460 and the NVIDIA Container Toolkit).
#
#   docker build -f docker/cuda11.Dockerfile -t usable-info-claims:cuda11 .
#   docker run --rm --gpus all -v "$PWD/.cache:/app/.cache" -v "$PWD/reports:/app/reports" \
#     usable-info-claims:cuda11 sh -c 'npm run data -- cifar10 && npx vitest run claims/cifar10'
#
# GPUs (README "GPU backends"): compute capability 3.5 to 8.6 (Kepler K40/K80 to Ampere A100, A10,
# RTX 30xx); Ada (8.9) runs the sm_80/86 machine code of cuDNN/cuBLAS but is outside cuDNN 8.1's
# support matrix; Hopper (H100/H200, 9.0) is not supported: use docker/cuda12.Dockerfile.
# CLAIMS_BACKEND=tensorflow-gpu is set: without a usable GPU the claims fail at once with the load
# error, never run on the CPU. `-e CLAIMS_BACKEND=webgpu` uses Dawn over Vulkan in the same image.
#
# Base image: 11.2.2 is the last CUDA 11.2 patch release; NVIDIA deleted several older CUDA 11 tags
# (11.2.0, 11.2.1 among them) from Docker Hub in 2023. Untested alternative with the same sonames
# (libcudart.so.11.0, libcublas.so.11, libcudnn.so.8; TensorFlow accepts a newer cuDNN 8 minor):
# --build-arg BASE=nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04, whose cuDNN and cuBLAS have
# Hopper code (TensorFlow's own kernels would still be JIT-compiled from compute_80 PTX).
ARG BASE=nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04
FROM node:20-bookworm-slim AS node

FROM ${BASE}
ENV DEBIAN_FRONTEND=noninteractive
# python3, make, g++: node-gyp, when tfjs-node-gpu's prebuilt addon cannot be fetched and is built
# from source; tar: `npm run data` unpacks with it; libvulkan1: the WebGPU (Dawn) path.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates python3 make g++ tar libvulkan1 \
 && rm -rf /var/lib/apt/lists/*
# Node 20: the official binary from the node image (needs glibc >= 2.28; Ubuntu 20.04 has 2.31).
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
WORKDIR /app
COPY package.json package-lock.json ./
# tfjs-node-gpu is an optionalDependency: npm drops it quietly when its libtensorflow download
# fails. Here that must fail the build, so check that its addon exists and links.
RUN npm ci \
 && ls node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v*/tfjs_binding.node \
 && node -e "require('@tensorflow/tfjs-node-gpu'); console.log('tfjs-node-gpu loads')"
COPY . .
# The checkerboard and estimator claims belong on a CPU backend (tiny networks: per-op GPU overhead
# dominates): run them with -e CLAIMS_BACKEND=wasm.
ENV CLAIMS_BACKEND=tensorflow-gpu \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics
CMD ["npx", "vitest", "run", "claims/cifar10"]
