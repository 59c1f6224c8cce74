/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef KOTEL_BPF_EMIT_H
#define KOTEL_BPF_EMIT_H

static __always_inline void emit__header(struct kotel_event_header *h, __u16 type, __u32 size)
{
	h->type = type;
	h->size = size;
	h->cpu = bpf_get_smp_processor_id();
	h->ts_ns = bpf_ktime_get_ns();
}

/* Wake-ups are batched: the reader polls on a short timer and is woken early
 * only when the ring fills past wakeup_bytes (a wake-up per event costs ~1 µs).
 * The fill is checked on every 32nd event of a CPU, not on each. */
static __always_inline __u64 emit__wakeup_flags(__u64 sent_on_cpu)
{
	if ((sent_on_cpu & 31) == 0 && bpf_ringbuf_query(&events_rb, BPF_RB_AVAIL_DATA) >= wakeup_bytes)
		return BPF_RB_FORCE_WAKEUP;
	return BPF_RB_NO_WAKEUP;
}

/* Sends one record through the configured transport; every failure is counted.
 * Returns 0 when sent, so a caller can count its own kind of loss too. */
static __always_inline long emit__output(void *ctx, void *data, __u64 size)
{
	__u32 sent_idx = KOTEL_CNT_EVENTS_SENT, drop_idx = KOTEL_CNT_DROP_RING_FULL;
	__u64 *sent = bpf_map_lookup_elem(&counters, &sent_idx);
	long err;

	if (!sent)
		return -1;
	if (use_ringbuf)
		err = bpf_ringbuf_output(&events_rb, data, size, emit__wakeup_flags(*sent));
	else
		err = bpf_perf_event_output(ctx, &events_perf, BPF_F_CURRENT_CPU, data, size);
	if (err)
		counter__inc(drop_idx);
	else
		__sync_fetch_and_add(sent, 1); /* atomic: see counter__inc */
	return err;
}

#endif
