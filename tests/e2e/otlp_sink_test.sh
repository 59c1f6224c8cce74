#!/usr/bin/env bash
# e2e conformance: the agent exports real spans, RED metrics and log records to the reference OTLP sink
# (../shared/tools/otlp-sink, an independent receiver built from the upstream
# spec), over gRPC and over HTTP/protobuf; the sink's check.py must find 0
# violations, every parent in the dump, and exactly the spans of the traffic.
# Runs when KOTEL_OTLP_SINK names the sink's folder (CI sets it); otherwise it
# reports itself skipped (exit 77), since the project's own receiver tests run
# in the integration layer.
# usage: otlp_sink_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${KOTEL_OTLP_SINK:-}" ]; then
  echo "SKIP: KOTEL_OTLP_SINK is not set (the reference sink is not available)"
  exit 77
fi
sink=$(cd "$KOTEL_OTLP_SINK" && pwd)
source "$here/lib.sh"
# The sink's Python stubs are generated output: make them if the copy lacks them.
if [ ! -d "$sink/gen/opentelemetry" ]; then
  "$sink/build.sh" > "$work/sink-build.log" 2>&1 || { cat "$work/sink-build.log"; echo "FAIL: cannot build the reference sink"; exit 1; }
fi
fail() { echo "FAIL: $*"; echo "--- agent stderr"; tail -20 "$work/agent.err" || true; echo "--- sink"; tail -5 "$work/sink.log" || true; exit 1; }
requests=5

port_a=$(free_port); port_b=$(free_port)
start_chain "$port_a" "$port_b"

