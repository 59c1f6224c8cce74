#!/usr/bin/env bash
# e2e: HTTP spans from TLS plaintext (OpenSSL uprobes), real programs on loopback:
#   curl -> python http.server in ssl (started before the agent): SERVER and
#     CLIENT spans with method, path, status, url.scheme=https;
#   20 requests on one keep-alive TLS connection: 20 paired spans;
#   a 1 MB POST body crossing many SSL_read calls, then a request after it on
#     the same connection (its boundary found from the plaintext positions);
#   nginx with TLS started after the agent: libssl found on exec;
#   --tls off: no https spans at all.
# usage: tls_spans_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
PATH=$PATH:/usr/sbin
fail() { echo "FAIL: $*"; echo "--- agent stderr"; tail -20 "$work/agent.err" || true; echo "--- spans (last 20)"; tail -20 "$work/agent.out" || true; exit 1; }
# count KIND PATH_REGEX: spans of that kind, https, status 200, on paths matching.
count() { grep " SPAN $1 " "$work/agent.out" | grep "url.scheme=https" | grep "http.response.status_code=200" | grep -cE "url.path=$2( |$)" || true; }
expect() { # expect KIND PATH_REGEX N
  wait_until 15 bash -c "[ \$(grep ' SPAN $1 ' '$work/agent.out' | grep url.scheme=https | grep http.response.status_code=200 | grep -cE 'url.path=$2( |\$)') -ge $3 ]" ||
    fail "expected $3 $1 https spans on $2, found $(count "$1" "$2")"
  echo "ok: $3 $1 https spans on $2"
}

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 -subj /CN=localhost \
  2> /dev/null || fail "openssl req failed"
port=$(free_port)
python3 "$here/../testprogs/https_service.py" "$port" "$work" > "$work/srv.log" 2>&1 &
pids+=($!)
wait_until 10 listening "$port" || fail "https server did not listen"

"$kotel" agent --print spans --metrics-address 127.0.0.1:0 > "$work/agent.out" 2> "$work/agent.err" &
agent=$!; pids+=("$agent")
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent did not become ready"
wait_until 10 grep -q "tls: uprobes attached to .*libssl" "$work/agent.err" || fail "libssl of the running server not attached"

curl -sfk -o /dev/null "https://127.0.0.1:$port/hello/one" || fail "curl https failed"
expect SERVER /hello/one 1
expect CLIENT /hello/one 1
grep " SPAN SERVER " "$work/agent.out" | grep -q 'GET /hello/.*http.request.method=GET.*tls.protocol.name=tls' ||
  fail "server span lacks method or TLS marker"
grep " SPAN CLIENT " "$work/agent.out" | grep -q "url.full=https://127.0.0.1:$port/hello/one" || fail "client url.full not https"

urls=(); for i in $(seq 0 19); do urls+=("https://127.0.0.1:$port/ka/$i"); done
curl -sfk "${urls[@]}" > /dev/null || fail "keep-alive curl failed"
expect SERVER "/ka/[0-9]+" 20
expect CLIENT "/ka/[0-9]+" 20

head -c 1000000 /dev/zero > "$work/body"
answer=$(curl -sfk --data-binary @"$work/body" "https://127.0.0.1:$port/upload" --next -k "https://127.0.0.1:$port/after")
[ "${answer:0:7}" = 1000000 ] || fail "server did not read the 1 MB body: $answer"
expect SERVER /upload 1
expect SERVER /after 1
grep " SPAN SERVER " "$work/agent.out" | grep "url.path=/upload" | grep -q "http.request.body.size=1000000" ||
  fail "upload span lacks the 1 MB body size"

