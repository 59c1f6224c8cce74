// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rare TCP events that become metrics: retransmitted segments and resets sent
 * or received. Each is one small event; they are rare by nature, so nothing
 * is aggregated in the kernel. Softirq context: the owner comes from
 * sock_owner, not from the current task. */
#include "common.h"

/* Addresses straight from ctx at constant offsets (the verifier refuses loads
 * through a ctx pointer that was passed on or offset): a macro, not a helper. */
#define TCP_SIGNAL__ADDRS(ev, ctx, family)                                   \
	do {                                                                 \
		if ((family) == KOTEL_AF_INET) {                             \
			__u32 s_ = 0, d_ = 0; /* unaligned in the record: */ \
			bpf_probe_read_kernel(&s_, 4, (ctx)->saddr);         \
			bpf_probe_read_kernel(&d_, 4, (ctx)->daddr);         \
			sock__map_v4((ev)->tuple.saddr, s_);                 \
			sock__map_v4((ev)->tuple.daddr, d_);                 \
		} else {                                                     \
			bpf_probe_read_kernel((ev)->tuple.saddr, 16, (ctx)->saddr_v6); \
			bpf_probe_read_kernel((ev)->tuple.daddr, 16, (ctx)->daddr_v6); \
		}                                                            \
	} while (0)

static __always_inline int tcp_signal__emit(void *ctx, struct kotel_tcp_signal_event *ev, __u64 sk, __u32 kind)
{
	counter__inc(KOTEL_CNT_TCP_SIGNAL_HITS);
	if (filter__port_mark(ev->tuple.sport) == KOTEL_FILTER_EXCLUDE ||
	    filter__port_mark(ev->tuple.dport) == KOTEL_FILTER_EXCLUDE)
		return 0;
	emit__header(&ev->hdr, KOTEL_EV_TCP_SIGNAL, sizeof(*ev));
	ev->sock = sk;
	ev->kind = kind;
	struct kotel_conn_key *owner = bpf_map_lookup_elem(&sock_owner, &sk);
	ev->pid = owner ? owner->pid : 0;
	emit__output(ctx, ev, sizeof(*ev));
	return 0;
}

SEC("tp/tcp/tcp_retransmit_skb")
int kotel_retrans(struct trace_event_raw_tcp_retransmit_skb *ctx)
{
	struct kotel_tcp_signal_event ev = {};
	__u64 sk = (__u64)ctx->skaddr;
	__u16 family = ctx->family;
	ev.state = ctx->state;
	ev.tuple.family = family;
	ev.tuple.sport = ctx->sport;
	ev.tuple.dport = ctx->dport;
	TCP_SIGNAL__ADDRS(&ev, ctx, family);
	return tcp_signal__emit(ctx, &ev, sk, KOTEL_TCP_RETRANSMIT);
}

SEC("tp/tcp/tcp_receive_reset")
int kotel_rst_recv(struct trace_event_raw_tcp_event_sk *ctx)
{
	struct kotel_tcp_signal_event ev = {};
	__u64 sk = (__u64)ctx->skaddr;
	__u16 family = ctx->family;
	ev.tuple.family = family;
	ev.tuple.sport = ctx->sport;
	ev.tuple.dport = ctx->dport;
	TCP_SIGNAL__ADDRS(&ev, ctx, family);
	return tcp_signal__emit(ctx, &ev, sk, KOTEL_TCP_RESET_RECEIVED);
}

SEC("tp/tcp/tcp_send_reset")
int kotel_rst_sent(struct trace_event_raw_tcp_send_reset *ctx)
{
	/* Addresses come as sockaddrs here; the socket (when there is one) is
	 * enough: userspace knows its tuple. */
	struct kotel_tcp_signal_event ev = {};
	__u64 sk = (__u64)ctx->skaddr;
	ev.state = ctx->state;
	if (!sk)
		return 0; /* a reset for no socket (a closed port): nothing to attribute */
	return tcp_signal__emit(ctx, &ev, sk, KOTEL_TCP_RESET_SENT);
}
