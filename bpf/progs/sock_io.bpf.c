// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Preferred socket I/O hook: the sock_send_length / sock_recv_length
 * tracepoints fire only on socket I/O, with the sock and the exact length. The
 * syscall that caused it (number, fd, user buffer) is read from the task's saved
 * user registers. Unlike any syscalls:* hook, this leaves every other syscall on
 * the host on its fast path. Attached as raw tracepoints: the classic form would
 * first format a perf trace record on every call. */
#include "common.h"
#include "syscall_data.h"

#define KOTEL_MSG_PEEK 2

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* raw_tp args of sock_msg_length: (struct sock *sk, int ret, int flags) */
static __always_inline int sock_io__handle(struct bpf_raw_tracepoint_args *ctx)
{
	struct sock *sk = (struct sock *)ctx->args[0];
	int ret = (int)ctx->args[1];
	int flags = (int)ctx->args[2];
	struct task_struct *task;
	struct pt_regs *regs;
	struct syscall_args a;
	struct data_source src;
	__u64 pid_tgid;
	__u32 tgid;

	/* Peeked bytes stay in the socket: they are counted when really read. */
	if (ret <= 0 || (flags & KOTEL_MSG_PEEK))
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	tgid = pid_tgid >> 32;
	/* No protocol check here: a TCP socket is found in the connection table,
	 * anything else is rejected once per call by the fd resolution. */
	if (!filter__pid_ok(tgid))
		return 0;
	counter__inc(KOTEL_CNT_SOCK_IO_HITS);
	task = bpf_get_current_task_btf();
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	sysregs__read_btf(regs, &a);
	if (!sysdata__source(a.nr, &a, &src)) {
		counter__inc(KOTEL_CNT_UNATTRIBUTED); /* io_uring, kernel-internal sockets, ... */
		return 0;
	}
	/* Here ret is the bytes of one message; for sendmmsg/recvmmsg the hook fires
	 * per message and which one is unknown, so the bytes count, the payload does not. */
	if (src.kind == DATA_SRC_MMSG)
		src.kind = DATA_SRC_NONE;
	data__emit(ctx, tgid, (__u32)pid_tgid, (int)a.arg[0], ret, &src, (__u64)sk);
	return 0;
}

SEC("raw_tp/sock_send_length")
int kotel_sock_send(struct bpf_raw_tracepoint_args *ctx)
{
	return sock_io__handle(ctx);
}

SEC("raw_tp/sock_recv_length")
int kotel_sock_recv(struct bpf_raw_tracepoint_args *ctx)
{
	return sock_io__handle(ctx);
}
