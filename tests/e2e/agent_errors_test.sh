#!/usr/bin/env bash
# e2e: bad input gets a clear error, a non-zero exit and names what is wrong.
# usage: agent_errors_test.sh <kotel binary>
set -uo pipefail
kotel=$1
work=$(mktemp -d /tmp/kotel-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
fails=0
expect() {  # expect <description> <expected exit> <stderr pattern> -- command...
  local what=$1 want_rc=$2 pattern=$3; shift 4
  "$@" > "$work/out" 2> "$work/err"; local rc=$?
  if [ "$rc" -ne "$want_rc" ] || ! grep -qE "$pattern" "$work/err" "$work/out"; then
    echo "FAIL: $what: exit $rc (want $want_rc), output:"; cat "$work/err" "$work/out"; fails=$((fails + 1))
  else
    echo "ok: $what"
  fi
}

printf 'payload-bytes: 512\nno-such-option: 1\n' > "$work/unknown.yaml"
expect "unknown config key is named" 2 "unknown key 'no-such-option'" -- "$kotel" agent --config "$work/unknown.yaml"
printf 'payload-bytes: lots\n' > "$work/bad.yaml"
expect "bad config value is named" 2 "bad value for 'payload-bytes'" -- "$kotel" agent --config "$work/bad.yaml"
printf 'payload-bytes: [1\n' > "$work/broken.yaml"
expect "broken YAML is reported" 2 "not valid YAML" -- "$kotel" agent --config "$work/broken.yaml"
expect "missing config file" 2 "cannot read config file" -- "$kotel" agent --config "$work/nope.yaml"
mkdir "$work/a-directory"
expect "a directory as config file" 2 "is a directory" -- "$kotel" agent --config "$work/a-directory"
mkfifo "$work/a-fifo"
expect "a FIFO as config file (no hang)" 2 "is a FIFO" -- timeout 10 "$kotel" agent --config "$work/a-fifo"
expect "an endless file as config file (no unbounded read)" 2 "not a regular file" -- timeout 10 "$kotel" agent --config /dev/zero
head -c 2000000 /dev/zero | tr '\0' '#' > "$work/huge.yaml"
expect "a config file over 1 MiB" 2 "more than the 1048576" -- "$kotel" agent --config "$work/huge.yaml"
expect "max-connections out of range names the flag" 2 "max-connections must be 16..1048576" -- "$kotel" agent --max-connections 99999999
expect "a flag parse error exits 2" 2 "^kotel: configuration error: .*--max-connections" -- "$kotel" agent --max-connections abc
expect "an unknown flag exits 2" 2 "^kotel: configuration error: .*--no-such-flag" -- "$kotel" agent --no-such-flag
expect "a bad KOTEL_* value names the variable" 2 "from the environment variable KOTEL_MAX_CONNECTIONS" -- env KOTEL_MAX_CONNECTIONS=abc "$kotel" agent
expect "--help names the command, not the binary's path" 0 "Usage: kotel " -- "$kotel" --help
expect "payload too large" 2 "payload-bytes must be at most 16384" -- "$kotel" agent --payload-bytes 99999
expect "bad transport" 2 "not a transport" -- "$kotel" agent --transport carrier-pigeon
expect "bad env value" 2 "not a print mode" -- env KOTEL_PRINT=everything "$kotel" agent
# One start-up error path: a bad OTEL_* value prints like any other configuration error.
expect "bad OTEL variable is named" 2 "^kotel: configuration error: OTEL_EXPORTER_OTLP_TIMEOUT: 'soon'" -- env OTEL_EXPORTER_OTLP_TIMEOUT=soon "$kotel" agent
expect "bad config value prints the same way" 2 "^kotel: configuration error: .*payload-bytes" -- "$kotel" agent --payload-bytes 99999
expect "bad OTLP endpoint is named" 2 "OTEL_EXPORTER_OTLP_ENDPOINT" -- env OTEL_EXPORTER_OTLP_ENDPOINT=ftp://x "$kotel" agent
expect "bad --otlp-protocol" 2 "'carrier' is not an OTLP protocol" -- "$kotel" agent --otlp-protocol carrier
expect "unknown cgroup" 1 "cgroup /no/such/cgroup not found" -- "$kotel" agent --cgroup /no/such/cgroup
# Root without capabilities is what an unprivileged user looks like to the kernel
# (and can still reach the binary wherever the checkout is).
expect "no privileges" 1 "must run as root" -- setpriv --bounding-set=-all --inh-caps=-all "$kotel" agent
expect "version prints" 0 "kotel [0-9]+\.[0-9]+\.[0-9]+" -- "$kotel" version
expect "help lists subcommands" 0 "agent.*check|check" -- "$kotel" --help
[ "$fails" -eq 0 ] || exit 1
