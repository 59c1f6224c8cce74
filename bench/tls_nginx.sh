#!/usr/bin/env bash
# Benchmark: TLS capture cost. A python keep-alive HTTPS client -> nginx (TLS)
# on loopback, in rotated rounds: no agent, `kotel agent --tls off`, `kotel
# agent --tls on`. Prints requests/s per round, the medians, the with/without
# ratios and agent CPU per request (utime+stime of the agent over the round).
# usage: bench/tls_nginx.sh [rounds=5] [seconds=5]     (root; after scripts/build.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kotel=$root/build/agent/kotel
rounds=${1:-5}
secs=${2:-5}
PATH=$PATH:/usr/sbin
command -v nginx >/dev/null && command -v openssl >/dev/null || { echo "bench: nginx/openssl missing (scripts/install-deps.sh --with-tests)"; exit 1; }
[ -x "$kotel" ] || { echo "bench: build first (scripts/build.sh)"; exit 1; }
work=$(mktemp -d /tmp/kotel-tlsbench.XXXXXX)
agent_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 -subj /CN=localhost 2>/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/logs"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 256; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$port ssl; ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem;
           location / { return 200 "$(head -c 600 /dev/zero | tr '\0' k)"; } }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
# One keep-alive TLS connection, GETs for `secs` seconds: prints requests/s.
client() {
  python3 - "$port" "$secs" <<'PY'
import http.client, ssl, sys, time
ctx = ssl._create_unverified_context()
c = http.client.HTTPSConnection("127.0.0.1", int(sys.argv[1]), context=ctx)
n, end = 0, time.monotonic() + float(sys.argv[2])
start = time.monotonic()
while time.monotonic() < end:
    c.request("GET", "/bench/%d" % (n % 100)); c.getresponse().read(); n += 1
print("%.0f %d" % (n / (time.monotonic() - start), n))
PY
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
hz=$(getconf CLK_TCK)
declare -A rps cpu
for r in $(seq 1 "$rounds"); do
  for mode in none off on; do
    agent_pid=""
    if [ "$mode" != none ]; then
      "$kotel" agent --tls "$mode" --print none --metrics-address off > /dev/null 2> "$work/agent.err" &
      agent_pid=$!
      until grep -q "kotel agent ready" "$work/agent.err"; do sleep 0.05; done
      [ "$mode" = off ] || until grep -q "tls: uprobes attached" "$work/agent.err"; do sleep 0.05; done
      t0=$(cpu_ticks "$agent_pid")
    fi
    read -r rate n < <(client)
    rps[$mode]+="$rate "
    if [ -n "$agent_pid" ]; then
      t1=$(cpu_ticks "$agent_pid")
      cpu[$mode]+="$(awk -v t=$((t1 - t0)) -v hz="$hz" -v n="$n" 'BEGIN {printf "%.2f", t / hz * 1e6 / n}') "
      kill -TERM "$agent_pid"; wait "$agent_pid" || true; agent_pid=""
    fi
    echo "round $r $mode: $rate req/s${cpu[$mode]:+ (agent CPU so far: ${cpu[$mode]}µs/req)}"
  done
done
for mode in none off on; do
  echo "median $mode: $(tr ' ' '\n' <<< "${rps[$mode]}" | grep . | median) req/s"
done
for mode in off on; do
  echo "median agent CPU per request, --tls $mode: $(tr ' ' '\n' <<< "${cpu[$mode]}" | grep . | median) µs"
done
none=$(tr ' ' '\n' <<< "${rps[none]}" | grep . | median)
for mode in off on; do
  m=$(tr ' ' '\n' <<< "${rps[$mode]}" | grep . | median)
  echo "ratio --tls $mode / no agent: $(awk -v a="$m" -v b="$none" 'BEGIN {printf "%.3f", a / b}')"
done
