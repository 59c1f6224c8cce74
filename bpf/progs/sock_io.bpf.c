// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Preferred socket I/O hook: the sock_send_length / sock_recv_length
 * tracepoints fire only on socket I/O, with the sock and the exact length. The
 * syscall that caused it (number, fd, user buffer) is read from the task's saved
 * user registers. Unlike any syscalls:* hook, this leaves every other syscall on
 * the host on its fast path. */
#include "common.h"
#include "syscall_data.h"

#define KOTEL_MSG_PEEK 2

char LICENSE[] SEC("license") = "Dual BSD/GPL";

static __always_inline int sock_io__handle(struct trace_event_raw_sock_msg_length *ctx)
{
	struct task_struct *task;
	struct pt_regs *regs;
	struct syscall_args a;
	struct data_source src;
	__u64 pid_tgid;
	__u32 tgid;
	int ret = ctx->ret;

	/* Peeked bytes stay in the socket: they are counted when really read. */
	if (ret <= 0 || ctx->protocol != KOTEL_IPPROTO_TCP || (ctx->flags & KOTEL_MSG_PEEK))
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	tgid = pid_tgid >> 32;
	if (!filter__pid_ok(tgid))
		return 0;
	counter__inc(KOTEL_CNT_SOCK_IO_HITS);
	task = bpf_get_current_task_btf();
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	sysregs__read(regs, &a);
	if (!sysdata__source(a.nr, &a, &src)) {
		counter__inc(KOTEL_CNT_UNATTRIBUTED); /* io_uring, kernel-internal sockets, ... */
		return 0;
	}
	data__emit(ctx, tgid, (__u32)pid_tgid, (int)a.arg[0], ret, &src, (__u64)ctx->sk);
	return 0;
}

SEC("tp/sock/sock_send_length")
int kotel_sock_send(struct trace_event_raw_sock_msg_length *ctx)
{
	return sock_io__handle(ctx);
}

SEC("tp/sock/sock_recv_length")
int kotel_sock_recv(struct trace_event_raw_sock_msg_length *ctx)
{
	return sock_io__handle(ctx);
}
