#!/usr/bin/env bash
# e2e: the docs say what the agent does.
#   - README.md stays a front page: at most 150 lines, none over 200 characters;
#   - every subcommand of `kotel --help` is named in docs/cli.md;
#   - every relative link in README.md and docs/*.md names a file that exists,
#     and a #fragment names a heading of that page;
#   - every metric family a live agent serves on /metrics, and every family the
#     code defines (agent/runtime/self_metrics, exporters/prometheus), has a row
#     in docs/metrics.md, and no row names a family the code does not define;
#   - the console excerpt in README.md (after the `console excerpt` marker) has
#     the shape of what `kotel agent --print spans` prints for the same requests:
#     curl -> svc-a -> svc-b, with the same span names, kinds, statuses and
#     parent sources (times, pids, ids, durations and ports may differ).
# Runs the agent (root) on loopback only.
# usage: docs_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
source "$here/lib.sh"
fail() { echo "FAIL: $*"; [ -f "$work/agent.err" ] && tail -20 "$work/agent.err"; exit 1; }
readme="$repo/README.md"
metrics_doc="$repo/docs/metrics.md"

# 1. The front page stays short.
lines=$(wc -l < "$readme")
[ "$lines" -le 150 ] || fail "README.md has $lines lines (at most 150: move detail to docs/)"
long=$(awk 'length($0) > 200 { print FILENAME ":" FNR " (" length($0) " characters)" }' "$readme")
[ -z "$long" ] || fail "README.md lines over 200 characters: $long"
echo "ok: README.md has $lines lines, none over 200 characters"

