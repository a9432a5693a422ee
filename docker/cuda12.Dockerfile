# Opt-in GPU path for CUDA 12 / Hopper (H100, H200) machines: tfjs-node-gpu 4.22 rebuilt against an
# official libtensorflow GPU build for CUDA 12 (`npm run gpu:cuda12`, src/gpu/libtensorflow-builds.ts).
# Default: libtensorflow 2.15.0 (CUDA 12.2, cuDNN 8.9; TensorFlow's kernels as sm_50..sm_80 machine
# code plus compute_90 PTX, which the driver compiles for Hopper at first use). Host: NVIDIA driver
# >= 535 and the NVIDIA Container Toolkit.
#
#   docker build -f docker/cuda12.Dockerfile -t usable-info-claims:cuda12 .
#   docker run --rm --gpus all -v "$PWD/.cache:/app/.cache" -v "$PWD/reports:/app/reports" \
#     usable-info-claims:cuda12 sh -c 'npm run data -- cifar10 && npx vitest run claims/cifar10'
#
# Another build: --build-arg LIBTENSORFLOW=2.18.0 --build-arg BASE=nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04
# (CUDA 12.5, cuDNN 9.3). Not yet built or run anywhere: see README "GPU backends".
ARG BASE=nvidia/cuda:12.2.2-cudnn8-runtime-ubuntu22.04
FROM node:20-bookworm-slim AS node

FROM ${BASE}
ARG LIBTENSORFLOW=2.15.0
ARG LIBTENSORFLOW_SHA256=
ENV DEBIAN_FRONTEND=noninteractive
# python3, make, g++: the addon is built from source against the new headers.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates python3 make g++ tar libvulkan1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
WORKDIR /app
COPY . .
# No GPU during the build: --allow-no-gpu checks only that the addon loads libtensorflow $LIBTENSORFLOW.
RUN npm ci \
 && npm run gpu:cuda12 -- --version "$LIBTENSORFLOW" --allow-no-gpu ${LIBTENSORFLOW_SHA256:+--sha256 "$LIBTENSORFLOW_SHA256"}
# The checkerboard and estimator claims belong on a CPU backend (tiny networks: per-op GPU overhead
# dominates): run them with -e CLAIMS_BACKEND=wasm.
ENV CLAIMS_BACKEND=tensorflow-gpu \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics \
    CUDA_CACHE_MAXSIZE=4294967296
CMD ["npx", "vitest", "run", "claims/cifar10"]
