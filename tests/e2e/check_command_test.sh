#!/usr/bin/env bash
# e2e: `kotel check` on this host: every requirement passes, every hook is
# listed with its state, and the summary says the host can run kotel.
# usage: check_command_test.sh <kotel binary>
set -euo pipefail
kotel=$1
out=$("$kotel" check 2>&1) || { echo "FAIL: kotel check exited non-zero:"; echo "$out"; exit 1; }
echo "$out"
for name in kernel privileges btf tracefs "ring buffer"; do
  echo "$out" | grep -qE "^ok +$name " || { echo "FAIL: no passing '$name' line"; exit 1; }
done
echo "$out" | grep -qE "^hook attached +raw_tp/sock_send_length" || { echo "FAIL: socket hook not attached"; exit 1; }
echo "$out" | grep -qE "^hook disabled +raw_tp/sys_exit .*not used" || { echo "FAIL: fallback not reported as unused"; exit 1; }
echo "$out" | grep -q "this host can run kotel" || { echo "FAIL: no summary"; exit 1; }
# Without privileges the same command fails and says why.
if setpriv --bounding-set=-all --inh-caps=-all "$kotel" check > /tmp/kotel-check-noprivs.$$ 2>&1; then
  echo "FAIL: kotel check passed without privileges"; cat /tmp/kotel-check-noprivs.$$; rm -f /tmp/kotel-check-noprivs.$$; exit 1
fi
grep -qE "^FAIL privileges" /tmp/kotel-check-noprivs.$$ || { echo "FAIL: no privileges line"; cat /tmp/kotel-check-noprivs.$$; rm -f /tmp/kotel-check-noprivs.$$; exit 1; }
rm -f /tmp/kotel-check-noprivs.$$
echo "PASS: kotel check"
