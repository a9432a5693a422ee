#!/usr/bin/env bash
# Build the WebAssembly kernels (src/**/wasm/*.c -> *.wasm, committed) with Debian's clang and
# lld (`apt-get install clang lld`; clang 14 used for the committed binaries). The binaries are
# committed so that installing and testing need no C toolchain; `--check` rebuilds into a
# temporary folder and fails when a committed binary differs from its source.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang >/dev/null || ! command -v wasm-ld >/dev/null; then
  echo "build-wasm: clang and wasm-ld are needed (Debian: apt-get install clang lld)" >&2
  exit 3
fi
check=0
[ "${1:-}" = "--check" ] && check=1
status=0
for src in src/info/decoders/wasm/decoder.c src/training/wasm/cbnet.c; do
  [ -f "$src" ] || continue
  out="${src%.c}.wasm"
  target="$out"
  [ $check = 1 ] && target="$(mktemp -d)/$(basename "$out")"
  clang --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib -fno-builtin -ffreestanding \
    -Wall -Wextra -Werror -Wno-unused-parameter -Wno-unused-function \
    -Wl,--no-entry -Wl,--allow-undefined -Wl,--initial-memory=1048576 -Wl,--strip-all \
    -o "$target" "$src"
  if [ $check = 1 ]; then
    if cmp -s "$target" "$out"; then echo "build-wasm: $out matches its source"; else echo "build-wasm: $out differs from a rebuild of $src" >&2; status=1; fi
    rm -rf "$(dirname "$target")"
  else
    echo "build-wasm: $src -> $out ($(wc -c < "$out") bytes)"
  fi
done
exit $status
