#!/usr/bin/env bash
# Regenerates the pinned vmlinux.h for this machine's architecture from its BTF.
# CO-RE relocates field offsets at load time, so one header per architecture serves every kernel.
set -euo pipefail
arch=$(uname -m)
case "$arch" in aarch64) arch=arm64 ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bpf/vmlinux/$arch/vmlinux.h"
btf=/sys/kernel/btf/vmlinux
[ -r "$btf" ] || { echo "gen-vmlinux: $btf is missing: this kernel has no BTF (CONFIG_DEBUG_INFO_BTF=y)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
bpftool btf dump file "$btf" format c > "$out.tmp"
mv "$out.tmp" "$out"
echo "gen-vmlinux: wrote $out ($(wc -l < "$out") lines, kernel $(uname -r))"
