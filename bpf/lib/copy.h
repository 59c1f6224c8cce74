/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Copies from user memory into an event's payload: the one bounded copy that
 * socket data, TLS plaintext and log writes share, and the iovec they walk. */
#ifndef KOTEL_BPF_COPY_H
#define KOTEL_BPF_COPY_H

#include "counters.h"

/* struct iovec as user space lays it out (64-bit). */
struct kotel_iovec {
	const void *base;
	__u64 len;
};

/* Copies up to len bytes of src into buf at off, never past cap (<= max, a
 * power of two and a constant at every call). Returns the bytes copied; a
 * fault counts `fault_counter` and copies nothing. The masks and the barrier
 * keep the verifier's bounds on offset and size: clang would otherwise fold the
 * clamp back into the unbounded value (the scratch buffers leave room for a
 * masked offset < max plus a masked length < 2 max). */
static __always_inline __u32 copy__user(__u8 *buf, __u32 off, const void *src, __u64 len, __u32 cap, __u32 max,
					__u32 fault_counter)
{
	__u32 room, n;

	if (off >= cap || !src || !len)
		return 0;
	room = cap - off;
	n = len < room ? len : room;
	asm volatile("" : "+r"(n));
	n &= 2 * max - 1;
	if (bpf_probe_read_user(buf + (off & (max - 1)), n, src)) {
		counter__inc(fault_counter);
		return 0;
	}
	return n;
}

#endif
