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
int kotel_sk_state(struct trace_event_raw_inet_sock_set_state *ctx)
{
	struct kotel_sock_state_event ev = {};

	/* Every ctx field is loaded once, up front: the verifier refuses loads
	 * through a ctx pointer the compiler has offset and kept in a register. */
	__u64 sk = (__u64)ctx->skaddr;
	int old_state = ctx->oldstate, new_state = ctx->newstate;
	__u16 protocol = ctx->protocol, family = ctx->family, sport = ctx->sport, dport = ctx->dport;

	asm volatile("" : "+r"(old_state), "+r"(new_state));
	if (protocol != KOTEL_IPPROTO_TCP || !state__interesting(old_state, new_state))
		return 0;
	counter__inc(KOTEL_CNT_SOCK_STATE_HITS);
	/* The handshake tells which end opened the connection. */
	if (new_state == KOTEL_TCP_ESTABLISHED &&
	    (old_state == KOTEL_TCP_SYN_SENT || old_state == KOTEL_TCP_SYN_RECV)) {
		__u8 role = old_state == KOTEL_TCP_SYN_SENT ? KOTEL_ROLE_CLIENT : KOTEL_ROLE_SERVER;
		bpf_map_update_elem(&sock_roles, &sk, &role, BPF_ANY);
	}
	if (new_state == KOTEL_TCP_CLOSE) {
		conn__close_sock(ctx, sk);
		bpf_map_delete_elem(&sock_roles, &sk);
	}
	emit__header(&ev.hdr, KOTEL_EV_SOCK_STATE, sizeof(ev));
	ev.sock = sk;
	ev.old_state = old_state;
	ev.new_state = new_state;
	ev.pid = bpf_get_current_pid_tgid() >> 32;
	/* The connection's RTT as TCP smoothed it over its life, read once at
	 * the end: RTT costs nothing per segment (tcp_probe would run per ACK). */
	if (new_state == KOTEL_TCP_CLOSE)
		ev.srtt_us = BPF_CORE_READ((struct tcp_sock *)sk, srtt_us) >> 3;
	ev.tuple.family = family;
	ev.tuple.sport = sport;
	ev.tuple.dport = dport;
	if (family == KOTEL_AF_INET) {
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
