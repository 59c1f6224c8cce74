#!/usr/bin/env bash
# Configures and builds kotel into build/ (incremental: quick when nothing changed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KOTEL_BUILD_DIR:-$root/build}
jobs=$(nproc 2>/dev/null || echo 2)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="${KOTEL_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
fi
cmake --build "$build" -j "$jobs"