for protocol in grpc http/protobuf; do
  name=${protocol%%/*}
  rm -f "$work/sink.json"
  /usr/bin/python3 "$sink/sink.py" --out "$work/$name.jsonl" --truncate --grpc-port 0 --http-port 0 \
    --ready-file "$work/sink.json" --quiet > "$work/sink.log" 2>&1 &
  sink_pid=$!; pids+=("$sink_pid")
  wait_until 20 test -s "$work/sink.json" || fail "sink did not start"
  if [ "$name" = grpc ]; then
    endpoint="http://127.0.0.1:$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["grpc_port"])' "$work/sink.json")"
  else
    endpoint="http://127.0.0.1:$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http_port"])' "$work/sink.json")"
  fi

  # Only the services' ports: other traffic on this host is not part of the check
  # (nor are its processes' logs: those have their own check below).
  OTEL_EXPORTER_OTLP_ENDPOINT=$endpoint OTEL_EXPORTER_OTLP_PROTOCOL=$protocol OTEL_BSP_SCHEDULE_DELAY=200 \
  OTEL_LOGS_EXPORTER=none \
  OTEL_METRICS_EXPORTER=otlp OTEL_METRIC_EXPORT_INTERVAL=500 \
  OTEL_RESOURCE_ATTRIBUTES=deployment.environment.name=ci \
    "$kotel" agent --print none --metrics-address off --port "$port_a,$port_b" --spans-file "$work/$name.spans.jsonl" \
    > "$work/agent.out" 2> "$work/agent.err" &
  agent=$!; pids+=("$agent")
  wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "$name: agent did not become ready"

  for i in $(seq 1 $requests); do
    curl -sf -o /dev/null -H 'baggage: user=ann' "http://127.0.0.1:$port_a/call/$name-$i" || fail "$name: request $i failed"
  done
  kill -TERM "$agent"
  wait "$agent" || fail "$name: agent exited $? on SIGTERM"
  grep -q "flushed .* abandoned 0" "$work/agent.err" || fail "$name: the agent did not flush cleanly: $(grep traces "$work/agent.err")"
  kill -TERM "$sink_pid"; wait "$sink_pid" || true

  # Per request: curl CLIENT -> A SERVER -> A CLIENT -> B SERVER.
  /usr/bin/python3 "$sink/check.py" "$work/$name.jsonl" --signal traces --require-parents \
    --expect "spans=$((4 * requests))" --expect "traces=$requests" --expect "roots=$requests" \
    --expect "parent_linked=$((3 * requests))" --expect-span-attr http.request.method=GET \
    --expect-span-attr baggage.user=ann > "$work/check.log" 2>&1 || { cat "$work/check.log"; fail "$name: check.py failed"; }
  grep -q "violations: 0" "$work/check.log" || { cat "$work/check.log"; fail "$name: violations"; }
  echo "ok: $protocol: $(grep '^spans:' "$work/check.log")"
  # The whole recording, metrics included: histograms valid, both durations there.
  /usr/bin/python3 "$sink/check.py" "$work/$name.jsonl" --expect-metric http.server.request.duration \
    --expect-metric http.client.request.duration > "$work/check-all.log" 2>&1 \
    || { cat "$work/check-all.log"; fail "$name: check.py failed on the metrics"; }
  echo "ok: $protocol: $(grep '^metrics:' "$work/check-all.log")"
done

# --spans-file wrote the same spans as OTLP/JSON lines: the sink's HTTP/JSON
# endpoint must take every line and the checker find nothing wrong with them.
rm -f "$work/sink.json"
/usr/bin/python3 "$sink/sink.py" --out "$work/json.jsonl" --truncate --grpc-port 0 --http-port 0 \
  --ready-file "$work/sink.json" --quiet > "$work/sink.log" 2>&1 &
sink_pid=$!; pids+=("$sink_pid")
wait_until 20 test -s "$work/sink.json" || fail "sink did not start"
http_port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http_port"])' "$work/sink.json")
lines=0
while IFS= read -r line; do
  printf '%s' "$line" | curl -sf -o /dev/null -H 'Content-Type: application/json' --data-binary @- \
    "http://127.0.0.1:$http_port/v1/traces" || fail "the sink refused an OTLP/JSON line from --spans-file"
  lines=$((lines + 1))
done < "$work/http.spans.jsonl"
kill -TERM "$sink_pid"; wait "$sink_pid" || true
/usr/bin/python3 "$sink/check.py" "$work/json.jsonl" --require-parents --expect "spans=$((4 * requests))" \
  > "$work/check.log" 2>&1 || { cat "$work/check.log"; fail "OTLP/JSON file: check.py failed"; }
echo "ok: --spans-file: $lines OTLP/JSON lines, $(grep '^spans:' "$work/check.log")"
# Logs: a Python service's log lines (read from its stderr by the kernel hooks)
# go to the sink with the spans of the requests they were written in; the
# checker must find every record valid and linked to a span of the dump.
log_port=$(free_port)
OTEL_SERVICE_NAME=logsvc python3 "$here/../testprogs/logging_service.py" --port "$log_port" > /dev/null 2>&1 &
log_svc=$!; pids+=("$log_svc")
wait_until 10 listening "$log_port" || fail "the logging service did not listen"
for protocol in grpc http/protobuf; do
  name=logs-${protocol%%/*}
  rm -f "$work/sink.json"
  /usr/bin/python3 "$sink/sink.py" --out "$work/$name.jsonl" --truncate --grpc-port 0 --http-port 0 \
    --ready-file "$work/sink.json" --quiet > "$work/sink.log" 2>&1 &
  sink_pid=$!; pids+=("$sink_pid")
  wait_until 20 test -s "$work/sink.json" || fail "sink did not start"
  key=grpc_port; [ "$protocol" = grpc ] || key=http_port
  endpoint="http://127.0.0.1:$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/sink.json" "$key")"
  OTEL_EXPORTER_OTLP_ENDPOINT=$endpoint OTEL_EXPORTER_OTLP_PROTOCOL=$protocol OTEL_BSP_SCHEDULE_DELAY=200 \
  OTEL_BLRP_SCHEDULE_DELAY=200 \
    "$kotel" agent --print none --metrics-address off --admin-socket off --pid "$log_svc" --port "$log_port" \
    > "$work/agent.out" 2> "$work/agent.err" &
  agent=$!; pids+=("$agent")
  wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "$name: agent did not become ready"
  grep -q "logs: exporting over" "$work/agent.err" || fail "$name: logs are not exported"
  for i in $(seq 1 $requests); do
    curl -sf -o /dev/null "http://127.0.0.1:$log_port/$name/$i" || fail "$name: request $i failed"
  done
  kill -TERM "$agent"
  wait "$agent" || fail "$name: agent exited $? on SIGTERM"
  kill -TERM "$sink_pid"; wait "$sink_pid" || true
  /usr/bin/python3 "$sink/check.py" "$work/$name.jsonl" --expect "log_records=$requests" \
    --expect "logs_linked=$requests" --expect "spans=$requests" > "$work/check.log" 2>&1 \
    || { cat "$work/check.log"; fail "$name: check.py failed"; }
  grep -q "violations: 0" "$work/check.log" || { cat "$work/check.log"; fail "$name: violations"; }
  echo "ok: $protocol logs: $(grep -i '^logs\|log_records' "$work/check.log" | head -1)"
done
echo "PASS: OTLP traces, metrics and logs over gRPC and HTTP/protobuf accepted by the reference sink, 0 violations"
