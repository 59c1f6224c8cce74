#!/usr/bin/env bash
# e2e: `kotel tail logs` against an agent with the default --logs auto and no
# log consumer: the write hooks are off until a tail runs and off again after;
# a Python service's INFO and ERROR lines arrive once each with severity and
# the span id of the SERVER span that `kotel explain` finds; --min-severity and
# --count; a tail piped into cat never reads its own output back (no loop);
# an agent with --logs off says why it has nothing.
# usage: tail_logs_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
fail() { echo "FAIL: $*"; echo "--- agent stderr"; tail -20 "$work/agent.err" || true; exit 1; }
sock="$work/admin/admin.sock"

write_hook_is() {
  "$kotel" probes --admin-socket "$sock" > "$work/probes.txt" &&
    grep -Eq "^tp/syscalls/sys_enter_write +kotel_wr_enter +$1 " "$work/probes.txt"
}

"$kotel" agent --print none --metrics-address off --log-rate-limit 0 --admin-socket "$sock" \
  > "$work/agent.out" 2> "$work/agent.err" &
pids+=($!)
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent did not become ready"
grep -q "capture on demand, while \`kotel tail logs\` runs" "$work/agent.err" || fail "no on-demand capture line"
write_hook_is disabled && grep -q "on demand: attached while \`kotel tail logs\` runs" "$work/probes.txt" \
  || fail "write hook before any tail: $(grep sys_enter_write "$work/probes.txt")"
echo "ok: no tail, no write hook (on demand)"

port=$(free_port)
OTEL_SERVICE_NAME=logsvc python3 "$here/../testprogs/logging_service.py" --port "$port" > "$work/svc.out" 2> "$work/svc.err" &
pids+=($!)
wait_until 10 listening "$port" || fail "the logging service did not listen"

"$kotel" tail logs --admin-socket "$sock" --service logsvc -o json > "$work/tail.json" 2> "$work/tail.err" &
tail_pid=$!; pids+=($tail_pid)
wait_until 10 grep -q "kotel: capturing stdout/stderr of watched processes while this tail runs" "$work/tail.err" \
  || fail "tail logs gave no capture notice: $(cat "$work/tail.err")"
write_hook_is attached || fail "write hook while tailing: $(grep sys_enter_write "$work/probes.txt")"
echo "ok: the tail attached the write hooks"

requests=5
for i in $(seq 1 $requests); do curl -sf -o /dev/null "http://127.0.0.1:$port/ok/$i" || fail "request $i"; done
curl -s -o /dev/null "http://127.0.0.1:$port/error/e1" || true
wait_until 15 grep -q "failed /error/e1" "$work/tail.json" || fail "tail logs: no ERROR line: $(head -3 "$work/tail.json")"
python3 - "$work/tail.json" "$requests" > "$work/span_ids" <<'PY' || fail "tail logs records: $(head -3 "$work/tail.json")"
import json, re, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert all(r["service"] == "logsvc" and r["source"] == "stderr" for r in recs), recs[:3]
for i in range(1, int(sys.argv[2]) + 1):
    got = [r for r in recs if r["body"] == f"INFO:root:served /ok/{i}"]
    assert len(got) == 1, (i, got)
    r = got[0]
    assert r["severity_number"] == 9 and r["severity_text"] == "INFO", r
    assert re.fullmatch("[0-9a-f]{32}", r["trace_id"]) and re.fullmatch("[0-9a-f]{16}", r["span_id"]), r
    print(r["span_id"], f"/ok/{i}")
err = [r for r in recs if r["body"] == "ERROR:root:failed /error/e1"]
assert len(err) == 1 and err[0]["severity_number"] == 17 and err[0]["span_id"], err
print(err[0]["span_id"], "/error/e1")
PY
while read -r span path; do
  "$kotel" explain --admin-socket "$sock" "$span" -o json > "$work/explain.json" || fail "explain $span"
  python3 - "$work/explain.json" "$span" "$path" <<'PY' || fail "the span of the line for $path: $(cat "$work/explain.json")"
import json, sys
spans = json.load(open(sys.argv[1]))["spans"]
s = next(s for s in spans if s["span_id"] == sys.argv[2])
assert s["kind"] == "server" and s["service"] == "logsvc" and f"GET {sys.argv[3]} " in s["request_head"], s
PY
done < "$work/span_ids"
echo "ok: $requests INFO lines and an ERROR, once each, with the SERVER span of their request"

# --min-severity error --count 1, as a table: only the ERROR line.
"$kotel" tail logs --admin-socket "$sock" --min-severity error --count 1 > "$work/err.txt" 2> /dev/null &
te=$!
until ! kill -0 $te 2>/dev/null; do
  curl -s -o /dev/null "http://127.0.0.1:$port/ok/noise" || true
  curl -s -o /dev/null "http://127.0.0.1:$port/error/e2" || true
  sleep 0.1
done
wait $te || fail "tail logs --count 1 exited $?"
[ "$(wc -l < "$work/err.txt")" -eq 1 ] && grep -q 'logsvc.*ERROR.*failed /error/e2' "$work/err.txt" \
  || fail "tail logs --min-severity error: $(cat "$work/err.txt")"
echo "ok: --min-severity error --count 1: $(cat "$work/err.txt")"

# Piped into cat: cat writes each record to its stdout, which the agent captures;
# were those lines tailed, cat would write them again, without end.
kill "$tail_pid"; wait "$tail_pid" 2>/dev/null || true
"$kotel" tail logs --admin-socket "$sock" -o json 2> "$work/piped.err" | cat > "$work/piped.json" &
cat_pid=$!; pids+=($cat_pid)
wait_until 10 grep -q "capturing stdout/stderr" "$work/piped.err" || fail "piped tail: no notice"
for i in 1 2 3; do curl -sf -o /dev/null "http://127.0.0.1:$port/ok/p$i" || fail "piped request $i"; done
wait_until 15 grep -q "served /ok/p3" "$work/piped.json" || fail "piped tail: no lines: $(head -3 "$work/piped.json")"
tail_in_pipe=$(pgrep -f "tail logs --admin-socket $sock -o json" | head -1)
python3 - "$work/piped.json" "$cat_pid" "$tail_in_pipe" <<'PY' || fail "piped tail read its own output"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
own = {int(sys.argv[2]), int(sys.argv[3])}
looped = [r for r in recs if r["pid"] in own]
assert not looped, looped[:3]
assert sum(1 for r in recs if "served /ok/p" in r["body"]) == 3, [r["body"] for r in recs]
PY
kill "$tail_in_pipe" 2>/dev/null || true
wait "$cat_pid" 2>/dev/null || true
echo "ok: a tail piped into cat does not read cat's output back"

wait_until 10 write_hook_is disabled || fail "write hook after the tails ended: $(grep sys_enter_write "$work/probes.txt")"
echo "ok: the write hooks detached when the last tail ended"

# --logs off: a clear refusal.
off_sock="$work/off/admin.sock"
"$kotel" agent --print none --metrics-address off --logs off --admin-socket "$off_sock" \
  > "$work/off.out" 2> "$work/off.err" &
pids+=($!)
wait_until 20 grep -q "kotel agent ready" "$work/off.err" || fail "the --logs off agent did not become ready"
set +e; "$kotel" tail logs --admin-socket "$off_sock" 2> "$work/off_tail.err"; rc=$?; set -e
[ "$rc" -eq 5 ] && grep -q "captures no logs (--logs off)" "$work/off_tail.err" \
  || fail "tail logs with --logs off: rc=$rc $(cat "$work/off_tail.err")"
echo "ok: --logs off: $(cat "$work/off_tail.err")"
echo PASS
