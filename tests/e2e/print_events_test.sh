#!/usr/bin/env bash
# e2e: `kotel agent --print events` as a user runs it; curl fetches a page from
# `python3 -m http.server`; the request line and the response status must
# appear, each with the pid of the process that wrote it.
# usage: print_events_test.sh <kotel binary>
set -euo pipefail
kotel=$1
source "$(dirname "$0")/lib.sh"
fail() { echo "FAIL: $*"; echo "--- agent stderr"; tail -20 "$work/agent.err" || true; echo "--- agent stdout (last 40)"; tail -40 "$work/agent.out" || true; exit 1; }

"$kotel" agent --print events --metrics-address 127.0.0.1:0 > "$work/agent.out" 2> "$work/agent.err" &
agent=$!; pids+=("$agent")
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent did not become ready"

port=$(free_port)
mkdir "$work/www" && echo "hello from kotel e2e" > "$work/www/index.html"
(cd "$work/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 > "$work/server.log" 2>&1) &
server=$!; pids+=("$server")
wait_until 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null || fail "http.server did not listen"

curl -s -o "$work/body" "http://127.0.0.1:$port/index.html" &
curl_pid=$!
wait "$curl_pid" || fail "curl failed"
grep -q "hello from kotel e2e" "$work/body" || fail "curl got the wrong body"

# The request as curl wrote it, with curl's pid; the response as the server wrote it, with the server's pid.
req_pattern="DATA   curl\[$curl_pid\] .* egress .*\"GET /index.html HTTP/1.1"
resp_pattern="DATA   python3\[$server\] .* egress .*\"HTTP/1.0 200 OK"
wait_until 10 grep -qE "$req_pattern" "$work/agent.out" || fail "request line with curl's pid ($curl_pid) not printed"
wait_until 10 grep -qE "$resp_pattern" "$work/agent.out" || fail "response status with the server's pid ($server) not printed"
grep -qE "DATA   python3\[$server\] .* ingress .*\"GET /index.html HTTP/1.1" "$work/agent.out" || fail "server-side read of the request not printed"
grep -qE "OPEN   curl\[$curl_pid\] .* client 127.0.0.1:[0-9]+ -> 127.0.0.1:$port \((connect|active open)" "$work/agent.out" || fail "curl's connect not printed"
grep -qE "OPEN   python3\[$server\] .* server 127.0.0.1:$port -> 127.0.0.1:[0-9]+ \((accept|passive open)\)" "$work/agent.out" || fail "server's accept not printed"

# A protocol kotel does not parse: after its first bytes, payload copies stop in
# the kernel (byte counts go on). The second write waits until the agent has
# printed the first: the agent mutes a connection before it prints the event
# that decided it, so the switch is in the kernel by then.
python3 - "$work/agent.out" > "$work/other.log" 2>&1 <<'PY' || fail "non-HTTP exchange failed: $(cat "$work/other.log")"
import os, socket, sys, time
out = sys.argv[1]
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen()
c = socket.create_connection(srv.getsockname()); a, _ = srv.accept()
c.sendall(b"\x00\x01BINARY-PROTOCOL-HELLO"); a.recv(100)
deadline = time.time() + 10
while b"BINARY-PROTOCOL-HELLO" not in open(out, "rb").read():
    if time.time() > deadline: sys.exit("first message never printed")
    time.sleep(0.05)
c.sendall(b"SECOND-MESSAGE-NOT-COPIED"); a.recv(100)
print(os.getpid())
PY
other_pid=$(tail -1 "$work/other.log")
wait_until 10 grep -qE "DATA   python3\[$other_pid\] .* egress  sendto 25 B @23 no-payload" "$work/agent.out" \
  || fail "the non-HTTP connection's second write still carried payload (or was not printed)"
! grep -q "SECOND-MESSAGE-NOT-COPIED" "$work/agent.out" || fail "payload of a muted connection was printed"

kill -TERM "$agent"
wait "$agent"; rc=$?
[ "$rc" -eq 0 ] || fail "agent exited $rc on SIGTERM"
grep -q "final: records=" "$work/agent.err" || fail "no final stats line"
echo "PASS: curl[$curl_pid] -> python3[$server] seen: request line and 200 status"