# The SSL calls are counted on /metrics, and so is any plaintext lost.
mport=$(grep -oE "metrics: http://127.0.0.1:[0-9]+/metrics" "$work/agent.err" | grep -oE ":[0-9]+/" | tr -d ':/')
curl -sf "http://127.0.0.1:$mport/metrics" > "$work/metrics.txt" || fail "/metrics did not answer"
grep -qE '^kotel_tls_calls_total [1-9]' "$work/metrics.txt" || fail "no SSL calls counted on /metrics"
grep -qE '^kotel_tls_plaintext_lost_total\{reason="no_socket"\} [0-9]+$' "$work/metrics.txt" || fail "TLS loss counter missing"

# Python goes: the agent lets its libssl go (when no other process on the
# host maps libssl: a shared machine may have one).
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
others=$(grep -l 'libssl\.so' /proc/[0-9]*/maps 2>/dev/null | grep -v "/proc/$agent/" | wc -l || true)
if [ "$others" -eq 0 ]; then
  wait_until 30 grep -q "tls: uprobes detached from .*libssl" "$work/agent.err" || fail "libssl not detached once unused"
  echo "ok: libssl detached when no process used it"
else
  echo "note: $others other processes map libssl: detach not observable here"
fi
# nginx loads a private copy of libssl (a file no other process maps, so only
# its exec can make the agent find it): attached on exec, and counted.
mkdir -p "$work/ssl"
libssl=$(ldd "$(command -v nginx)" | awk '/libssl\.so/ {print $3; exit}')
[ -n "$libssl" ] || fail "nginx does not link libssl"
cp "$libssl" "$work/ssl/"
nport=$(free_port)
LD_LIBRARY_PATH="$work/ssl" start_nginx "$nport" "server {
    listen 127.0.0.1:$nport ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    location / { return 200 \"nginx tls\\n\"; }
  }"
grep -q "$work/ssl/libssl" "/proc/$(cat "$work/nginx/nginx.pid")/maps" || fail "nginx did not load the private libssl"
wait_until 10 grep -q "tls: uprobes attached to .*$work/ssl/libssl" "$work/agent.err" ||
  { grep "tls:" "$work/agent.err" | tail -5; fail "the private libssl was not attached on nginx's exec"; }
curl -sf "http://127.0.0.1:$mport/metrics" > "$work/metrics.txt" || fail "/metrics did not answer"
grep -qE '^kotel_tls_libraries_attached [1-9]' "$work/metrics.txt" || fail "attached libraries not on /metrics"
grep -qE '^kotel_tls_processes [1-9]' "$work/metrics.txt" || fail "processes using attached libraries not on /metrics"
curl -sfk -o /dev/null "https://127.0.0.1:$nport/ngx/1" || fail "curl -> nginx https failed"
wait_until 15 bash -c "grep ' SPAN SERVER nginx' '$work/agent.out' | grep -q 'url.path=/ngx/1 url.scheme=https'" ||
  fail "no https server span from nginx"
echo "ok: nginx (started after the agent, private libssl attached on its exec) server span over TLS"

kill -TERM "$agent"
wait "$agent" || fail "agent exited $? on SIGTERM"
grep "final:" "$work/agent.err" | grep -q "tls_calls=" || fail "no tls_calls counted"

# --tls off: the same request makes no span (ciphertext is not parsed either).
"$kotel" agent --tls off --print spans --metrics-address 127.0.0.1:0 > "$work/off.out" 2> "$work/off.err" &
agent=$!; pids+=("$agent")
wait_until 20 grep -q "kotel agent ready" "$work/off.err" || fail "agent (--tls off) did not become ready"
curl -sfk -o /dev/null "https://127.0.0.1:$nport/off/1" || fail "curl https failed"
kill -TERM "$agent"
wait "$agent" || fail "agent (--tls off) exited $? on SIGTERM"
! grep -q "url.path=/off/1" "$work/off.out" || fail "--tls off still made a span from TLS"
grep -q "final:" "$work/off.err" || fail "--tls off agent printed no final stats"
echo "PASS: https spans (python, keep-alive, 1 MB body, nginx on exec), --tls off"
