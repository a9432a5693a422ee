#!/usr/bin/env bash
# Runs ON the GPU machine, from the repository root, with .device carried (see bundle.sh):
#   bash .device/run.sh [extra gpu-check args]
# Unpacks the Vulkan/EGL loaders and node, then runs gpu-check on the WebGPU backend: matmul
# rates and ResNet-18 training steps at batch 128 (391 steps = one 50,000-image epoch with
# STEPS=391). Results go to $OUT (or /tmp/out) as gpu-check-webgpu.json and .log.
set -uo pipefail
out=${OUT:-/tmp/out}; mkdir -p "$out"
for f in .device/debs/*.deb; do [ -e "$f" ] && dpkg -x "$f" /; done; ldconfig
gunzip -c .device/node.gz > /tmp/node && chmod +x /tmp/node
gunzip -kf .device/dist/linux-x64/dawn.node.gz
nvidia_icd=$(ls /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json 2>/dev/null | head -1)
egl=$(ls /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json /usr/share/glvnd/egl_vendor.d/10_nvidia.json 2>/dev/null | head -1)
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-$nvidia_icd} __EGL_VENDOR_LIBRARY_FILENAMES=${__EGL_VENDOR_LIBRARY_FILENAMES:-$egl}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/xdg}; mkdir -p "$XDG_RUNTIME_DIR"
echo "node $(/tmp/node --version); VK_DRIVER_FILES=$VK_DRIVER_FILES"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
CLAIMS_BACKEND=webgpu CLAIMS_CODE_VERSION=device-bundle /tmp/node .device/gpu-check.mjs \
  --steps "${STEPS:-20}" --warmup 3 --out "$out/gpu-check-webgpu.json" "$@" 2>&1 | tee "$out/gpu-check-webgpu.log"
