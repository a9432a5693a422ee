#!/usr/bin/env bash
# Build .device/: what a bare GPU machine (x86-64 Linux, no Node.js, no network) needs to run
# `npm run gpu-check` on the WebGPU backend (Dawn on the NVIDIA Vulkan driver):
#   gpu-check.mjs                      scripts/gpu-check.ts bundled by esbuild with tfjs-backend-webgpu
#   dist/linux-x64/dawn.node.gz        the `webgpu` package's Dawn build (found beside the bundle)
#   node_modules/@tensorflow/tfjs-backend-webgpu   empty stand-in (see scripts/device/gpu-entry.ts)
#   node.gz                            this machine's node binary
#   debs/*.deb                         Vulkan/EGL loaders (Debian bookworm, amd64), unpacked there
#   run.sh                             what to run there (scripts/device/run.sh)
# Usage: bash scripts/device/bundle.sh [--no-debs]   (then carry `.device` to the machine)
# The folder is built under .device.tmp and renamed at the end, so a failed build leaves none.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname -m)" = x86_64 ] || { echo "bundle.sh: node and dawn.node must be x86-64; this is $(uname -m)" >&2; exit 1; }
dawn=node_modules/webgpu/dist/linux-x64/dawn.node
[ -f "$dawn" ] || { echo "bundle.sh: $dawn is missing: run npm install (webgpu is an optionalDependency)" >&2; exit 1; }
[ -d node_modules/@tensorflow/tfjs-backend-webgpu ] || { echo "bundle.sh: @tensorflow/tfjs-backend-webgpu is missing: run npm install" >&2; exit 1; }
tmp=.device.tmp
rm -rf "$tmp" && mkdir -p "$tmp/dist/linux-x64" "$tmp/node_modules/@tensorflow/tfjs-backend-webgpu" "$tmp/debs"
npx esbuild scripts/device/gpu-entry.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile="$tmp/gpu-check.mjs" --log-level=warning \
  --external:@tensorflow/tfjs-node-gpu --external:@tensorflow/tfjs-node \
  --banner:js="import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
gzip -c "$dawn" > "$tmp/dist/linux-x64/dawn.node.gz"
printf '{"name":"@tensorflow/tfjs-backend-webgpu","version":"0.0.0-stand-in","type":"module","main":"index.js"}\n' > "$tmp/node_modules/@tensorflow/tfjs-backend-webgpu/package.json"
echo '// stand-in: the real backend is compiled into gpu-check.mjs (scripts/device/gpu-entry.ts)' > "$tmp/node_modules/@tensorflow/tfjs-backend-webgpu/index.js"
gzip -c "$(command -v node)" > "$tmp/node.gz"
if [ "${1:-}" != "--no-debs" ]; then
  lists=/tmp/device-apt-lists
  mkdir -p "$lists/partial"
  o="-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=$lists"
  apt-get $o update -qq
  (cd "$tmp/debs" && apt-get $o download -qq libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
cp scripts/device/run.sh "$tmp/run.sh"
rm -rf .device && mv "$tmp" .device
du -sh .device
