#!/usr/bin/env bash
# e2e: HTTP spans rebuilt from socket bytes, with real programs on loopback and
# no tracing library anywhere:
#   curl -> service A (python) -> service B (python): one trace, every parent
#     right (tuple, thread, tuple), baggage sent by curl on every span;
#   a request carrying an external traceparent joins that trace;
#   20 requests on one keep-alive connection: 20 paired spans;
#   curl -> nginx (reverse proxy) -> service B: one trace through the proxy;
#   a 500: ERROR on both sides.
# usage: http_spans_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
check="$here/spans_check.py"
PATH=$PATH:/usr/sbin
fail() { echo "FAIL: $*"; echo "--- agent stderr"; tail -20 "$work/agent.err" || true; echo "--- spans (last 30)"; tail -30 "$work/agent.out" || true; exit 1; }
# expect SCENARIO ARGS...: waits for the agent to print what the scenario needs, then reports why not.
expect() {
  wait_until 15 python3 "$check" "$work/agent.out" "$@" > /dev/null || fail "$1: $(python3 "$check" "$work/agent.out" "$@")"
  echo "ok: $*"
}

"$kotel" agent --print spans --metrics-address 127.0.0.1:0 > "$work/agent.out" 2> "$work/agent.err" &
agent=$!; pids+=("$agent")
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent did not become ready"

port_a=$(free_port); port_b=$(free_port); port_n=$(free_port)
start_chain "$port_a" "$port_b"

curl -sf -o /dev/null -H 'baggage: user=ann' "http://127.0.0.1:$port_a/call/chain1" || fail "curl -> A failed"
expect chain chain1

trace=4bf92f3577b34da6a3ce929d0e0e4736; parent=00f067aa0ba902b7
curl -sf -o /dev/null -H "traceparent: 00-$trace-$parent-01" "http://127.0.0.1:$port_a/call/ext1" || fail "curl with traceparent failed"
expect external ext1 "$trace" "$parent"

urls=(); for i in $(seq 0 19); do urls+=("http://127.0.0.1:$port_b/ka/$i"); done
curl -sf "${urls[@]}" > /dev/null || fail "keep-alive curl failed"
expect keepalive 20

start_nginx "$port_n" "server { listen 127.0.0.1:$port_n; location / { proxy_pass http://127.0.0.1:$port_b; } }"
curl -sf -o /dev/null "http://127.0.0.1:$port_n/px/p1" || fail "curl -> nginx -> B failed"
expect proxy p1

curl -s -o /dev/null "http://127.0.0.1:$port_b/fail/e1" || true
expect error e1

kill -TERM "$agent"
wait "$agent" || fail "agent exited $? on SIGTERM"
echo "PASS: chain, external traceparent, keep-alive, reverse proxy, errors"
