#!/usr/bin/env bash
# Sets up the machine (utils/setup.sh), then configures and builds nn into
# ${NN_BUILD_DIR:-build}. Extra arguments go to ninja (targets, -j...).
# NN_CMAKE_ARGS (word-split) goes to the first configuration of the build
# directory: utils/run-sanitizer-tests.sh configures build-asan with it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${NN_BUILD_DIR:-$root/build}"

bash "$root/utils/setup.sh"
if [[ ! -f "$build/build.ninja" ]]; then
  # shellcheck disable=SC2086 # several arguments, split on purpose
  cmake -G Ninja -S "$root" -B "$build" ${NN_CMAKE_ARGS:-}
fi
ninja -C "$build" "$@"
