// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* TCP state changes: connection attempts, establishment, failures, closes and
 * new listeners. May run in softirq context, so no process is assumed. */
#include "common.h"

#define KOTEL_TCP_ESTABLISHED 1
#define KOTEL_TCP_SYN_SENT 2
#define KOTEL_TCP_SYN_RECV 3
#define KOTEL_TCP_CLOSE 7
#define KOTEL_TCP_LISTEN 10

static __always_inline bool state__interesting(int old_state, int new_state)
{
	return new_state == KOTEL_TCP_ESTABLISHED || new_state == KOTEL_TCP_SYN_SENT ||
	       new_state == KOTEL_TCP_CLOSE || new_state == KOTEL_TCP_LISTEN;
}

SEC("tp/sock/inet_sock_set_state")
int kotel_inet_sock_set_state(struct trace_event_raw_inet_sock_set_state *ctx)
{
	struct kotel_sock_state_event ev = {};

	if (ctx->protocol != KOTEL_IPPROTO_TCP || !state__interesting(ctx->oldstate, ctx->newstate))
		return 0;
	counter__inc(KOTEL_CNT_SOCK_STATE_HITS);
	emit__header(&ev.hdr, KOTEL_EV_SOCK_STATE, sizeof(ev));
	ev.sock = (__u64)ctx->skaddr;
	ev.old_state = ctx->oldstate;
	ev.new_state = ctx->newstate;
	ev.pid = bpf_get_current_pid_tgid() >> 32;
	ev.tuple.family = ctx->family;
	ev.tuple.sport = ctx->sport;
	ev.tuple.dport = ctx->dport;
	if (ctx->family == KOTEL_AF_INET) {
		__u32 s, d;
		__builtin_memcpy(&s, ctx->saddr, 4);
		__builtin_memcpy(&d, ctx->daddr, 4);
		sock__map_v4(ev.tuple.saddr, s);
		sock__map_v4(ev.tuple.daddr, d);
	} else {
		/* ctx may only be read at constant offsets: copy through a helper */
		bpf_probe_read_kernel(ev.tuple.saddr, 16, ctx->saddr_v6);
		bpf_probe_read_kernel(ev.tuple.daddr, 16, ctx->daddr_v6);
	}
	if (filter__port_mark(ev.tuple.sport) == KOTEL_FILTER_EXCLUDE ||
	    filter__port_mark(ev.tuple.dport) == KOTEL_FILTER_EXCLUDE)
		return 0;
	emit__output(ctx, &ev, sizeof(ev));
	return 0;
}
