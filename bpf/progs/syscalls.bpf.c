// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Fallback socket I/O hook, for kernels without sock_send_length/recv_length:
 * one raw_tp/sys_exit program for every socket syscall. The syscall number and
 * arguments come from the saved user registers, the result from the tracepoint:
 * no stash map. Costlier than the socket tracepoints (sock_io.bpf.c): it makes
 * every syscall on the host take the tracing slow path and run this program. */
#include "common.h"
#include "syscall_data.h"

#define KOTEL_EINPROGRESS 115

char LICENSE[] SEC("license") = "Dual BSD/GPL";

static __always_inline bool sys__watched(__u64 nr)
{
	switch (nr) {
	case KOTEL_NR_READ: case KOTEL_NR_WRITE: case KOTEL_NR_READV: case KOTEL_NR_WRITEV:
	case KOTEL_NR_SENDTO: case KOTEL_NR_RECVFROM: case KOTEL_NR_SENDMSG: case KOTEL_NR_RECVMSG:
	case KOTEL_NR_SENDMMSG: case KOTEL_NR_RECVMMSG: case KOTEL_NR_SENDFILE:
	case KOTEL_NR_CONNECT: case KOTEL_NR_ACCEPT: case KOTEL_NR_ACCEPT4: case KOTEL_NR_CLOSE:
		return true;
	}
	return false;
}

SEC("raw_tp/sys_exit")
int kotel_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	const struct pt_regs *regs = (const struct pt_regs *)ctx->args[0];
	long ret = (long)ctx->args[1];
	struct syscall_args a;
	struct data_source src;
	__u64 pid_tgid, nr;
	__u32 tgid, tid;

	sysregs__read(regs, &a);
	nr = a.nr;
	if (!sys__watched(nr) || (ret < 0 && !(nr == KOTEL_NR_CONNECT && ret == -KOTEL_EINPROGRESS)))
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	tgid = pid_tgid >> 32;
	tid = (__u32)pid_tgid;
	if (!filter__pid_ok(tgid))
		return 0;
	counter__inc(KOTEL_CNT_SYS_EXIT_HITS);

	if (nr == KOTEL_NR_CLOSE) {
		conn__close_fd(ctx, tgid, tid, (int)a.arg[0]);
	} else if (nr == KOTEL_NR_CONNECT) {
		struct conn_open_args how = { KOTEL_ROLE_CLIENT, KOTEL_OPEN_CONNECT, (__s32)ret };
		conn__lookup(ctx, tgid, tid, (int)a.arg[0], &how);
	} else if (nr == KOTEL_NR_ACCEPT || nr == KOTEL_NR_ACCEPT4) {
		struct conn_open_args how = { KOTEL_ROLE_SERVER, KOTEL_OPEN_ACCEPT, 0 };
		conn__lookup(ctx, tgid, tid, (int)ret, &how);
	} else if (sysdata__source(nr, &a, &src)) {
		data__emit(ctx, tgid, tid, (int)a.arg[0], ret, &src, 0);
	}
	return 0;
}