# Every subcommand of `kotel --help` is in docs/cli.md.
subcommands=$("$kotel" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NF > 1 && $1 != "Subcommands:" { print $1 }')
[ "$(wc -w <<< "$subcommands")" -ge 5 ] || fail "only $(wc -w <<< "$subcommands") subcommands parsed from kotel --help"
for c in $subcommands; do
  grep -q "kotel $c" "$repo/docs/cli.md" || fail "kotel $c (kotel --help) is not in docs/cli.md"
done
echo "ok: $(wc -w <<< "$subcommands") subcommands of kotel --help are in docs/cli.md"

# 2. Relative links resolve, fragments name a heading.
python3 - "$repo" <<'EOF' || fail "broken links (above)"
import os, re, sys
repo = sys.argv[1]
pages = [os.path.join(repo, "README.md")] + sorted(
    os.path.join(repo, "docs", f) for f in os.listdir(os.path.join(repo, "docs")) if f.endswith(".md"))

def slug(heading):  # GitHub's anchor for a heading
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")

def anchors(path):
    out, fence = set(), False
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            fence = not fence
        elif not fence and re.match(r"#{1,6} ", line):
            out.add(slug(line.lstrip("#")))
    return out

bad, count = [], 0
for page in pages:
    text, fence_free = open(page, encoding="utf-8").read(), []
    fence = False
    for line in text.split("\n"):
        if line.startswith("```"):
            fence = not fence
        elif not fence:
            fence_free.append(re.sub(r"`[^`]*`", "", line))
    for target in re.findall(r"\]\(([^)\s]+)\)", "\n".join(fence_free)):
        if re.match(r"^[a-z]+:", target):
            continue  # http:, https:, mailto:
        count += 1
        path, _, frag = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
        rel = os.path.relpath(page, repo)
        if not os.path.exists(dest):
            bad.append(f"{rel}: {target}: no such file")
        elif frag and dest.endswith(".md") and frag not in anchors(dest):
            bad.append(f"{rel}: {target}: no heading #{frag} in {os.path.relpath(dest, repo)}")
for b in bad:
    print("broken link:", b)
print(f"ok: {count} relative links in {len(pages)} pages resolve" if not bad else "")
sys.exit(1 if bad else 0)
EOF

# 3. Metric families: live, in the code, in docs/metrics.md.
documented=$(grep -oE '^\| `[a-z_]+`' "$metrics_doc" | tr -d '|` ' | sort -u)
[ "$(wc -l <<< "$documented")" -ge 60 ] || fail "docs/metrics.md: only $(wc -l <<< "$documented") metric rows parsed"
in_code=$(grep -ohE '((counter|gauge|labelled|family)\(|MetricFamily [a-z_]+\{|out(->|\.)push_back\(\{|add_histogram\([^,]+, )"[a-z_]+"' \
            "$repo"/agent/runtime/self_metrics/*.cpp "$repo"/exporters/prometheus/*families*.cpp |
          grep -oE '"[a-z_]+"' | tr -d '"' | sort -u)
[ "$(wc -l <<< "$in_code")" -ge 60 ] || fail "only $(wc -l <<< "$in_code") families found in the code: the pattern is broken"
for f in $in_code; do
  grep -qx "$f" <<< "$documented" || fail "metric family $f (in the code) has no row in docs/metrics.md"
done
for f in $documented; do
  grep -qx "$f" <<< "$in_code" || fail "docs/metrics.md documents $f, which the code does not define"
done

"$kotel" agent --print spans --metrics-address 127.0.0.1:0 --admin-socket off --spans-file "$work/spans.jsonl" \
  > "$work/agent.out" 2> "$work/agent.err" &
agent=$!; pids+=("$agent")
wait_until 20 grep -q "kotel agent ready" "$work/agent.err" || fail "agent did not become ready"
port=$(grep -oE "metrics: http://127.0.0.1:[0-9]+/metrics" "$work/agent.err" | grep -oE ":[0-9]+/" | tr -d ':/')
[ -n "$port" ] || fail "agent did not say where /metrics is"

# 4. The requests of the README's excerpt: curl -> svc-a -> svc-b.
port_a=$(free_port); port_b=$(free_port)
start_chain "$port_a" "$port_b"
curl -sf -o /dev/null "http://127.0.0.1:$port_a/call/42" || fail "curl -> svc-a failed"
wait_until 15 grep -q ' SPAN SERVER svc-b\[' "$work/agent.out" || fail "no svc-b span"
wait_until 15 bash -c "grep ' SPAN CLIENT curl\[' '$work/agent.out' | grep -q '\"GET /call/{id}\"'" || fail "no curl span"

curl -sf "http://127.0.0.1:$port/metrics" > "$work/metrics.txt" || fail "/metrics did not answer"
live=$(grep '^# TYPE ' "$work/metrics.txt" | awk '{print $3}' | sort -u)
[ "$(wc -l <<< "$live")" -ge 40 ] || fail "only $(wc -l <<< "$live") families on /metrics"
for f in $live; do
  grep -qx "$f" <<< "$documented" || fail "metric family $f (on /metrics) has no row in docs/metrics.md"
done
echo "ok: $(wc -l <<< "$live") live families and $(wc -l <<< "$in_code") families in the code are in docs/metrics.md ($(wc -l <<< "$documented") rows)"

kill -TERM "$agent"
wait "$agent" || fail "agent exited $? on SIGTERM"

python3 - "$readme" "$work/agent.out" <<'EOF' || fail "README's console excerpt does not match what the agent prints (above)"
import re, sys
readme, out = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read().split("\n")
try:
    start = next(i for i, l in enumerate(text) if "console excerpt" in l and l.startswith("<!--"))
except StopIteration:
    sys.exit(print("README.md has no '<!-- console excerpt ... -->' marker before its excerpt") or 1)
i = start + 1
while not text[i].startswith("```"):
    i += 1
block = []
i += 1
while not text[i].startswith("```"):
    block.append(text[i]); i += 1
# Continuation lines (two spaces) belong to the line above; "$ " lines are commands.
spans = []
for l in block:
    if l.startswith("$ "):
        continue
    if l.startswith("  ") and spans:
        spans[-1] += " " + l.strip()
    else:
        spans.append(l)
if not spans:
    sys.exit(print("the console excerpt has no span lines") or 1)

def shape(line):
    line = re.sub(r"\s*\.\.\.$", "", line.strip())
    rx = re.escape(line)
    rx = re.sub(r"^\\?\d\d:\d\d:\d\d\\\.\d{6}", r"\\d\\d:\\d\\d:\\d\\d\\.\\d{6}", rx)
    rx = re.sub(r"\\\[\d+\\\]", r"\\[\\d+\\]", rx)
    rx = re.sub(r"\d+\\\.\d{3}ms", r"\\d+\\.\\d{3}ms", rx)
    rx = re.sub(r"\b[0-9a-f]{32}\b", "[0-9a-f]{32}", rx)
    rx = re.sub(r"\b[0-9a-f]{16}\b", "[0-9a-f]{16}", rx)
    rx = re.sub(r"(port=)\d+", r"\1\\d+", rx)
    return re.compile(rx + r"( |$)")

printed = [l.rstrip("\n") for l in open(out, encoding="utf-8") if " SPAN " in l]
bad = 0
for s in spans:
    if not any(shape(s).match(p) for p in printed):
        print("no printed span has the shape of:", s)
        bad += 1
print(f"ok: the {len(spans)} span lines of README's console excerpt match what the agent printed" if not bad else "")
sys.exit(1 if bad else 0)
EOF
echo PASS
