#!/usr/bin/env bash
# e2e: short-lived processes do not grow /metrics. 300 curl runs against a
# local server: their RED and TCP series are the curl service's (one instance
# per host, no pid), and once quiet for --metrics-stale-after-s they leave
# /metrics (no OTLP exporter: nothing to wait for). Filters by its own ports.
# usage: metrics_churn_test.sh <kotel binary>
set -euo pipefail
kotel=$1
source "$(dirname "$0")/lib.sh"
fail() { echo "FAIL: $*"; tail -20 "$work/agent.err"; exit 1; }

app=$(free_port)
# On 127.0.0.2: the test's own scrapes (curl to 127.0.0.1) make TCP series of their own.
python3 -m http.server "$app" --bind 127.0.0.2 > "$work/app.log" 2>&1 &
pids+=($!)
wait_until 10 bash -c "exec 3<>/dev/tcp/127.0.0.2/$app" 2>/dev/null || fail "the app did not listen"
"$kotel" agent --print none --port "$app" --metrics-address 127.0.0.1:0 --admin-socket off --metrics-stale-after-s 3 \
  > "$work/agent.out" 2> "$work/agent.err" &
pids+=($!)
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent not ready"
mport=$(sed -n 's|.*metrics: http://127.0.0.1:\([0-9]*\)/metrics.*|\1|p' "$work/agent.err")
[ -n "$mport" ] || fail "no metrics port in the log"

for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.2:$app/"; done
curl_series() { curl -s "http://127.0.0.1:$mport/metrics" | grep '^http_client_request_duration_seconds_count' | grep 'service_name="curl"' || true; }
wait_until 15 bash -c "curl -s http://127.0.0.1:$mport/metrics | grep -q 'http_client_request_duration_seconds_count{service_name=\"curl\".*} 300'" ||
  fail "the 300 curl requests are not one series of count 300: $(curl_series)"
n=$(curl_series | wc -l)
[ "$n" -eq 1 ] || fail "$n curl series for 300 processes (want 1)"
page=$(curl -s "http://127.0.0.1:$mport/metrics")
targets=$(grep -c '^target_info{service_name="curl"' <<< "$page" || true)
[ "$targets" -eq 1 ] || fail "$targets target_info for curl (want 1)"
grep '^target_info{service_name="curl"' <<< "$page" | grep -q process_pid && fail "target_info of a per-service series names a pid"
echo "ok: 300 curl processes are one series (count 300) and one target_info"

gone() {  # no curl series of the requests to the app left (a captured page: no pipefail race)
  local page
  page=$(curl -s "http://127.0.0.1:$mport/metrics")
  ! grep 'service_name="curl"' <<< "$page" | grep -E 'http_client|127\.0\.0\.2' > /dev/null
}
wait_until 20 gone || fail "the quiet curl series are still on /metrics after the stale period: $(curl_series)"
expired=$(curl -s "http://127.0.0.1:$mport/metrics" | sed -n 's/^kotel_metric_series_expired_total //p')
[ "${expired:-0}" -ge 2 ] || fail "kotel_metric_series_expired_total is '$expired': it did not count them"
echo "ok: they left /metrics once quiet for 3 s, counted in kotel_metric_series_expired_total"
