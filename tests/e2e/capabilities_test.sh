#!/usr/bin/env bash
# e2e: the capability set of deploy/systemd/kotel.service and the DaemonSet
# (CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH) is enough and
# each one is needed. The agent runs as nobody under setpriv holding only
# those (inheritable, ambient and bounding sets, as systemd's
# AmbientCapabilities gives them), with a real workload run by root:
#   all four: the socket tracepoints chosen (not the slower fallback), a SERVER
#     span from curl -> python http.server, with the service name from the
#     server's OTEL_SERVICE_NAME; `kotel status` over the admin socket;
#   TLS uprobes: this kernel creates uprobe perf events only for CAP_SYS_ADMIN
#     (CAP_PERFMON gets EACCES), so with the four the agent runs without TLS and
#     its warning names CAP_SYS_ADMIN; with CAP_SYS_ADMIN added an https SERVER
#     span arrives;
#   one removed at a time: the agent stops with a message naming it, or it
#     runs and the feature that lost something reports the capability (or,
#     measured here for CAP_SYS_PTRACE, nothing is lost: said, not hidden).
# usage: capabilities_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
fail() { echo "FAIL: $*"; echo "--- agent stderr"; tail -20 "$work/agent.err" 2> /dev/null || true; exit 1; }
all_caps=(bpf perfmon sys_ptrace dac_read_search)
http_port=29201 https_port=29202

# tracefs is mounted by root (systemd's sys-kernel-tracing.mount on a host): nobody cannot.
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing || fail "cannot mount tracefs"
# nobody's own copy: the build tree may be below a directory only root can enter.
bin="$work/nobody"; mkdir -p "$bin/run"; chmod 0755 "$work" "$bin"
cp "$kotel" "$bin/kotel"; chmod 0755 "$bin/kotel"; chown nobody:nogroup "$bin/run"

mkdir -p "$work/www" && echo hi > "$work/www/plain"
(cd "$work/www" && OTEL_SERVICE_NAME=cap-web exec python3 -m http.server --bind 127.0.0.1 "$http_port" > /dev/null 2>&1) &
pids+=($!)
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 -subj /CN=localhost \
  2> /dev/null || fail "openssl req failed"
python3 "$here/../testprogs/https_service.py" "$https_port" "$work" > /dev/null 2>&1 &
pids+=($!)
wait_until 10 listening "$http_port" || fail "http server did not listen"
wait_until 10 listening "$https_port" || fail "https server did not listen"

