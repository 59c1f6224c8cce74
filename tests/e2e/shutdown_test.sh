#!/usr/bin/env bash
# e2e: SIGTERM stops the agent within one deadline (5 s) even when the OTLP
# collector hangs: spans, logs and a last metrics export are flushed side by
# side, and what could not be sent is said. Runs a hung collector (accepts,
# never answers) on loopback, for both protocols.
# usage: shutdown_test.sh <kotel binary>
set -euo pipefail
kotel=$1
source "$(dirname "$0")/lib.sh"
fail() { echo "FAIL: $*"; for f in "$work"/*.err; do echo "--- $f"; tail -20 "$f"; done; exit 1; }

hung=$(free_port)
python3 - "$hung" > "$work/hung.log" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64)
held = []
while True:
    c, _ = s.accept(); held.append(c)  # never read, never answer
PY
pids+=($!)
wait_until 10 listening "$hung" || fail "the hung collector did not listen"
app=$(free_port)
python3 -m http.server "$app" --bind 127.0.0.1 > "$work/app.log" 2>&1 &
pids+=($!)
wait_until 10 listening "$app" || fail "the app did not listen"

for protocol in grpc http/protobuf; do
  name=${protocol%%/*}
  OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$hung" OTEL_EXPORTER_OTLP_PROTOCOL=$protocol \
    OTEL_METRICS_EXPORTER=otlp OTEL_LOGS_EXPORTER=otlp OTEL_BSP_SCHEDULE_DELAY=100 \
    "$kotel" agent --print spans --port "$app" --metrics-address off --admin-socket off --logs on \
    > "$work/$name.out" 2> "$work/$name.err" &
  agent=$!
  pids+=($agent)
  wait_until 20 grep -q "kotel agent ready" "$work/$name.err" || fail "$name: agent not ready"
  for _ in 1 2 3 4 5; do curl -s -o /dev/null "http://127.0.0.1:$app/"; done
  wait_until 10 grep -q "SPAN SERVER" "$work/$name.out" || fail "$name: no span"
  sleep 0.3  # the batch processor's 100 ms schedule: an export is now in flight to the hung collector
  start=$(date +%s%N)
  kill -TERM "$agent"
  wait "$agent" || fail "$name: the agent exited non-zero"
  took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$took_ms" -le 6000 ] || fail "$name: SIGTERM to exit took $took_ms ms (deadline 5000 ms)"
  grep -qE "traces otlp/.*abandoned|exiting without waiting" "$work/$name.err" ||
    fail "$name: the agent did not say what it could not send"
  echo "ok: $name: SIGTERM to exit in $took_ms ms with the collector hung"
done
