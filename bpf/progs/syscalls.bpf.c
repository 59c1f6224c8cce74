// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One raw_tp/sys_exit program for every socket syscall: the syscall number and
 * arguments come from the saved user registers, the result from the tracepoint.
 * Cheaper than a pair of per-syscall tracepoints with a stash map (DESIGN.md). */
#include "common.h"
#include "syscall_regs.h"
#include "data.h"

#define KOTEL_EINPROGRESS 115

char LICENSE[] SEC("license") = "Dual BSD/GPL";

static __always_inline bool sys__watched(__u64 nr)
{
	switch (nr) {
	case KOTEL_NR_READ: case KOTEL_NR_WRITE: case KOTEL_NR_READV: case KOTEL_NR_WRITEV:
	case KOTEL_NR_SENDTO: case KOTEL_NR_RECVFROM: case KOTEL_NR_SENDMSG: case KOTEL_NR_RECVMSG:
	case KOTEL_NR_SENDMMSG: case KOTEL_NR_RECVMMSG: case KOTEL_NR_SENDFILE:
	case KOTEL_NR_CONNECT: case KOTEL_NR_ACCEPT: case KOTEL_NR_ACCEPT4:
		return true;
	}
	return false;
}

/* Fills src for a data syscall; false for connect/accept. */
static __always_inline bool sys__data_source(__u64 nr, const struct syscall_args *a, struct data_source *src)
{
	src->flags = 0;
	src->count = 0;
	src->ptr = (const void *)a->arg[1];
	switch (nr) {
	case KOTEL_NR_READ:
		src->call = KOTEL_CALL_READ, src->direction = KOTEL_DIR_INGRESS, src->kind = DATA_SRC_BUF;
		return true;
	case KOTEL_NR_WRITE:
		src->call = KOTEL_CALL_WRITE, src->direction = KOTEL_DIR_EGRESS, src->kind = DATA_SRC_BUF;
		return true;
	case KOTEL_NR_RECVFROM:
		src->call = KOTEL_CALL_RECVFROM, src->direction = KOTEL_DIR_INGRESS, src->kind = DATA_SRC_BUF;
		return true;
	case KOTEL_NR_SENDTO:
		src->call = KOTEL_CALL_SENDTO, src->direction = KOTEL_DIR_EGRESS, src->kind = DATA_SRC_BUF;
		return true;
	case KOTEL_NR_READV:
		src->call = KOTEL_CALL_READV, src->direction = KOTEL_DIR_INGRESS, src->kind = DATA_SRC_IOV;
		src->count = a->arg[2];
		return true;
	case KOTEL_NR_WRITEV:
		src->call = KOTEL_CALL_WRITEV, src->direction = KOTEL_DIR_EGRESS, src->kind = DATA_SRC_IOV;
		src->count = a->arg[2];
		return true;
	case KOTEL_NR_RECVMSG:
		src->call = KOTEL_CALL_RECVMSG, src->direction = KOTEL_DIR_INGRESS, src->kind = DATA_SRC_MSG;
		return true;
	case KOTEL_NR_SENDMSG:
		src->call = KOTEL_CALL_SENDMSG, src->direction = KOTEL_DIR_EGRESS, src->kind = DATA_SRC_MSG;
		return true;
	case KOTEL_NR_RECVMMSG:
		src->call = KOTEL_CALL_RECVMMSG, src->direction = KOTEL_DIR_INGRESS, src->kind = DATA_SRC_MMSG;
		return true;
	case KOTEL_NR_SENDMMSG:
		src->call = KOTEL_CALL_SENDMMSG, src->direction = KOTEL_DIR_EGRESS, src->kind = DATA_SRC_MMSG;
		return true;
	case KOTEL_NR_SENDFILE: /* payload is file content: count it, do not copy it */
		src->call = KOTEL_CALL_SENDFILE, src->direction = KOTEL_DIR_EGRESS, src->kind = DATA_SRC_NONE;
		return true;
	}
	return false;
}

SEC("raw_tp/sys_exit")
int kotel_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	const struct pt_regs *regs = (const struct pt_regs *)ctx->args[0];
	long ret = (long)ctx->args[1];
	__u64 pid_tgid, nr = sysregs__nr(regs);
	struct syscall_args a;
	struct data_source src;
	__u32 tgid, tid;

	if (!sys__watched(nr) || (ret < 0 && !(nr == KOTEL_NR_CONNECT && ret == -KOTEL_EINPROGRESS)))
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	tgid = pid_tgid >> 32;
	tid = (__u32)pid_tgid;
	if (!filter__pid_ok(tgid))
		return 0;
	counter__inc(KOTEL_CNT_SYS_EXIT_HITS);
	sysregs__args(regs, &a);

	if (nr == KOTEL_NR_CONNECT) {
		struct conn_open_args how = { KOTEL_ROLE_CLIENT, KOTEL_OPEN_CONNECT, (__s32)ret };
		conn__lookup(ctx, tgid, tid, (int)a.arg[0], &how);
	} else if (nr == KOTEL_NR_ACCEPT || nr == KOTEL_NR_ACCEPT4) {
		struct conn_open_args how = { KOTEL_ROLE_SERVER, KOTEL_OPEN_ACCEPT, 0 };
		conn__lookup(ctx, tgid, tid, (int)ret, &how);
	} else if (sys__data_source(nr, &a, &src)) {
		data__emit(ctx, tgid, tid, (int)a.arg[0], ret, &src);
	}
	return 0;
}
