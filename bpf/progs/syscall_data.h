/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Which data syscall a set of saved registers describes, and where its payload is. */
#ifndef KOTEL_BPF_SYSCALL_DATA_H
#define KOTEL_BPF_SYSCALL_DATA_H

#include "syscall_regs.h"
#include "data.h"

/* Fills src for a data syscall; false for any other syscall. */
static __always_inline bool sysdata__source(__u64 nr, const struct syscall_args *a, struct data_source *src)
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

#endif
