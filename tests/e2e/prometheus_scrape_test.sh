#!/usr/bin/env bash
# e2e: `kotel agent` serves /metrics; promtool accepts the exposition, and a real
# Prometheus (Debian's) scrapes it and can query the agent's counters.
# usage: prometheus_scrape_test.sh <kotel binary>
set -euo pipefail
kotel=$1
source "$(dirname "$0")/lib.sh"
fail() { echo "FAIL: $*"; tail -20 "$work/agent.err" 2>/dev/null; tail -20 "$work/prom.log" 2>/dev/null; exit 1; }

"$kotel" agent --print none --metrics-address 127.0.0.1:0 > /dev/null 2> "$work/agent.err" &
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

curl -sf "http://127.0.0.1:$port/metrics" > "$work/metrics.txt" || fail "/metrics did not answer"
promtool check metrics < "$work/metrics.txt" || fail "promtool rejected the exposition"
grep -qE '^kotel_bpf_events_total [1-9]' "$work/metrics.txt" || fail "no events counted"
grep -q 'kotel_hook_state{hook="tp/sock/inet_sock_set_state",state="attached"} 1' "$work/metrics.txt" || fail "hook state missing"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] || fail "/healthz"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] || fail "/readyz"

# A real Prometheus scrapes the agent every second.
prom_port=$(free_port)
cat > "$work/prometheus.yml" <<YML
global: { scrape_interval: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: kotel
    static_configs: [ { targets: ["127.0.0.1:$port"] } ]
YML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" > "$work/prom.log" 2>&1 &
pids+=("$!")
query() { curl -sf "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1"; }
scraped() { query 'up{job="kotel"} == 1' | grep -q '"result":\[{'; }
wait_until 60 scraped || fail "Prometheus never scraped the agent successfully"
query 'kotel_connections_opened_total > 0' | grep -q '"result":\[{' || fail "Prometheus has no opened connections"
query 'kotel_bpf_events_dropped_total{reason="ring_full"}' | grep -q '"result":\[{' || fail "drop counter not scraped"
echo "PASS: /metrics valid for promtool and scraped by Prometheus (port $port)"