# as_nobody CAPS CMD...: CMD as nobody:nogroup holding exactly CAPS (comma list, may be empty).
# It execs: run it in the background (its $! is then the agent itself) or in a subshell.
as_nobody() {
  local caps=$1 set="-all"; shift
  for c in ${caps//,/ }; do set+=",+$c"; done
  exec setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps="$set" --ambient-caps="$set" \
    --bounding-set="$set" "$@"
}
# start_agent_as CAPS: the agent as nobody; returns once it is ready or has exited.
runs=0
start_agent_as() {
  : > "$work/agent.out"; : > "$work/agent.err"
  runs=$((runs + 1)); sock="$bin/run/admin-$runs.sock"  # each run its own: no wait on the last one's exit
  as_nobody "$1" "$bin/kotel" agent --print spans --port "$http_port,$https_port" --metrics-address 127.0.0.1:0 \
    --admin-socket "$sock" --log-level debug > "$work/agent.out" 2> "$work/agent.err" &
  agent=$!; pids+=("$agent")
  wait_until 30 bash -c "grep -q 'kotel agent ready' '$work/agent.err' || ! kill -0 $agent 2> /dev/null" || fail "agent hung"
}
stop_agent() { kill "$agent" 2> /dev/null || true; wait "$agent" 2> /dev/null || true; }
joined() { local IFS=,; echo "$*"; }

# All four: real spans, plain and TLS, and the admin socket.
start_agent_as "$(joined "${all_caps[@]}")"
kill -0 "$agent" 2> /dev/null || fail "the agent did not start with ${all_caps[*]}"
grep -E "missing capability CAP_(BPF|PERFMON|SYS_PTRACE|DAC_READ_SEARCH)" "$work/agent.err" &&
  fail "the full set still reports one of them missing"
curl -sf -o /dev/null "http://127.0.0.1:$http_port/plain" || fail "curl failed"
wait_until 15 grep -q ' SPAN SERVER cap-web\[.*url.path=/plain' "$work/agent.out" ||
  fail "no SERVER span named cap-web (OTEL_SERVICE_NAME read from root's process) with the four capabilities"
grep -q "kotel agent ready: io-hooks=socket" "$work/agent.err" || fail "as nobody the agent fell back from the socket hooks"
echo "ok: nobody + ${all_caps[*]}: socket hooks, SERVER span of cap-web"
wait_until 15 grep -q "tls: cannot attach .*missing capability CAP_SYS_ADMIN" "$work/agent.err" ||
  fail "TLS uprobes without CAP_SYS_ADMIN: no warning naming it"
echo "ok: TLS without CAP_SYS_ADMIN reports: $(grep -m1 -o 'tls: cannot attach.*' "$work/agent.err" | cut -c1-150)"
if control=$(unix_connect_control nobody); then
  (as_nobody "" "$bin/kotel" status --admin-socket "$sock") > "$work/status.txt" 2>&1 ||
    fail "kotel status (same user, no capabilities) failed: $(cat "$work/status.txt")"
  grep -qE "agent pid [0-9]+, up " "$work/status.txt" || fail "kotel status printed no agent pid and uptime: $(cat "$work/status.txt")"
  echo "ok: admin socket served to the agent's own user"
else
  echo "not checked here: this host forbids nobody to connect even to its own unix sockets ($control)"
fi
stop_agent

start_agent_as "$(joined "${all_caps[@]}" sys_admin)"
wait_until 15 grep -q "tls: uprobes attached to .*libssl" "$work/agent.err" || fail "TLS uprobes did not attach with CAP_SYS_ADMIN"
curl -sfk -o /dev/null "https://127.0.0.1:$https_port/secure" || fail "curl https failed"
wait_until 15 bash -c "grep ' SPAN SERVER ' '$work/agent.out' | grep 'url.path=/secure' | grep -q url.scheme=https" ||
  { tail -5 "$work/agent.out"; fail "no https SERVER span through the TLS uprobes as nobody + CAP_SYS_ADMIN"; }
echo "ok: nobody + CAP_SYS_ADMIN: TLS uprobes attach, https SERVER span"
stop_agent

# Each capability removed in turn.
for drop in "${all_caps[@]}"; do
  keep=(); for c in "${all_caps[@]}"; do [ "$c" = "$drop" ] || keep+=("$c"); done
  name="CAP_${drop^^}"
  start_agent_as "$(joined "${keep[@]}")"
  if ! kill -0 "$agent" 2> /dev/null; then
    wait "$agent" 2> /dev/null && fail "without $name the agent exited 0"
    grep -q "$name" "$work/agent.err" || fail "without $name the agent stopped without naming it: $(tail -3 "$work/agent.err")"
    echo "ok: without $name the agent stops: $(grep -m1 "$name" "$work/agent.err" | cut -c1-160)"
    continue
  fi
  # Still running: the feature that needs it works anyway, or it says so naming it.
  curl -sf -o /dev/null "http://127.0.0.1:$http_port/plain" || fail "curl failed"
  wait_until 15 grep -q ' SPAN SERVER .*url.path=/plain' "$work/agent.out" || fail "without $name: no span at all"
  if [ "$drop" = sys_ptrace ] && grep -q ' SPAN SERVER cap-web\[' "$work/agent.out"; then
    echo "ok: without $name the agent runs and still reads root's OTEL_SERVICE_NAME: this kernel lets CAP_PERFMON" \
         "+ CAP_DAC_READ_SEARCH read /proc/<pid>/environ"
  else
    wait_until 15 grep -q "$name" "$work/agent.err" ||
      fail "without $name the agent runs, loses something, and nothing names the capability it lacks"
    echo "ok: without $name the agent runs; it reports: $(grep -m1 -o "[^ ]* missing capability $name.*" "$work/agent.err" | cut -c1-160)"
  fi
  stop_agent
done
echo PASS
