#!/usr/bin/env bash
# Installs, only when missing, every Debian package that building, testing and
# benchmarking nn needs. Safe to run repeatedly; non-interactive; needs root
# (or sudo) only when something is actually missing.
set -euo pipefail

packages=(
  # Toolchain: LLVM/MLIR 22, the compiler and linker nn is built with.
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
  libomp-22-dev
  # The sanitizer and libFuzzer runtimes (NN_SANITIZE, fuzz/).
  libclang-rt-22-dev
  # Build system and libraries of the public API and the tests.
  cmake ninja-build libabsl-dev libfmt-dev libgtest-dev libgmock-dev
  libbenchmark-dev python3 clang-format-22
  # The training layer: JSON (checkpoint headers), gzip (IDX data sets),
  # PNG (pictures).
  nlohmann-json3-dev zlib1g-dev libpng-dev
  # Benchmarks: peers measured side by side (OpenBLAS, PyTorch) and the
  # training data set.
  libopenblas-dev python3-numpy python3-torch python3-threadpoolctl
  dataset-fashion-mnist
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
