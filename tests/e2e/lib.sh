# Shared by the e2e scripts: a work dir and background processes cleaned up on
# exit, waiting on a condition with a deadline, free loopback ports.
# Sourced after `set -euo pipefail`; sets $work and the array $pids.

work=$(mktemp -d /tmp/kotel-e2e.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# wait_until SECONDS CMD...: polls CMD every 50 ms until it succeeds or the deadline passes.
wait_until() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
