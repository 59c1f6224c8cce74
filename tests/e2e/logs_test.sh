#!/usr/bin/env bash
# e2e: logs as a signal, read from the kernel with nothing in the application:
#   a Python web server logging one INFO line per request and an ERROR on
#   /error/...: every line arrives exactly once, with its severity and the
#   trace_id/span_id of the SERVER span of the request it was logged in;
#   a process killed by SIGKILL: an exit record naming the signal (and what it
#   printed before, once);
#   a connect to a closed port: a refused-connection record with the peer;
#   /metrics counts the records by source.
# usage: logs_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
check="$here/logs_check.py"
fail() { echo "FAIL: $*"; echo "--- agent stderr"; tail -20 "$work/agent.err" || true; echo "--- logs (last 20)"; tail -20 "$work/agent.out" || true; exit 1; }
expect() {
  wait_until 15 python3 "$check" "$work/agent.out" "$work/spans.jsonl" "$@" > /dev/null ||
    fail "$1: $(python3 "$check" "$work/agent.out" "$work/spans.jsonl" "$@")"
  echo "ok: $*"
}
# A port of this test's range (27000-27999) nobody listens on.
unused_port() {
  local p
  for p in $(seq "$1" "$2"); do listening "$p" || { echo "$p"; return; }; done
  fail "no free port in $1-$2"
}

"$kotel" agent --print logs --logs on --log-rate-limit 0 --admin-socket off --metrics-address 127.0.0.1:0 \
  --spans-file "$work/spans.jsonl" > "$work/agent.out" 2> "$work/agent.err" &
agent=$!; pids+=("$agent")
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent did not become ready"
grep -q "hook attached *tp/syscalls/sys_enter_write" "$work/agent.err" || fail "the write hook is not attached"
metrics_port=$(grep -o 'metrics: http://127.0.0.1:[0-9]*' "$work/agent.err" | grep -o '[0-9]*$')

port=$(unused_port 27080 27089)
OTEL_SERVICE_NAME=logsvc python3 "$here/../testprogs/logging_service.py" --port "$port" > "$work/svc.out" 2> "$work/svc.err" &
pids+=($!)
wait_until 10 listening "$port" || fail "the logging service did not listen"

requests=10
for i in $(seq 1 $requests); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/ok/$i" || fail "request $i failed"
done
curl -s -o /dev/null "http://127.0.0.1:$port/error/e1" || true
for i in $(seq 1 $requests); do expect request logsvc "/ok/$i" INFO; done
expect request logsvc /error/e1 ERROR
[ "$(grep -c 'served /ok/' "$work/svc.err")" -eq "$requests" ] || fail "the service's own stderr changed"

python3 -c 'import sys, time; print("about to be killed", flush=True); time.sleep(60)' > /dev/null &
victim=$!; pids+=("$victim")
expect line "$victim" "about to be killed"
kill -KILL "$victim"; wait "$victim" 2>/dev/null || true
expect exit "$victim" SIGKILL

# The OOM killer's pick: a memory cgroup capped at 64 MiB (v2 when its memory
# controller is enabled, else v1), a python allocating past it.
if grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
  oom_cg=/sys/fs/cgroup/kotel-oom-$$; mkdir "$oom_cg"; echo $((64 << 20)) > "$oom_cg/memory.max"
elif [ -d /sys/fs/cgroup/memory ]; then
  oom_cg=/sys/fs/cgroup/memory/kotel-oom-$$; mkdir "$oom_cg"; echo $((64 << 20)) > "$oom_cg/memory.limit_in_bytes"
else
  fail "no memory cgroup (v2 controller or v1 hierarchy) to provoke an OOM kill in"
fi
trap 'rmdir "$oom_cg" 2>/dev/null || true; cleanup' EXIT
bash -c 'echo $$ > "$1/cgroup.procs" && exec python3 -c "
b = []
while True: b.append(bytearray(16 << 20))"' _ "$oom_cg" &
hog=$!
wait "$hog" && fail "the memory hog was not killed"
expect oom "$hog"
expect exit "$hog" SIGKILL

closed=$(unused_port 27090 27099)
curl -s -o /dev/null "http://127.0.0.1:$closed/" && fail "port $closed answered"
expect refused "$closed"

metrics=$(curl -sf "http://127.0.0.1:$metrics_port/metrics") || fail "no /metrics"
for series in 'kotel_log_records_total{source="stderr"}' 'kotel_log_records_total{source="kernel"}'; do
  value=$(grep -F "$series" <<< "$metrics" | awk '{print $2}')
  [ -n "$value" ] && [ "${value%.*}" -gt 0 ] || fail "$series is '${value:-missing}'"
done
grep -q '^kotel_log_records_dropped_total{reason="rate_limited"} 0$' <<< "$metrics" || fail "records dropped by the rate limit"

kill -TERM "$agent"
wait "$agent" || fail "agent exited $? on SIGTERM"
grep -q "final: logs records" "$work/agent.err" || fail "no logs stats line at exit"
echo "PASS: $requests INFO lines and an ERROR, each once and linked to its SERVER span; SIGKILL exit; OOM kill; refused connect"
