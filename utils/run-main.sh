#!/usr/bin/env bash
# The main job: set up, build, and train the Fashion-MNIST MLP of the Keras
# notes (examples/train/fashion_mnist.cpp: 4 epochs, batch 128, Adam), which
# prints Keras-style progress and, last, `test accuracy: 0.XXXX`. The model
# and its training curves go to ${NN_OUTPUT_DIR:-build/fashion-mnist}.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${NN_BUILD_DIR:-$root/build}"
out="${NN_OUTPUT_DIR:-$build/fashion-mnist}"

bash "$root/utils/build.sh" fashion-mnist
mkdir -p "$out"
"$build/bin/fashion-mnist" --output-dir="$out" "$@"
