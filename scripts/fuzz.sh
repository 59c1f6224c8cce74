#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into ${KOTEL_BUILD_DIR:-build}/fuzz
# and runs each for a bounded time from its seed corpus in tests/fuzz/corpus/<target>/.
# Usage: scripts/fuzz.sh [seconds-per-target]   (default 20)
# Exits non-zero if any target crashes, naming it; the input is kept under artifacts/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-20}
build=${KOTEL_BUILD_DIR:-$root/build}/fuzz
jobs=$(nproc 2>/dev/null || echo 2)

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (scripts/install-deps.sh --with-tests installs it)" >&2
  exit 1
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  CXX=clang++ cmake -S "$root/tests/fuzz" -B "$build" >/dev/null
fi
if ! cmake --build "$build" -j "$jobs" >"$build/build.log" 2>&1; then
  cat "$build/build.log" >&2
  echo "fuzz: build failed" >&2
  exit 1
fi

mkdir -p "$build/artifacts"
failed=()
for src in "$root"/tests/fuzz/*_fuzz.cpp; do
  target=$(basename "$src" _fuzz.cpp)
  corpus=$build/corpus/$target  # what the run finds goes here, not into the source tree
  seeds=$root/tests/fuzz/corpus/$target
  log=$build/$target.log
  mkdir -p "$corpus" "$seeds"
  if "$build/fuzz_$target" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
       -artifact_prefix="$build/artifacts/$target-" "$corpus" "$seeds" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    printf 'fuzz: %-16s ok   %10s runs %8s exec/s\n' "$target" "${runs:-?}" "${rate:-?}"
  else
    failed+=("$target")
    printf 'fuzz: %-16s FAILED (log %s)\n' "$target" "$log"
    grep -E 'ERROR|fuzz property violated|SUMMARY|Test unit written|runtime error' "$log" | head -10 | sed 's/^/  /'
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: crashes in: ${failed[*]} (inputs in $build/artifacts/)" >&2
  exit 1
fi
