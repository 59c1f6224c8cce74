#!/usr/bin/env bash
# e2e: `kotel check` on this host. As root every line passes (the exporter is
# skipped when none is configured); -o json says the same; without any
# capability it fails naming CAP_BPF; with the systemd unit's four
# capabilities but not CAP_SYS_ADMIN every tracepoint hook loads, and
# --bpf-stats and the OpenSSL uprobes are refused (measured); the exporter line against a
# listening and a closed loopback port.
# usage: check_command_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
fail() { echo "FAIL: $*"; exit 1; }

out=$(env -u OTEL_EXPORTER_OTLP_ENDPOINT "$kotel" check 2>&1) || { echo "$out"; fail "kotel check exited non-zero"; }
echo "$out"
for name in kernel privileges btf tracefs "ring buffer" "bpf stats" "socket hooks" "syscall hooks" \
            "sock state" "tcp signals" sched "tls uprobes"; do
  echo "$out" | grep -qE "^ok +$name " || fail "no passing '$name' line"
done
echo "$out" | grep -qE "^ok +socket hooks +raw_tp/sock_send_length, raw_tp/sock_recv_length attached" || fail "socket hooks detail"
echo "$out" | grep -qE "^ok +privileges +root with CAP_BPF, CAP_PERFMON, CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE" || fail "capabilities held"
echo "$out" | grep -qE "^skip exporter +no OTLP endpoint configured" || fail "exporter not skipped without an endpoint"
# cgroup v2: ok on a unified host, a warning on a hybrid one (v2 elsewhere), as /proc/mounts says.
v2=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/mounts)
if [ "$v2" = /sys/fs/cgroup ]; then
  echo "$out" | grep -qE "^ok +cgroup v2 +unified hierarchy at /sys/fs/cgroup" || fail "cgroup v2 line on a unified host"
else
  echo "$out" | grep -qE "^warn cgroup v2 +hybrid hierarchy: cgroup v2 at $v2," || fail "cgroup v2 line on a hybrid host ($v2)"
fi
if echo "$out" | grep -vE "^(ok|skip) |^warn cgroup v2 "; then fail "a line that is neither ok nor skip (above)"; fi
echo "$out" | grep -q "this host can run kotel" || fail "no summary"
env -u OTEL_EXPORTER_OTLP_ENDPOINT "$kotel" check -o json > "$work/check.json" || fail "check -o json exited non-zero"
python3 - "$work/check.json" <<'PY' || fail "check -o json: $(head -c 600 "$work/check.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is True, d
names = {c["name"]: c["status"] for c in d["checks"]}
assert names["socket hooks"] == "ok" and names["tls uprobes"] == "ok" and names["exporter"] == "skip", names
PY
echo "ok: as root every line passes, -o json too"

# The binary must be executable by nobody (the build tree may sit below /root).
bin_dir=$(mktemp -d /tmp/kotel-check.XXXXXX)
chmod 755 "$bin_dir"; cp "$kotel" "$bin_dir/kotel"; chmod 755 "$bin_dir/kotel"
trap 'rm -rf "$bin_dir"; cleanup' EXIT

# Without privileges the same command fails and names the capability.
set +e; setpriv --bounding-set=-all --inh-caps=-all "$kotel" check > "$work/noprivs.txt" 2>&1; rc=$?; set -e
[ "$rc" -eq 1 ] || { cat "$work/noprivs.txt"; fail "check without capabilities exited $rc, not 1"; }
grep -qE "^FAIL privileges +root, missing capability CAP_BPF \(load BPF programs and maps\), CAP_PERFMON" "$work/noprivs.txt" \
  || { cat "$work/noprivs.txt"; fail "no privileges line naming CAP_BPF"; }
grep -qE "^skip hooks +not loaded" "$work/noprivs.txt" || { cat "$work/noprivs.txt"; fail "hooks not skipped"; }
grep -qE "^FAIL summary" "$work/noprivs.txt" || fail "no failing summary"
echo "ok: no capabilities -> exit 1 naming CAP_BPF"

# nobody with the systemd unit's capabilities: every tracepoint hook loads;
# --bpf-stats (bpf_enable_stats) and uprobes need CAP_SYS_ADMIN.
caps=+bpf,+perfmon,+dac_read_search,+sys_ptrace
set +e
setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=$caps --ambient-caps=$caps \
  --bounding-set=-all,$caps "$bin_dir/kotel" check > "$work/unitcaps.txt" 2>&1; rc=$?
set -e
cat "$work/unitcaps.txt"
[ "$rc" -eq 0 ] || fail "check with the unit's capabilities exited $rc"
grep -qE "^ok +privileges +uid [0-9]+ with CAP_BPF, CAP_PERFMON, CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE$" "$work/unitcaps.txt" || fail "unit caps: privileges"
for name in "socket hooks" "syscall hooks" "sock state" "tcp signals" sched; do
  grep -qE "^ok +$name " "$work/unitcaps.txt" || fail "unit caps: $name"
done
# Measured here: attaching a uprobe needs CAP_SYS_ADMIN as well (EACCES without it).
grep -qE "^warn tls uprobes +cannot attach SSL_[a-z_]+ probe in .*libssl.*: Permission denied: missing capability CAP_SYS_ADMIN" \
  "$work/unitcaps.txt" || fail "unit caps: tls uprobes"
grep -qE "^warn bpf stats +--bpf-stats unavailable \(bpf_enable_stats: Operation not permitted\): missing capability CAP_SYS_ADMIN" \
  "$work/unitcaps.txt" || fail "unit caps: bpf stats not refused for CAP_SYS_ADMIN"
echo "ok: the unit's four capabilities load every tracepoint hook; --bpf-stats and the TLS uprobes need CAP_SYS_ADMIN"

# Exporter endpoint: a listener on one port of this test's range, nothing on the next.
open_port=28101; closed_port=28102
listening "$open_port" && fail "port $open_port already in use"
listening "$closed_port" && fail "port $closed_port already in use"
python3 -c 'import socket,sys,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8); time.sleep(120)' "$open_port" &
pids+=($!)
wait_until 10 listening "$open_port" || fail "test listener did not start"
out=$("$kotel" check --otlp-endpoint "http://127.0.0.1:$open_port" 2>&1) || { echo "$out"; fail "check against a listening endpoint failed"; }
echo "$out" | grep -E "^ok +exporter +traces\+metrics(\+logs)? to 127.0.0.1:$open_port \(http/protobuf\): reachable" \
  || { echo "$out"; fail "exporter line for the listening port"; }
set +e
out=$(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$closed_port" OTEL_EXPORTER_OTLP_PROTOCOL=grpc "$kotel" check 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "$out"; fail "check against a closed endpoint exited $rc, not 1"; }
echo "$out" | grep -E "^FAIL exporter +traces\+metrics(\+logs)? to 127.0.0.1:$closed_port \(grpc\): cannot connect \(Connection refused\)" \
  || { echo "$out"; fail "exporter line for the closed port"; }
echo "ok: exporter check (listening: ok, closed: FAIL, exit 1)"
echo "PASS: kotel check"
