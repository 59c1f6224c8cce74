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

listening() { bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# start_chain PORT_A PORT_B: service A (svc-a) calling service B (svc-b), both
# tests/testprogs/http_service.py, listening when this returns (or it fails).
start_chain() {
  local service
  service="$(dirname "${BASH_SOURCE[0]}")/../testprogs/http_service.py"
  OTEL_SERVICE_NAME=svc-b python3 "$service" --port "$2" > "$work/b.log" 2>&1 &
  pids+=($!)
  OTEL_SERVICE_NAME=svc-a python3 "$service" --port "$1" --downstream "http://127.0.0.1:$2" > "$work/a.log" 2>&1 &
  pids+=($!)
  wait_until 10 listening "$1" || fail "service A did not listen"
  wait_until 10 listening "$2" || fail "service B did not listen"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_nginx PORT SERVER_BLOCK: Debian's nginx, one worker, in $work/nginx, with
# SERVER_BLOCK as its only server; stopped on exit; listening when this returns.
start_nginx() {
  mkdir -p "$work/nginx/logs"
  cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  $2
}
CONF
  nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" || fail "nginx did not start"
  trap 'kill "$(cat "$work/nginx/nginx.pid" 2>/dev/null)" 2>/dev/null || true; cleanup' EXIT
  wait_until 10 listening "$1" || fail "nginx did not listen"
}
