#!/usr/bin/env bash
# e2e: applications that trace themselves (issue 27, part 1). Two services
# behave on the wire as OpenTelemetry SDKs do (tests/testprogs/sdk_service.py):
# svc-sdk-ids continues each request's trace under span ids of its own when it
# calls svc-b; svc-sdk-otlp posts OTLP/HTTP to a collector. A plain service
# (svc-b) is called by the first. Under the default --sdk-processes skip-spans:
# no span of the SDK services is exported, svc-b's spans are (and continue the
# driver's traces through svc-sdk-ids's header), RED metrics still count every
# request of the SDK services, and `kotel status` names both with the evidence.
# Under keep: svc-sdk-ids's CLIENT spans are exported as children of its own
# SERVER span (same trace), found by the trace its header carried.
# usage: sdk_processes_test.sh <kotel binary>
set -euo pipefail
kotel=$1
source "$(dirname "$0")/lib.sh"
fail() { echo "FAIL: $*"; tail -20 "$work/agent.err"; exit 1; }
testprogs="$(dirname "$0")/../testprogs"
requests=20

port_b=$(free_port); port_ids=$(free_port); port_otlp=$(free_port); port_collector=$(free_port)
OTEL_SERVICE_NAME=svc-b python3 "$testprogs/http_service.py" --port "$port_b" --nodelay > /dev/null 2>&1 &
pids+=($!)
OTEL_SERVICE_NAME=svc-sdk-ids python3 "$testprogs/sdk_service.py" --port "$port_ids" \
  --downstream "http://127.0.0.1:$port_b" > /dev/null 2>&1 &
pids+=($!)
OTEL_SERVICE_NAME=svc-sdk-otlp python3 "$testprogs/sdk_service.py" --port "$port_otlp" \
  --otlp "http://127.0.0.1:$port_collector/v1/traces" > /dev/null 2>&1 &
pids+=($!)
OTEL_SERVICE_NAME=collector python3 "$testprogs/http_service.py" --port "$port_collector" --nodelay > /dev/null 2>&1 &
pids+=($!)
for p in "$port_b" "$port_ids" "$port_otlp" "$port_collector"; do wait_until 10 listening "$p" || fail "port $p not listening"; done

start_agent() {  # MODE
  "$kotel" agent --print none --sdk-processes "$1" --admin-socket "$work/admin.sock" \
    --metrics-address 127.0.0.1:0 --port "$port_b,$port_ids,$port_otlp,$port_collector" \
    --spans-file "$work/spans-$1.jsonl" > "$work/agent.out" 2> "$work/agent.err" &
  agent=$!; pids+=("$agent")
  wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent not ready"
  mport=$(sed -n 's|.*metrics: http://127.0.0.1:\([0-9]*\)/metrics.*|\1|p' "$work/agent.err")
}
# The driver sends a fresh traceparent per request (what an instrumented caller does).
drive() {
  python3 - "$port_ids" "$port_otlp" "$requests" > "$work/driver-traces.txt" <<'PY' || fail "the driver failed"
import http.client, os, sys
ids, otlp, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
for port, path in ((ids, "/call/x"), (otlp, "/hello")):
    for i in range(n):
        trace = os.urandom(16).hex()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", f"{path}{i}", headers={"traceparent": f"00-{trace}-{os.urandom(8).hex()}-01"})
        assert c.getresponse().read() == b"ok"
        c.close()
        if port == ids: print(trace)
PY
}
server_count() {  # SERVICE: its HTTP server requests counted by the RED metrics
  curl -s "http://127.0.0.1:$mport/metrics" |
    awk -v svc="service_name=\"$1\"" '/^http_server_request_duration_seconds_count\{/ && index($0, svc) {s += $NF} END {print s + 0}'
}
metric() { curl -s "http://127.0.0.1:$mport/metrics" | sed -n "s/^$1 //p"; }
stop_agent() { kill -TERM "$agent"; wait "$agent" || fail "agent exit"; }

# 1. skip-spans (the default).
start_agent skip-spans
drive
wait_until 20 bash -c "[ \"\$(curl -s http://127.0.0.1:$mport/metrics | awk '/^http_server_request_duration_seconds_count\\{/ && /svc-sdk-otlp/ {s += \$NF} END {print s + 0}')\" -ge $requests ]" ||
  fail "RED metrics did not count the $requests requests of svc-sdk-otlp: $(server_count svc-sdk-otlp)"
