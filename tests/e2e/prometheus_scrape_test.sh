#!/usr/bin/env bash
# e2e: `kotel agent` serves /metrics; promtool accepts the exposition, and a real
# Prometheus (Debian's) scrapes it and can query the agent's counters. The
# shipped alert rules pass promtool's checks and unit tests and load in that
# Prometheus; every query of the shipped Grafana dashboard runs there.
# usage: prometheus_scrape_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
deploy="$here/../../deploy"
source "$here/lib.sh"
fail() { echo "FAIL: $*"; tail -20 "$work/agent.err" 2>/dev/null; tail -20 "$work/prom.log" 2>/dev/null; exit 1; }

"$kotel" agent --print none --metrics-address 127.0.0.1:0 --bpf-stats > /dev/null 2> "$work/agent.err" &
pids+=("$!")
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent did not become ready"
port=$(grep -oE "metrics: http://127.0.0.1:[0-9]+/metrics" "$work/agent.err" | grep -oE ":[0-9]+/" | tr -d ':/')
[ -n "$port" ] || fail "agent did not say where /metrics is"

# Some traffic the agent must count.
target=$(free_port)
python3 -m http.server "$target" --bind 127.0.0.1 --directory "$work" > /dev/null 2>&1 &
pids+=("$!")
wait_until 10 curl -sf -o /dev/null "http://127.0.0.1:$target/" || fail "http.server did not answer"
for _ in 1 2 3; do curl -sf -o /dev/null "http://127.0.0.1:$target/"; done
curl -s -o /dev/null "http://127.0.0.1:$target/missing/42" || true
closed=$(free_port)  # nothing listens there: the connect is refused
curl -s -o /dev/null "http://127.0.0.1:$closed/" && fail "a connect to a closed port succeeded"

# The RED histograms count those requests once the agent has seen them end.
metrics() { curl -sf "http://127.0.0.1:$port/metrics" > "$work/metrics.txt"; }
served() {
  metrics && grep -qE "^http_server_request_duration_seconds_count\{service_name=\"python3[.0-9]*\",service_instance_id=\"[^\"]+/python3[.0-9]*\",http_request_method=\"GET\",http_response_status_code=\"200\",url_scheme=\"http\",network_protocol_version=\"1\.[01]\"\} [4-9]" "$work/metrics.txt"
}
wait_until 10 served || { grep http_server "$work/metrics.txt" | head; fail "the server's requests are not in http_server_request_duration_seconds"; }
grep -qE '^http_server_request_duration_seconds_bucket\{.*http_response_status_code="404".*le="\+Inf"\} 1$' "$work/metrics.txt" || fail "the 404 has no series"
grep -qE '^http_client_request_duration_seconds_count\{service_name="curl".*server_port="'"$target"'".*\} [1-9]' "$work/metrics.txt" || fail "curl's client histogram missing"
grep -qE '^target_info\{service_name="python3' "$work/metrics.txt" || fail "no target_info for the server"
refused() {
  metrics && grep -qE '^kotel_tcp_connect_failures_total\{service_name="curl",service_instance_id="[^"]+/curl",network_peer_address="127\.0\.0\.1",error_type="connection_refused"\} [1-9]' "$work/metrics.txt"
}
wait_until 10 refused || { grep kotel_tcp "$work/metrics.txt"; fail "the refused connect was not counted for curl"; }
grep -qE '^kotel_tcp_resets_total\{service_name="curl",.*direction="received"\} [1-9]' "$work/metrics.txt" || fail "the reset curl received is not counted"
attempts=$(awk '/^kotel_tcp_connect_attempts_total\{service_name="curl",/ {n += $NF} END {print n + 0}' "$work/metrics.txt")
[ "$attempts" -ge 6 ] || fail "curl's 6 connection attempts (one process each) counted as $attempts"
curl_received() {
  metrics && [ "$(awk '/^kotel_tcp_bytes_total\{service_name="curl",.*direction="received"/ {n += $NF} END {print n + 0}' "$work/metrics.txt")" -gt 0 ]
}
wait_until 10 curl_received || fail "curl's received bytes are not counted"
grep -qE '^kotel_tcp_srtt_seconds_count\{service_name="curl",.*network_peer_address="127\.0\.0\.1"\} [1-9]' "$work/metrics.txt" \
  || { grep kotel_tcp_srtt "$work/metrics.txt"; fail "no smoothed RTT for curl's closed connections"; }
