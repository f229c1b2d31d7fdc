#!/usr/bin/env bash
# Sets up the machine (utils/setup.sh), then configures and builds nn into
# ${NN_BUILD_DIR:-build}. Extra arguments go to ninja (targets, -j...).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${NN_BUILD_DIR:-$root/build}"

bash "$root/utils/setup.sh"
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -G Ninja -S "$root" -B "$build"
fi
ninja -C "$build" "$@"
