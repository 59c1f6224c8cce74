#!/usr/bin/env bash
# e2e: no guessed parents in Go. An uninstrumented Go net/http front -> back
# chain, built here with Debian's golang-go (standard library only, no
# network), 200 requests at concurrency 8, the front waiting a random 0-5 ms
# before each call: goroutines move between threads, so kotel must not take
# "the request this thread serves" as the parent of the front's calls.
# Each CLIENT span is paired with its SERVER span by the request id in the
# path: 0 wrong parents, 0 thread parents, every one says go_runtime.
# usage: go_parents_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
fail() { echo "FAIL: $*"; echo "--- agent stderr"; tail -20 "$work/agent.err" || true; exit 1; }
requests=200
command -v go > /dev/null || fail "go not found: scripts/install-deps.sh --with-tests installs golang-go"

# Built inside the work dir, offline, with the toolchain installed.
GOCACHE=$work/gocache GOPATH=$work/gopath GOTOOLCHAIN=local GOPROXY=off GOFLAGS= GO111MODULE=off \
  go build -o "$work/go_chain" "$here/../testprogs/go_chain.go" || fail "go build failed"

port_f=$(free_port); port_b=$(free_port)
# Only the chain's ports: the host is busy with others' traffic.
"$kotel" agent --print none --metrics-address off --admin-socket off --port "$port_f,$port_b" \
  --spans-file "$work/spans.jsonl" > "$work/agent.out" 2> "$work/agent.err" &
agent=$!; pids+=("$agent")
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent did not become ready"

OTEL_SERVICE_NAME=go-back "$work/go_chain" -mode back -port "$port_b" > "$work/back.log" 2>&1 &
pids+=($!)
OTEL_SERVICE_NAME=go-front "$work/go_chain" -mode front -port "$port_f" -back "http://127.0.0.1:$port_b" \
  > "$work/front.log" 2>&1 &
pids+=($!)
wait_until 10 listening "$port_b" || fail "back did not listen"
wait_until 10 listening "$port_f" || fail "front did not listen"

OTEL_SERVICE_NAME=go-load "$work/go_chain" -mode load -target "http://127.0.0.1:$port_f" -n "$requests" -c 8 \
  || fail "load: requests failed"

check() { python3 "$here/parents_check.py" "$work/spans.jsonl" go-front "$requests" --thread-rule-off go_runtime; }
wait_until 30 check > /dev/null || fail "$(check)"
echo "ok: $(check)"
kill -TERM "$agent"
wait "$agent" || fail "agent exited $? on SIGTERM"
echo "PASS: Go front -> back, $requests requests at concurrency 8: no wrong or thread parent"