# A connection that stays open: its bytes count while it lives, and it is active.
hold_port=$(free_port)
python3 -c '
import signal, socket, sys
s = socket.create_server(("127.0.0.1", int(sys.argv[1]))); c, _ = s.accept(); c.recv(100); c.sendall(b"x" * 1000)
signal.pause()' "$hold_port" > /dev/null 2>&1 &
pids+=("$!")
listens_quietly() { ss -Hltn "sport = :$1" | grep -q .; }  # no connect: the server accepts once
wait_until 10 listens_quietly "$hold_port" || fail "the holding server did not listen"
OTEL_SERVICE_NAME=holder python3 -c '
import signal, socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); c.sendall(b"hello")
n = 0
while n < 1000: n += len(c.recv(1000))
print("held", flush=True); signal.pause()' "$hold_port" > "$work/holder.out" 2>&1 &
pids+=("$!")
wait_until 10 grep -q held "$work/holder.out" || fail "the holding client did not get its response"
holding() {
  metrics && grep -qE '^kotel_tcp_connections_active\{service_name="holder",.*\} 1$' "$work/metrics.txt" \
    && [ "$(awk '/^kotel_tcp_bytes_total\{service_name="holder",.*direction="received"/ {n += $NF} END {print n + 0}' "$work/metrics.txt")" -gt 0 ]
}
wait_until 10 holding || { grep holder "$work/metrics.txt"; fail "an open connection's bytes or active gauge are missing"; }
# OpenMetrics when asked: counters named without _total, exemplars with trace ids, # EOF.
curl -sf -H 'Accept: application/openmetrics-text; version=1.0.0' -D "$work/om.headers" "http://127.0.0.1:$port/metrics" > "$work/om.txt" \
  || fail "/metrics did not answer an OpenMetrics scrape"
grep -qi '^content-type: application/openmetrics-text' "$work/om.headers" || fail "OpenMetrics scrape answered with another type"
[ "$(tail -n1 "$work/om.txt")" = "# EOF" ] || fail "OpenMetrics exposition does not end with # EOF"
grep -q '^# TYPE kotel_records counter$' "$work/om.txt" || fail "OpenMetrics counter family keeps _total"
grep -qE '^http_server_request_duration_seconds_bucket\{.*\} [0-9]+ # \{trace_id="[0-9a-f]{32}",span_id="[0-9a-f]{16}"\} [0-9.e-]+ [0-9]+\.[0-9]{3}$' "$work/om.txt" \
  || fail "no exemplar on the server histogram's buckets"
grep -qE '^traces_service_graph_request_total\{client="curl",server="python3[.0-9]*",kotel_node="[^"]+"\} [4-9]' "$work/metrics.txt" \
  || { grep traces_service "$work/metrics.txt"; fail "no service-graph edge curl -> python3"; }
grep -qE '^traces_service_graph_request_client_seconds_count\{client="curl",server="python3' "$work/metrics.txt" \
  || fail "the curl -> python3 edge lacks the client-side durations"
metrics || fail "/metrics did not answer"
promtool check metrics < "$work/metrics.txt" || fail "promtool rejected the exposition"
# A scraper that accepts gzip (Prometheus does) gets it; the text inside is the same exposition.
curl -sf -D "$work/gz.headers" -H 'Accept-Encoding: gzip' -o "$work/metrics.gz" "http://127.0.0.1:$port/metrics"
grep -qi '^content-encoding: gzip' "$work/gz.headers" || fail "/metrics not gzip-compressed for a client that accepts it"
gzip -dc "$work/metrics.gz" | promtool check metrics || fail "promtool rejected the gunzipped exposition"
[ "$(stat -c %s "$work/metrics.gz")" -lt "$(stat -c %s "$work/metrics.txt")" ] || fail "gzip did not shrink /metrics"
curl -sf -D "$work/omgz.headers" -H 'Accept: application/openmetrics-text;version=1.0.0' -H 'Accept-Encoding: gzip' \
  -o "$work/om.gz" "http://127.0.0.1:$port/metrics"
