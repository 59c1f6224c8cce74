#!/usr/bin/env bash
# e2e: head sampling. 10,000 requests through an uninstrumented chain
# (driver -> A -> B) with OTEL_TRACES_SAMPLER=traceidratio, ARG 0.1: the
# exported traces are 1000 +- 3 sigma (sigma = 30), each one whole (driver
# CLIENT, A SERVER, A CLIENT, B SERVER: no span dropped because a neighbour was
# sampled out), and the RED metrics still count all 10,000 requests. A tuple
# link missed on a loaded machine (B's read seen more than the skew window
# before A's send) splits a request in two traces sampled apart: up to 10 such
# are allowed and printed (they are not spans dropped by sampling).
# usage: sampling_test.sh <kotel binary>
set -euo pipefail
kotel=$1
source "$(dirname "$0")/lib.sh"
fail() { echo "FAIL: $*"; tail -20 "$work/agent.err"; exit 1; }
requests=10000

port_a=$(free_port); port_b=$(free_port)
start_chain "$port_a" "$port_b" --nodelay  # 10,000 calls without 40 ms Nagle waits
OTEL_TRACES_SAMPLER=traceidratio OTEL_TRACES_SAMPLER_ARG=0.1 OTEL_BSP_SCHEDULE_DELAY=200 \
  "$kotel" agent --print none --admin-socket off --metrics-address 127.0.0.1:0 --port "$port_a,$port_b" \
  --spans-file "$work/spans.jsonl" > "$work/agent.out" 2> "$work/agent.err" &
agent=$!; pids+=("$agent")
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent not ready"
mport=$(sed -n 's|.*metrics: http://127.0.0.1:\([0-9]*\)/metrics.*|\1|p' "$work/agent.err")

# One keep-alive driver: its CLIENT spans are the roots that decide.
python3 - "$port_a" "$requests" <<'PY' || fail "the driver failed"
import http.client, sys
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
for i in range(int(sys.argv[2])):
    conn.request("GET", f"/call/s{i}")
    r = conn.getresponse(); r.read()
    assert r.status == 200, r.status
PY
counted() {
  curl -s "http://127.0.0.1:$mport/metrics" > "$work/metrics.txt"
  grep -E '^http_server_request_duration_seconds_count\{service_name="svc-b".*\} ([0-9]+)' "$work/metrics.txt" |
    awk '{s += $NF} END {exit !(s == '"$requests"')}'
}
wait_until 20 counted || fail "RED metrics do not count all $requests requests to svc-b: $(grep -E '^http_server_request_duration_seconds_count.*svc-b' "$work/metrics.txt")"
sampled_out=$(sed -n 's/^kotel_spans_sampled_out_total //p' "$work/metrics.txt")
kill -TERM "$agent"; wait "$agent" || fail "agent exit"
PYTHONPATH="$(dirname "$0")" python3 - "$work/spans.jsonl" "$requests" "$sampled_out" <<'PY' || fail "sampling check"
import collections, math, sys
import otlp_json
traces = collections.defaultdict(list)
roots = collections.Counter()  # spans without a parent, per trace
for svc, s in otlp_json.spans(sys.argv[1]):
    traces[s["traceId"]].append((svc, s["kind"]))
    roots[s["traceId"]] += not s.get("parentSpanId")
# A SERVER span whose client's send came later than the tuple link's skew
# window (a loaded machine) is a root of its own trace, sampled by its own id:
# not a span dropped from a kept trace. Rare, and allowed as such.
# Its client's trace then lacks it: the same missed link, seen from the other side.
lone = [t for t, v in traces.items() if len(v) == 1 and v[0][1] == 2 and roots[t] == 1]
whole = sorted([("svc-a", 3), ("svc-a", 2), ("svc-b", 2)])  # OTLP/JSON enums: SERVER 2, CLIENT 3
without_b = sorted([("svc-a", 3), ("svc-a", 2)])
missed = [t for t, v in traces.items() if sorted(s for s in v if s[0] in ("svc-a", "svc-b")) == without_b]
assert len(lone) + len(missed) <= 10, f"{len(lone)} lone SERVER roots, {len(missed)} traces without svc-b's span"
for t in lone:
    del traces[t]
n, want = len(traces), int(sys.argv[2]) * 0.1
sigma = math.sqrt(int(sys.argv[2]) * 0.1 * 0.9)
print(f"exported traces: {n} (want {want:.0f} +- {3 * sigma:.0f}); spans sampled out: {sys.argv[3]}; "
      f"tuple links missed (skew past the window): {len(lone)} lone roots, {len(missed)} traces without svc-b")
assert abs(n - want) <= 3 * sigma, n
shape = collections.Counter(tuple(sorted(v)) for t, v in traces.items() if t not in missed)
for spans, count in shape.items():
    rest = [s for s in spans if s[0] not in ("svc-a", "svc-b")]
    assert sorted(s for s in spans if s[0] in ("svc-a", "svc-b")) == whole and len(rest) == 1 and rest[0][1] == 3, (spans, count)
assert abs(int(float(sys.argv[3])) - 4 * (int(sys.argv[2]) - n)) <= 8 + 4 * len(lone), "every sampled-out span counted"
PY
echo "ok: traceidratio 0.1: exported traces within 3 sigma, each whole; metrics count all $requests"
