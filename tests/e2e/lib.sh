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

# start_chain PORT_A PORT_B [FLAG...]: service A (svc-a) calling service B (svc-b),
# both tests/testprogs/http_service.py (given FLAGs), listening when this returns.
start_chain() {
  local service
  service="$(dirname "${BASH_SOURCE[0]}")/../testprogs/http_service.py"
  OTEL_SERVICE_NAME=svc-b python3 "$service" --port "$2" "${@:3}" > "$work/b.log" 2>&1 &
  pids+=($!)
  OTEL_SERVICE_NAME=svc-a python3 "$service" --port "$1" "${@:3}" --downstream "http://127.0.0.1:$2" > "$work/a.log" 2>&1 &
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

# unix_connect_control OWNER: can uid nobody connect to a unix socket that OWNER
# (root or nobody) made, mode 0666 in a 0755 directory? A sandbox's LSM or
# cgroup hook may forbid it on some hosts; then the admin socket checks for
# non-root users test the host, not kotel. Prints the errno when not.
unix_connect_control() {
  local d out rc=0
  d=$(mktemp -d /tmp/kotel-unix.XXXXXX); chmod 0755 "$d"; chown "$1" "$d"
  local as_owner=(); [ "$1" = root ] || as_owner=(setpriv --reuid="$1" --regid=nogroup --clear-groups)
  "${as_owner[@]}" /usr/bin/python3 -c '
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o666); s.listen(1)
time.sleep(10)' "$d/c.sock" & local server=$!
wait_until 5 test -S "$d/c.sock" || { kill $server; rm -rf "$d"; echo "control socket not created"; return 1; }
  out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/bin/python3 -c '
import socket, sys
socket.socket(socket.AF_UNIX).connect(sys.argv[1])' "$d/c.sock" 2>&1 | tail -1) || rc=1
  [ -z "$out" ] || rc=1
  kill $server 2> /dev/null; wait $server 2> /dev/null || true; rm -rf "$d"
  [ $rc -eq 0 ] || { echo "$out"; return 1; }
}
