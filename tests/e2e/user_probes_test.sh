#!/usr/bin/env bash
# e2e: probes the user declares (issue 27, part 3). A thread-per-connection C
# server (tests/testprogs/priced_server.c, built here with a USDT probe) calls
# compute_price(item, sku) while serving each request. Three probes: the
# function with its two arguments as attributes; the same function at most 5
# calls/s, histogram only; the USDT point kotel_test:priced. After 40
# requests: 40 INTERNAL spans compute_price, each the child of the SERVER span
# of its request (same trace, parent = that span) with item.id and sku; 40 USDT
# spans; the limited probe's histogram counted at most its rate and the rest
# in kotel_user_probe_dropped_total{reason="rate_limit"}; `kotel probes` lists
# all three with their calls. A fourth probe on python3.11's own
# Py_GetVersion (libpython is linked into Debian's interpreter), called once
# per request by a threaded Python service: one span per request, the child of
# its SERVER span. A probe naming a missing function stops the agent with
# exit 2, naming it, before anything is attached.
# usage: user_probes_test.sh <kotel binary>
set -euo pipefail
kotel=$1
source "$(dirname "$0")/lib.sh"
fail() { echo "FAIL: $*"; tail -20 "$work/agent.err"; exit 1; }
requests=40

cc -O1 -g -Wall -o "$work/priced" "$(dirname "$0")/../testprogs/priced_server.c" -lpthread || fail "cannot build the C server"
port=$(free_port)
OTEL_SERVICE_NAME=priced "$work/priced" "$port" > /dev/null 2>&1 &
pids+=($!)
wait_until 10 listening "$port" || fail "priced_server did not listen"
# A Python service calling a function of its interpreter (Debian links
# libpython into python3.11) once per request: Py_GetVersion, through ctypes.
python_bin=$(readlink -f /usr/bin/python3)
py_port=$(free_port)
cat > "$work/py_version.py" <<'PY'
import ctypes, http.server, sys
ctypes.pythonapi.Py_GetVersion.restype = ctypes.c_char_p
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        body = ctypes.pythonapi.Py_GetVersion()[:6]
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
OTEL_SERVICE_NAME=py-version "$python_bin" "$work/py_version.py" "$py_port" > /dev/null 2>&1 &
pids+=($!)
wait_until 10 listening "$py_port" || fail "the Python service did not listen"

# 1. A missing function: a clear error, exit 2, nothing attached.
cat > "$work/bad.yaml" <<YAML
probes:
  - name: nope
    binary: $work/priced
    function: no_such_function
YAML
set +e; "$kotel" agent -c "$work/bad.yaml" --print none --admin-socket off --metrics-address off > /dev/null 2> "$work/bad.err"; rc=$?; set -e
[ "$rc" -eq 2 ] || fail "a missing function: exit $rc, want 2: $(cat "$work/bad.err")"
grep -q "probe 'nope': function 'no_such_function' not found in $work/priced" "$work/bad.err" ||
  fail "the error does not name the probe and the function: $(cat "$work/bad.err")"
grep -q "hook attached" "$work/bad.err" && fail "hooks were attached before the probe was refused"
echo "ok: a missing function: exit 2, $(head -1 "$work/bad.err" | cut -c1-120)"

# 2. Three probes on the running server.
cat > "$work/probes.yaml" <<YAML
probes:
  - name: compute_price
    binary: $work/priced
    function: compute_price
    max-per-second: 0
    args:
      - {position: 0, name: item.id, type: int}
      - {position: 1, name: sku, type: string}
  - name: compute_price_limited
    binary: $work/priced
    function: compute_price
    max-per-second: 5
    span: false
  - name: py_get_version
    binary: $python_bin
    function: Py_GetVersion
    max-per-second: 0
  - name: priced
    binary: $work/priced
    usdt: kotel_test:priced
    max-per-second: 0
    args:
      - {position: 0, name: item, type: int}
      - {position: 1, name: total, type: int}
YAML
OTEL_BSP_SCHEDULE_DELAY=200 "$kotel" agent -c "$work/probes.yaml" --print none --admin-socket "$work/admin.sock" \
  --metrics-address 127.0.0.1:0 --port "$port,$py_port" --spans-file "$work/spans.jsonl" > "$work/agent.out" 2> "$work/agent.err" &
agent=$!; pids+=("$agent")
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent not ready"
grep -q "probe compute_price: attached to $work/priced:compute_price" "$work/agent.err" || fail "no attach line"
mport=$(sed -n 's|.*metrics: http://127.0.0.1:\([0-9]*\)/metrics.*|\1|p' "$work/agent.err")
python3 - "$port" "$requests" <<'PY' || fail "the driver failed"
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
for i in range(int(sys.argv[2])):
    c.request("GET", f"/price/{i + 1}")
    r = c.getresponse()
    assert r.read() == str((i + 1) * 100 + len(f"sku-{i + 1}")).encode(), i
