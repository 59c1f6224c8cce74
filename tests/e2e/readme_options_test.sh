#!/usr/bin/env bash
# e2e: the configuration reference (docs/configuration.md, linked from the
# README) and the agent agree: every option of `kotel agent --help` has a row
# with its environment variable, every config-file key
# (agent/config/config_file.cpp) is in the file-key column, no row names an
# option the agent does not have, and every OTEL_* variable the agent reads is
# named. No privileges needed.
# usage: readme_options_test.sh <kotel binary>
set -euo pipefail
kotel=$1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
doc="$repo/docs/configuration.md"
[ -f "$doc" ] || fail "docs/configuration.md is missing"
table=$(sed -n '/^## Configuration reference/,/^## /p' "$doc" | grep '^| `-')
[ -n "$table" ] || fail "docs/configuration.md has no configuration reference table"
help=$("$kotel" agent --help)

# flag -> env from the help text ("--name TYPE (Env:VAR)").
checked=0
while read -r flag env; do
  row=$(grep -E "^\| \`(-[a-z], )?$flag\` \|" <<< "$table" || true)
  [ -n "$row" ] || fail "$flag (kotel agent --help) has no row in docs/configuration.md"
  if [ -n "$env" ]; then
    cut -d'|' -f3 <<< "$row" | grep -q "\`$env\`" || fail "$flag: docs/configuration.md does not give its variable $env"
  fi
  checked=$((checked + 1))
done < <(grep -oE '^  (-[a-z],)?--[a-z][a-z0-9-]*[^(]*(\(Env:[A-Z_]+\))?' <<< "$help" |
         sed -E 's/^  (-[a-z],)?(--[a-z0-9-]+).*\(Env:([A-Z_]+)\).*/\2 \3/; s/^  (-[a-z],)?(--[a-z0-9-]+).*/\2/' |
         grep -v '^--help')
[ "$checked" -ge 40 ] || fail "only $checked options parsed from --help: the parser is broken"

# every config-file key (every entry of setters(), file-only keys such as
# `sampling` and `probes` included) has a row.
keys=$(sed -n '/setters() {/,/^}/p' "$repo/agent/config/config_file.cpp" | grep -oE '^ *\{"[a-z-]+", ' | grep -oE '"[a-z-]+"' | tr -d '"')
[ "$(wc -w <<< "$keys")" -ge 40 ] || fail "only $(wc -w <<< "$keys") config-file keys parsed: the parser is broken"
rows=$(sed -n '/^## Configuration reference/,/^## /p' "$doc" | grep '^| [`—]')
for k in $keys; do
  cut -d'|' -f4 <<< "$rows" | grep -q "\`$k\`" || fail "config-file key $k is not in the file-key column of docs/configuration.md"
done

# no stale rows.
while read -r flag; do
  grep -qE "^  (-[a-z],)?$flag( |\{|$)" <<< "$help" || fail "docs/configuration.md documents $flag, which kotel agent does not have"
done < <(grep -oE '^\| `(-[a-z], )?--[a-z0-9-]+' <<< "$table" | grep -oE -- '--[a-z0-9-]+')

# the fixed OTEL_* names the agent reads are documented.
for v in $(grep -ohE '"OTEL_[A-Z_]*[A-Z]"' "$repo/agent/config/otlp_config.cpp" | tr -d '"' | sort -u); do
  grep -q "$v" "$doc" || fail "docs/configuration.md does not mention $v, which the agent reads"
done
echo "ok: $checked options, $(wc -w <<< "$keys") file keys in step with docs/configuration.md"
echo PASS
