#!/usr/bin/env bash
# The main job: set up, build, and run nn-opt on the example model, printing
# its canonicalized IR.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${NN_BUILD_DIR:-$root/build}"

bash "$root/utils/build.sh" nn-opt
"$build/bin/nn-opt" --canonicalize --cse "$root/examples/mlp.mlir"