PY
for i in $(seq 1 $requests); do curl -sf -o /dev/null "http://127.0.0.1:$py_port/v$i" || fail "python request $i"; done
calls() { curl -s "http://127.0.0.1:$mport/metrics" | sed -n "s/^kotel_user_probe_calls_total{probe=\"$1\"} //p"; }
wait_until 20 bash -c "[ \"\$(curl -s http://127.0.0.1:$mport/metrics | sed -n 's/^kotel_user_probe_duration_seconds_count{probe=\"compute_price\"} //p')\" = $requests ]" ||
  fail "compute_price durations: $(curl -s "http://127.0.0.1:$mport/metrics" | grep '^kotel_user_probe_duration_seconds_count')"
curl -s "http://127.0.0.1:$mport/metrics" > "$work/metrics.txt"
limited_kept=$(sed -n 's/^kotel_user_probe_duration_seconds_count{probe="compute_price_limited"} //p' "$work/metrics.txt")
limited_dropped=$(sed -n 's/^kotel_user_probe_dropped_total{probe="compute_price_limited",reason="rate_limit"} //p' "$work/metrics.txt")
[ "$(calls compute_price_limited)" = "$requests" ] || fail "limited probe calls: $(calls compute_price_limited)"
[ "$((limited_kept + limited_dropped))" -eq "$requests" ] || fail "limited: kept $limited_kept + dropped $limited_dropped != $requests"
[ "$limited_kept" -le 10 ] || fail "the 5/s probe kept $limited_kept of $requests calls"
echo "ok: max-per-second 5: kept $limited_kept, dropped $limited_dropped (counted) of $requests"
"$kotel" probes --admin-socket "$work/admin.sock" > "$work/probes.txt" || fail "kotel probes failed"
for p in compute_price compute_price_limited priced; do
  grep -qE "^$p +$work/priced(:compute_price| usdt kotel_test:priced) +attached +$requests " "$work/probes.txt" ||
    fail "kotel probes does not list $p with $requests calls: $(grep -A5 'user probes' "$work/probes.txt")"
done
echo "ok: kotel probes lists the three probes with $requests calls each"
kill -TERM "$agent"; wait "$agent" || fail "agent exit"
PYTHONPATH="$(dirname "$0")" python3 - "$work/spans.jsonl" "$requests" <<'PY' || fail "span check"
import sys
import otlp_json
spans = otlp_json.spans(sys.argv[1])
attrs = otlp_json.attrs
servers = {s["spanId"]: s for svc, s in spans if svc == "priced" and s["kind"] == 2}
calls = [s for svc, s in spans if svc == "priced" and s["kind"] == 1 and s["name"] == "compute_price"]
points = [s for svc, s in spans if svc == "priced" and s["kind"] == 1 and s["name"] == "priced"]
n = int(sys.argv[2])
assert len(servers) == n, f"SERVER spans: {len(servers)}"
assert len(calls) == n, f"compute_price spans: {len(calls)}"
assert len(points) == n, f"USDT spans: {len(points)}"
for s in calls + points:
    parent = servers.get(s.get("parentSpanId", ""))
    assert parent and parent["traceId"] == s["traceId"], f"{s['name']} not a child of a SERVER span"
    assert int(parent["startTimeUnixNano"]) <= int(s["startTimeUnixNano"]) <= int(s["endTimeUnixNano"]) <= int(parent["endTimeUnixNano"]), "times outside the request"
for s in calls:
    a = attrs(s)
    item = int(a["item.id"])
    path = next(v for k, v in attrs(servers[s["parentSpanId"]]).items() if k == "url.path")
    assert path == f"/price/{item}", (path, item)
    assert a["sku"] == f"sku-{item}", a
    assert int(a["kotel.probe.return"]) == item * 100 + len(f"sku-{item}"), a
    assert a["code.function.name"] == "compute_price"
for s in points:
    a = attrs(s)
    assert int(a["total"]) == int(a["item"]) * 100 + len(f"sku-{a['item']}"), a
py_servers = {s["spanId"]: s for svc, s in spans if svc == "py-version" and s["kind"] == 2}
py_calls = [s for svc, s in spans if svc == "py-version" and s["kind"] == 1 and s["name"] == "py_get_version"]
assert len(py_servers) == n and len(py_calls) == n, f"py-version: {len(py_servers)} SERVER, {len(py_calls)} Py_GetVersion spans"
assert all(py_servers.get(s.get("parentSpanId", ""), {}).get("traceId") == s["traceId"] for s in py_calls), \
    "a Py_GetVersion span not the child of its request"
print(f"ok: {len(py_calls)} Py_GetVersion spans in python3.11, each the child of its request's SERVER span")
print(f"ok: {len(calls)} compute_price and {len(points)} USDT spans, each the child of its request's SERVER span, arguments and return right")
PY
echo PASS
