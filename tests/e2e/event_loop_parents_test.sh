#!/usr/bin/env bash
# e2e: calls an event loop makes outside any request get no parent. An
# asyncio front (tests/testprogs/asyncio_timer_front.py) serves 600 requests
# at concurrency 8, each calling its back after a random 0-5 ms, and calls
# the back from a timer every 5 ms besides: once its loop was seen with two
# requests at once, no timer call may be linked to the request in flight
# (kotel.parent.thread_rule_off=multiplexing_thread), and no call is linked
# to another request than its own.
# usage: event_loop_parents_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
fail() { echo "FAIL: $*"; echo "--- agent stderr"; tail -20 "$work/agent.err" || true; exit 1; }
requests=600

port_f=$(free_port); port_b=$(free_port)
"$kotel" agent --print none --metrics-address off --admin-socket off --port "$port_f,$port_b" \
  --spans-file "$work/spans.jsonl" > "$work/agent.out" 2> "$work/agent.err" &
agent=$!; pids+=("$agent")
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent did not become ready"

OTEL_SERVICE_NAME=loop-back python3 "$here/../testprogs/http_service.py" --port "$port_b" > "$work/back.log" 2>&1 &
pids+=($!)
OTEL_SERVICE_NAME=loop-front python3 "$here/../testprogs/asyncio_timer_front.py" --port "$port_f" --back-port "$port_b" \
  > "$work/front.log" 2>&1 &
pids+=($!)
wait_until 10 listening "$port_b" || fail "back did not listen"
wait_until 10 listening "$port_f" || fail "front did not listen"

python3 - "$port_f" "$requests" <<'PY' || fail "load: requests failed"
import concurrent.futures, http.client, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
def one(i):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", f"/call/r{i}")
    r = c.getresponse(); r.read(); c.close()
    return r.status
with concurrent.futures.ThreadPoolExecutor(8) as ex:
    bad = [s for s in ex.map(one, range(n)) if s != 200]
sys.exit(1 if bad else 0)
PY
ticks=$(curl -sf "http://127.0.0.1:$port_f/stats") || fail "no /stats"
[ "$ticks" -gt 0 ] || fail "the timer never ran"

check() { python3 "$here/parents_check.py" "$work/spans.jsonl" loop-front "$requests" --timer "$ticks"; }
wait_until 30 check > /dev/null || fail "$(check)"
echo "ok: $(check)"
kill -TERM "$agent"
wait "$agent" || fail "agent exited $? on SIGTERM"
echo "PASS: asyncio front with a 5 ms timer, $requests requests at concurrency 8: no timer call linked"
