#!/usr/bin/env bash
# Sets up, builds and runs every test (the lit suite and the unit tests, both
# through `check-nn`), then prints one summary line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${NN_BUILD_DIR:-$root/build}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

start=$(date +%s)
bash "$root/utils/build.sh"
built=$(date +%s)
status=0
ninja -C "$build" check-nn 2>&1 | tee "$log" || status=$?
end=$(date +%s)

passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
failed=$(sed -n 's/^ *Failed *: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
echo "setup+build: $((built - start)) s, tests: $((end - built)) s"
echo "${passed:-0} passed, ${failed:-0} failed"
if [[ $status -ne 0 || -z "$passed" || "$passed" -eq 0 ]]; then
  echo "run-tests: FAILED" >&2
  exit 1
fi
