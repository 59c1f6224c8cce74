// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* close(fd) ends a connection generation. Enter, not exit: after close the fd
 * may already name something else. */
#include "common.h"

SEC("tp/syscalls/sys_enter_close")
int kotel_sys_enter_close(struct trace_event_raw_sys_enter *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct kotel_conn_key key = { .pid = pid_tgid >> 32, .fd = (int)ctx->args[0] };
	struct kotel_conn_state *st;

	if (key.pid == agent_tgid)
		return 0;
	st = bpf_map_lookup_elem(&conns, &key);
	if (!st)
		return 0;
	counter__inc(KOTEL_CNT_CLOSE_HITS);
	conn__emit_close(ctx, &key, st, (__u32)pid_tgid, KOTEL_CLOSE_SYSCALL);
	bpf_map_delete_elem(&conns, &key);
	return 0;
}
