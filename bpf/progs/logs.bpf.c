// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What watched processes write to stdout and stderr, for log records.
 * Per-syscall tracepoints (not raw_tp/sys_enter): BPF runs only for write and
 * writev, and the fd test comes first, so other writes return at once. Any
 * syscalls:* tracepoint still puts tasks on the syscall slow path: see
 * bench/logs_overhead.sh for what that costs here. The entry stashes the
 * call (no copy); the exit copies what it wrote, once it is known: a short
 * write retried, or an EAGAIN on a non-blocking stdout, is not seen twice. */
#include "common.h"
#include "copy.h"
#include "logs.h"

/* The process's output is wanted: not the agent, passes the pid and cgroup
 * filters, not opted out. */
static __always_inline bool logs__wanted(__u32 tgid)
{
	if (!filter__pid_ok(tgid))
		return false;
	if (bpf_map_lookup_elem(&logs_exclude_pids, &tgid))
		return false;
	return filter__cgroup_ok(bpf_get_current_cgroup_id());
}

/* A log write's copy: cap <= KOTEL_LOG_PAYLOAD_MAX. */
static __always_inline __u32 logs__copy(__u8 *payload, __u32 off, const void *src, __u64 len, __u32 cap)
{
	return copy__user(payload, off, src, len, cap, KOTEL_LOG_PAYLOAD_MAX, KOTEL_CNT_LOG_READ_FAULT);
}

static __always_inline struct kotel_log_event *logs__begin(__u8 fd, __u8 call, __u64 bytes)
{
	__u32 zero = 0;
	struct log_scratch *s = bpf_map_lookup_elem(&log_heap, &zero);
	struct kotel_log_event *ev;
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	if (!s)
		return NULL;
	ev = (struct kotel_log_event *)s->raw;
	ev->pid = pid_tgid >> 32;
	ev->tid = (__u32)pid_tgid;
	ev->bytes = bytes;
	ev->fd = fd;
	ev->call = call;
	ev->flags = 0;
	ev->pad = 0;
	return ev;
}

static __always_inline int logs__emit(void *ctx, struct kotel_log_event *ev, __u32 len)
{
	__u32 cap = log_payload_cap;

	if (len < ev->bytes)
		ev->flags |= KOTEL_LOG_TRUNCATED;
	if (ev->flags & KOTEL_LOG_TRUNCATED)
		counter__inc(KOTEL_CNT_LOG_TRUNCATED);
	len &= (KOTEL_LOG_PAYLOAD_MAX - 1) | KOTEL_LOG_PAYLOAD_MAX;
	if (len > cap)
		len = cap;
	asm volatile("" : "+r"(len));
	len &= (KOTEL_LOG_PAYLOAD_MAX - 1) | KOTEL_LOG_PAYLOAD_MAX;
	ev->payload_len = len;
	counter__inc(KOTEL_CNT_LOG_WRITES);
	emit__header(&ev->hdr, KOTEL_EV_LOG_WRITE, sizeof(*ev) + len);
	if (emit__output(ctx, ev, sizeof(*ev) + len))
		counter__inc(KOTEL_CNT_LOG_DROP_RING_FULL);
	return 0;
}

/* Entry: a call to fd 1 or 2 of a watched process, remembered until its exit. */
static __always_inline int logs__stash(__u64 fd, const void *buf, __u64 count, __u8 call)
{
	struct log_stash *st;

	if ((fd != 1 && fd != 2) || !count)
		return 0;
	if (!logs__wanted(bpf_get_current_pid_tgid() >> 32))
		return 0;
	st = bpf_task_storage_get(&log_stashes, bpf_get_current_task_btf(), 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!st)
		return 0;
	st->buf = buf;
	st->count = count;
	st->epoch = log_attach_epoch;
	st->fd = fd;
	st->call = call;
	return 0;
}

/* Exit: the stashed call, if any, and what it returned; errors only counted. */
static __always_inline bool logs__take(long ret, struct log_stash *out)
{
	struct log_stash *st = bpf_task_storage_get(&log_stashes, bpf_get_current_task_btf(), 0, 0);

	if (!st || !st->call || st->epoch != log_attach_epoch)
		return false;
	*out = *st;
	st->call = 0; /* taken: this thread's next exit without an entry finds nothing */
	if (ret <= 0) {
		counter__inc(KOTEL_CNT_LOG_WRITE_FAILED);
		return false;
	}
	return true;
}

SEC("tp/syscalls/sys_enter_write")
int kotel_wr_enter(struct trace_event_raw_sys_enter *ctx)
{
	return logs__stash(ctx->args[0], (const void *)ctx->args[1], ctx->args[2], KOTEL_CALL_WRITE);
}

SEC("tp/syscalls/sys_exit_write")
int kotel_wr_exit(struct trace_event_raw_sys_exit *ctx)
{
	struct log_stash st;
	struct kotel_log_event *ev;
	__u64 written = ctx->ret;
	__u32 len;

	if (!logs__take(ctx->ret, &st) || st.call != KOTEL_CALL_WRITE)
		return 0;
	ev = logs__begin(st.fd, KOTEL_CALL_WRITE, written);
	if (!ev)
		return 0;
	len = logs__copy(ev->payload, 0, st.buf, written, log_payload_cap);
	return logs__emit(ctx, ev, len);
}

SEC("tp/syscalls/sys_enter_writev")
int kotel_wrv_enter(struct trace_event_raw_sys_enter *ctx)
{
	return logs__stash(ctx->args[0], (const void *)ctx->args[1], ctx->args[2], KOTEL_CALL_WRITEV);
}

SEC("tp/syscalls/sys_exit_writev")
int kotel_wrv_exit(struct trace_event_raw_sys_exit *ctx)
{
	struct kotel_iovec v[KOTEL_IOV_MAX] = {};
	const struct kotel_iovec *iov;
	struct log_stash st;
	struct kotel_log_event *ev;
	__u64 left = ctx->ret, walked = 0;
	__u32 off = 0;

	if (!logs__take(ctx->ret, &st) || st.call != KOTEL_CALL_WRITEV)
		return 0;
	iov = st.buf;
#pragma unroll
	for (int i = 0; i < KOTEL_IOV_MAX; i++) {
		if (i >= st.count || bpf_probe_read_user(&v[i], sizeof(v[i]), &iov[i]))
			break;
		walked += v[i].len;
	}
	ev = logs__begin(st.fd, KOTEL_CALL_WRITEV, left);
	if (!ev)
		return 0;
	if (walked < left) /* written bytes beyond the walked iovecs: a prefix */
		ev->flags |= KOTEL_LOG_TRUNCATED;
#pragma unroll
	for (int i = 0; i < KOTEL_IOV_MAX; i++) {
		__u64 n = v[i].len < left ? v[i].len : left;

		off += logs__copy(ev->payload, off, v[i].base, n, log_payload_cap);
		left -= n;
	}
	return logs__emit(ctx, ev, off);
}