[ "$(server_count svc-sdk-ids)" -ge "$requests" ] || fail "RED metrics count $(server_count svc-sdk-ids) requests of svc-sdk-ids"
withheld=$(metric kotel_spans_sdk_withheld_total)
marked=$(metric kotel_sdk_processes_total)
"$kotel" status --admin-socket "$work/admin.sock" > "$work/status.txt" || fail "kotel status failed"
grep -q "sdk process: pid [0-9]* (svc-sdk-ids) exports its own spans (own_span_ids: parent id [0-9a-f]\{16\} in a served request's trace); [0-9]* of its spans withheld" "$work/status.txt" ||
  fail "kotel status does not name svc-sdk-ids with its evidence: $(grep sdk "$work/status.txt")"
grep -q "sdk process: pid [0-9]* (svc-sdk-otlp) exports its own spans (otlp_export: POST /v1/traces)" "$work/status.txt" ||
  fail "kotel status does not name svc-sdk-otlp: $(grep sdk "$work/status.txt")"
stop_agent
PYTHONPATH="$(dirname "$0")" python3 - "$work/spans-skip-spans.jsonl" "$work/driver-traces.txt" "$requests" <<'PY' || fail "skip-spans check"
import collections, sys
import otlp_json
by_service = collections.defaultdict(list)
for svc, span in otlp_json.spans(sys.argv[1]):
    by_service[svc].append(span)
driver = set(open(sys.argv[2]).read().split())
# svc-sdk-otlp is found by its first export, which follows its first answer:
# spans that ended before that export leave before the evidence (as a real
# SDK's first batch follows its first spans). None that ended after it.
leaked = {s: len(v) for s, v in by_service.items() if s.startswith("svc-sdk")}
assert "svc-sdk-ids" not in leaked, f"spans of svc-sdk-ids exported: {leaked}"
first_export = min(int(s["startTimeUnixNano"]) for s in by_service["collector"] if s["kind"] == 2)
late = [s["name"] for s in by_service["svc-sdk-otlp"] if int(s["endTimeUnixNano"]) > first_export + 1_000_000]
assert not late, f"svc-sdk-otlp spans that ended after its first OTLP export were exported: {late}"
# svc-sdk-ids is marked by its first call; svc-b's spans are all exported and
# carry the driver's traces (the SDK's header is what links them).
b = [s for s in by_service["svc-b"] if s["kind"] == 2]
assert len(b) == int(sys.argv[3]), f"svc-b SERVER spans: {len(b)}"
assert all(s["traceId"] in driver for s in b), "svc-b's spans do not continue the driver's traces"
print(f"ok: skip-spans: spans exported: svc-sdk-ids 0, svc-sdk-otlp {leaked.get('svc-sdk-otlp', 0)} (all ended before its first export), {len(b)} svc-b SERVER spans in the driver's traces")
PY
echo "ok: metrics count both SDK services' requests; withheld=$withheld sdk processes=$marked; kotel status names both"

# 2. keep: svc-sdk-ids's CLIENT spans are children of its SERVER spans.
start_agent keep
drive
wait_until 20 bash -c "[ \"\$(curl -s http://127.0.0.1:$mport/metrics | awk '/^http_server_request_duration_seconds_count\\{/ && /svc-b/ {s += \$NF} END {print s + 0}')\" -ge $requests ]" ||
  fail "svc-b's requests not counted under keep"
stop_agent
PYTHONPATH="$(dirname "$0")" python3 - "$work/spans-keep.jsonl" "$requests" <<'PY' || fail "keep check"
import collections, sys
import otlp_json
spans = otlp_json.spans(sys.argv[1])
servers = {s["spanId"]: s for svc, s in spans if svc == "svc-sdk-ids" and s["kind"] == 2}
clients = [s for svc, s in spans if svc == "svc-sdk-ids" and s["kind"] == 3]
assert len(clients) >= int(sys.argv[2]) - 1, f"svc-sdk-ids CLIENT spans kept: {len(clients)}"
linked = [c for c in clients if c.get("parentSpanId") in servers and servers[c["parentSpanId"]]["traceId"] == c["traceId"]]
# The first call of the run marks the process (it is linked the same way).
assert len(linked) == len(clients), f"{len(clients) - len(linked)} of {len(clients)} CLIENT spans not children of their SERVER span"
print(f"ok: keep: {len(linked)} of {len(clients)} svc-sdk-ids CLIENT spans are children of its SERVER span")
PY
echo PASS