grep -qi '^content-encoding: gzip' "$work/omgz.headers" || fail "OpenMetrics /metrics not gzip-compressed"
[ "$(gzip -dc "$work/om.gz" | tail -1)" = "# EOF" ] || fail "the gunzipped OpenMetrics text does not end with # EOF"
grep -qE '^kotel_bpf_events_total [1-9]' "$work/metrics.txt" || fail "no events counted"
grep -qE '^kotel_ring_buffer_size_bytes 1048576$' "$work/metrics.txt" || fail "ring buffer size missing"
peak=$(awk '/^kotel_ring_buffer_peak_used_bytes / {print $2}' "$work/metrics.txt")
[ -n "$peak" ] && [ "$peak" -le 1048576 ] || fail "ring buffer peak fill missing or beyond its size: '$peak'"
grep -qE '^kotel_records_per_second [0-9.e+-]+$' "$work/metrics.txt" || fail "no records/s gauge"
grep -qE '^kotel_bpf_program_runs_total\{hook="raw_tp/sock_send_length"\} [1-9]' "$work/metrics.txt" || fail "--bpf-stats: no run count"
grep -qE '^kotel_bpf_program_run_seconds_total\{hook="raw_tp/sock_send_length"\} [0-9.e-]+$' "$work/metrics.txt" \
  && ! grep -qE '^kotel_bpf_program_run_seconds_total\{hook="raw_tp/sock_send_length"\} 0$' "$work/metrics.txt" \
  || fail "--bpf-stats: no run time"
grep -q 'kotel_hook_state{hook="tp/sock/inet_sock_set_state",state="attached"} 1' "$work/metrics.txt" || fail "hook state missing"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] || fail "/healthz"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] || fail "/readyz"

# A real Prometheus scrapes the agent every second.
prom_port=$(free_port)
promtool check rules "$deploy/prometheus/kotel-alerts.yml" || fail "promtool rejected the alert rules"
(cd "$deploy/prometheus" && promtool test rules kotel-alerts.test.yml) || fail "the alert rules' unit tests failed"
cp "$deploy/prometheus/kotel-alerts.yml" "$work/"
cat > "$work/prometheus.yml" <<YML
global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: [ "$work/kotel-alerts.yml" ]
scrape_configs:
  - job_name: kotel
    static_configs: [ { targets: ["127.0.0.1:$port"] } ]
YML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" --enable-feature=exemplar-storage \
  --web.listen-address="127.0.0.1:$prom_port" > "$work/prom.log" 2>&1 &
pids+=("$!")
query() { curl -sf "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1"; }
scraped() { query 'up{job="kotel"} == 1' | grep -q '"result":\[{'; }
wait_until 60 scraped || fail "Prometheus never scraped the agent successfully"
query 'kotel_connections_opened_total > 0' | grep -q '"result":\[{' || fail "Prometheus has no opened connections"
query 'kotel_bpf_events_dropped_total{reason="ring_full"}' | grep -q '"result":\[{' || fail "drop counter not scraped"
query 'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket[1m])))' | grep -q '"result":\[' \
  || fail "Prometheus cannot compute a p99 from the server histogram"
query 'http_server_request_duration_seconds_count{http_response_status_code="200"} >= 4' | grep -q '"result":\[{' \
  || fail "Prometheus has no server request counts"
# Prometheus asks for OpenMetrics: the exemplars it stored link the histogram to traces.
exemplars() {
  curl -sf "http://127.0.0.1:$prom_port/api/v1/query_exemplars" --data-urlencode 'query=http_server_request_duration_seconds_bucket' \
    | grep -qE '"trace_id":"[0-9a-f]{32}"'
}
wait_until 20 exemplars || fail "Prometheus stored no exemplars from the agent's OpenMetrics scrape"
rules_ok() { curl -sf "http://127.0.0.1:$prom_port/api/v1/rules" | python3 -c '
import json, sys
groups = json.load(sys.stdin)["data"]["groups"]
rules = [r for g in groups for r in g["rules"]]
sys.exit(0 if len(groups) == 2 and rules and all(r.get("health") == "ok" for r in rules) else 1)'; }
wait_until 30 rules_ok || fail "the alert rules did not all evaluate cleanly in Prometheus"
python3 - "$deploy/grafana/kotel-dashboard.json" "$prom_port" <<'PY' || fail "a dashboard query failed in Prometheus"
import json, sys, urllib.parse, urllib.request
dash = json.load(open(sys.argv[1]))
exprs = [t["expr"] for p in dash["panels"] for t in p["targets"]]
for e in exprs:
    q = e.replace("$service", ".*").replace("$__rate_interval", "1m")
    url = "http://127.0.0.1:%s/api/v1/query?%s" % (sys.argv[2], urllib.parse.urlencode({"query": q}))
    body = json.load(urllib.request.urlopen(url))
    if body.get("status") != "success":
        sys.exit("dashboard query failed: %s: %s" % (q, body))
print("dashboard: %d queries ran" % len(exprs))
PY
echo "PASS: /metrics valid for promtool and scraped by Prometheus (port $port, OpenMetrics with exemplars); alert rules and dashboard queries valid"
