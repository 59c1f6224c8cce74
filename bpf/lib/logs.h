/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Maps and knobs of the stdout/stderr capture (progs/logs.bpf.c). */
#ifndef KOTEL_BPF_LOGS_H
#define KOTEL_BPF_LOGS_H

const volatile __u32 log_payload_cap __weak = KOTEL_LOG_PAYLOAD_DEFAULT; /* <= KOTEL_LOG_PAYLOAD_MAX */

/* --logs-exclude-pid: processes whose output is never captured. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u8);
} logs_exclude_pids SEC(".maps") __weak;

/* A write/writev to fd 1 or 2 between its entry and its exit. Its buffer is
 * copied at the exit, as much as the call wrote, so a short or failed write
 * that the application retries is seen once. Per thread, in the task itself (no
 * hashing; freed with the task). */
struct log_stash {
	const void *buf; /* the buffer, or the iovec array for writev */
	__u64 count;     /* bytes, or iovecs for writev */
	__u32 epoch;     /* log_attach_epoch at the entry */
	__u8 fd;
	__u8 call;       /* KOTEL_CALL_WRITE or KOTEL_CALL_WRITEV; 0 once taken */
};

/* Bumped by the agent each time it attaches the log hooks (on demand): a
 * stash from before a detach is never taken by an exit after the attach. */
__u32 log_attach_epoch __weak = 0;
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct log_stash);
} log_stashes SEC(".maps") __weak;

/* Event plus three times the payload room: a masked offset (< MAX) plus a
 * masked length (< 2 MAX) always stays inside (the verifier cannot see that
 * off + len <= cap). */
struct log_scratch {
	__u8 raw[sizeof(struct kotel_log_event) + 3 * KOTEL_LOG_PAYLOAD_MAX];
};
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct log_scratch);
} log_heap SEC(".maps") __weak;

#endif
