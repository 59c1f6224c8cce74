#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test layer: unit, kernel
# (loads the real BPF programs: needs root) and end to end. ctest's summary line
# is the verdict.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
  echo "test.sh: installing packages and the kernel tests need root: sudo $0" >&2
  exit 1
fi
"$root/scripts/install-deps.sh" --with-tests
"$root/scripts/build.sh"
if [ -n "${KOTEL_OTLP_SINK:-}" ]; then
  # Absolute: ctest runs each test in its own directory.
  KOTEL_OTLP_SINK=$(cd "$KOTEL_OTLP_SINK" && pwd) || { echo "test.sh: KOTEL_OTLP_SINK is not a folder" >&2; exit 1; }
  export KOTEL_OTLP_SINK
  echo "test.sh: the OTLP conformance test (e2e_otlp_sink_test) checks kotel's export with $KOTEL_OTLP_SINK"
fi
cd "${KOTEL_BUILD_DIR:-$root/build}"
ctest --output-on-failure --timeout 600 "$@"
