/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef KOTEL_BPF_COUNTERS_H
#define KOTEL_BPF_COUNTERS_H

static __always_inline void counter__inc(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &idx);
	/* Atomic even on a per-CPU slot: a softirq program (TCP state) can
	 * interrupt a process-context one between its load and store. */
	if (v)
		__sync_fetch_and_add(v, 1);
}

#endif
