#!/usr/bin/env bash
# Fresh Debian 12, as root: install what is missing, build, start the agent on
# this host. Extra arguments go to `kotel agent` (see `build/agent/kotel agent --help`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
  echo "run.sh: kotel loads BPF programs and must run as root: sudo $0 $*" >&2
  exit 1
fi
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
exec "$root/build/agent/kotel" agent "$@"
