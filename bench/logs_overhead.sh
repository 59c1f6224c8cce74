#!/usr/bin/env bash
# Benchmark: what capturing stdout/stderr costs the observed processes. Rotated
# rounds of three variants: no agent, `kotel agent --logs off`, `--logs on`;
# in each, three workloads of build/bench/kotel_syscall_cost:
#   getppid  an unrelated syscall in a tight loop (any syscalls:* tracepoint puts
#            every task on the syscall slow path: this shows what that costs)
#   log      ~100-byte lines written to stdout (/dev/null) as fast as possible
#   paced    100k lines/s for 2 s: the CPU the logging process spends per line,
#            and the agent's CPU per line
# Prints the medians per variant (ns per call, wall and CPU) and the ratios to
# no agent, then the agent's own count of records and drops from the last run.
#
# usage: bench/logs_overhead.sh [rounds=5]    (root; after a build)
# env:   KOTEL_BENCH_AGENT_ARGS="..." extra agent flags for both agent variants (e.g. --log-rate-limit 0
#        to push every line through the userspace pipeline; the default limit drops most of them)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kotel=$root/build/agent/kotel
cost=$root/build/bench/kotel_syscall_cost
rounds=${1:-5}
loop_n=${KOTEL_BENCH_LOOP:-3000000}
log_n=${KOTEL_BENCH_LINES:-300000}
[ -x "$kotel" ] && [ -x "$cost" ] || { echo "bench: build first (cmake --build build --target kotel kotel_syscall_cost)"; exit 1; }

work=$(mktemp -d /tmp/kotel-logs-bench.XXXXXX)
agent_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
start_agent() {
  # shellcheck disable=SC2086 # extra flags are split on purpose
  "$kotel" agent --print none --metrics-address off --admin-socket off ${KOTEL_BENCH_AGENT_ARGS:-} "$@" \
    > /dev/null 2> "$work/agent.err" &
  agent_pid=$!
  until grep -q "kotel agent ready" "$work/agent.err"; do
    kill -0 "$agent_pid" 2>/dev/null || { cat "$work/agent.err"; exit 1; }
    sleep 0.05
  done
}
stop_agent() { kill -TERM "$agent_pid"; wait "$agent_pid" || true; agent_pid=""; }

# One variant's figures: "getppid_ns getppid_cpu log_ns log_cpu paced_cpu agent_us_per_paced_line"
measure() {
  local g l p a0 a1 agent_us=0
  g=$("$cost" getppid "$loop_n" 2>&1 >/dev/null)
  l=$("$cost" log "$log_n" 2>&1 >/dev/null)
  [ -n "$agent_pid" ] && a0=$(cpu_ticks "$agent_pid")
  p=$("$cost" log 200000 100000 2>&1 >/dev/null)
  if [ -n "$agent_pid" ]; then
    sleep 0.2  # the agent drains what the last poll left (poll interval 10 ms)
    a1=$(cpu_ticks "$agent_pid")
    agent_us=$(awk -v d=$((a1 - a0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", d / hz * 1e6 / 200000}')
  fi
  echo "$g $l ${p#* } $agent_us"
}

: > "$work/none"; : > "$work/off"; : > "$work/on"
for r in $(seq 1 "$rounds"); do
  # Rotate the order so drift on a shared machine does not favour one variant.
  case $((r % 3)) in
    1) order="none off on" ;;
    2) order="off on none" ;;
    0) order="on none off" ;;
  esac
  for v in $order; do
    case $v in
      none) measure >> "$work/none" ;;
      off) start_agent --logs off; measure >> "$work/off"; stop_agent ;;
      on) start_agent --logs on; measure >> "$work/on"; stop_agent; cp "$work/agent.err" "$work/agent_on.err" ;;
    esac
  done
  echo "round $r: none [$(tail -1 "$work/none")] off [$(tail -1 "$work/off")] on [$(tail -1 "$work/on")]"
done

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v c="$2" '{print $c}' "$work/$1" | median; }
echo
echo "medians of $rounds rounds (ns per call: wall / CPU of the calling process)"
printf '%-6s %18s %18s %22s %16s\n' variant "getppid ns" "log write ns" "paced 100k/s cpu ns" "agent us/line"
for v in none off on; do
  printf '%-6s %9s / %-6s %9s / %-6s %22s %16s\n' "$v" "$(col $v 1)" "$(col $v 2)" "$(col $v 3)" "$(col $v 4)" \
    "$(col $v 5)" "$(col $v 6)"
done
ratio() { awk -v a="$(col "$1" "$3")" -v b="$(col "$2" "$3")" 'BEGIN {printf "%.2f", a / b}'; }
echo
# CPU time of the calling process: wall time on a shared 2-core machine also
# counts waiting for a core the agent (or anyone) holds.
echo "CPU ratios to no agent: getppid off $(ratio off none 2) on $(ratio on none 2); log write off $(ratio off none 4) on $(ratio on none 4); paced 100k lines/s on $(ratio on none 5)"
echo "wall ratios to no agent: getppid off $(ratio off none 1) on $(ratio on none 1); log write off $(ratio off none 3) on $(ratio on none 3)"
echo "added CPU per log write with --logs on: $(awk -v a="$(col on 4)" -v b="$(col none 4)" 'BEGIN {printf "%.0f", a - b}') ns; per getppid: $(awk -v a="$(col on 2)" -v b="$(col none 2)" 'BEGIN {printf "%.0f", a - b}') ns"
echo "agent (last --logs on run): $(grep -o 'final: logs.*' "$work/agent_on.err" || echo 'no logs stats line')"
