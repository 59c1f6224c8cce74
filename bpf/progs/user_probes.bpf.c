// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* User-declared probes (config `probes:`): a function's entry stashes its
 * arguments, its return emits one event with both times; a USDT point emits
 * at once. Each attachment's cookie is the probe's index. A per-probe limit of
 * calls per second is applied before anything is read; what it refuses is
 * counted. Attached by the agent (agent/probes/user_probes), never by the
 * skeleton. */
#include "common.h"
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KOTEL_USER_PROBES_MAX);
	__type(key, __u32);
	__type(value, struct kotel_user_probe_spec);
} user_probe_specs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KOTEL_USER_PROBES_MAX);
	__type(key, __u32);
	__type(value, struct kotel_user_probe_stats);
} user_probe_stats SEC(".maps");

struct user_call_key {
	__u64 pid_tgid;
	__u32 probe;
	__u32 pad;
};

/* Calls between entry and return. A recursive call replaces its caller's
 * stash (counted as nested): the outer return then finds none. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct user_call_key);
	__type(value, struct kotel_user_probe_event);
} user_calls SEC(".maps");

/* The event is built here: too large for the stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct kotel_user_probe_event);
} user_scratch SEC(".maps");

/* Takes the call when its probe is under its rate; counts it either way. */
static __always_inline bool user__admit(struct kotel_user_probe_stats *st, const struct kotel_user_probe_spec *spec,
					__u64 now)
{
	__u64 second = now / 1000000000ULL;

	__sync_fetch_and_add(&st->hits, 1);
	if (!spec->max_per_s)
		return true;
	if (st->window_s != second) { /* racy across CPUs: a few calls more at a second's edge */
		st->window_s = second;
		st->window_count = 0;
	}
	if (__sync_fetch_and_add(&st->window_count, 1) >= spec->max_per_s) {
		__sync_fetch_and_add(&st->rate_dropped, 1);
		return false;
	}
	return true;
}

/* The six register arguments, read at constant offsets (the verifier
 * refuses a ctx pointer moved by a variable), then picked by position. */
struct user_regs {
	__u64 r[6];
};

static __always_inline void user__regs(struct pt_regs *ctx, struct user_regs *out)
{
	out->r[0] = PT_REGS_PARM1(ctx);
	out->r[1] = PT_REGS_PARM2(ctx);
	out->r[2] = PT_REGS_PARM3(ctx);
	out->r[3] = PT_REGS_PARM4(ctx);
	out->r[4] = PT_REGS_PARM5(ctx);
#if defined(__TARGET_ARCH_x86)
	out->r[5] = ctx->r9; /* libbpf 1.1 has no PT_REGS_PARM6 */
#elif defined(__TARGET_ARCH_arm64)
	out->r[5] = ((struct user_pt_regs *)ctx)->regs[5];
#endif
}

/* The scratch event for this call with pid, tid, probe and times set, or NULL
 * when the process is not traced, the probe is unknown or over its rate. */
static __always_inline struct kotel_user_probe_event *user__begin(__u32 probe, struct kotel_user_probe_spec **spec,
								    struct kotel_user_probe_stats **st)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns();
	__u32 zero = 0;
	struct kotel_user_probe_event *ev;

	if (!filter__pid_ok(pid_tgid >> 32))
		return NULL;
	*spec = bpf_map_lookup_elem(&user_probe_specs, &probe);
	*st = bpf_map_lookup_elem(&user_probe_stats, &probe);
	if (!*spec || !*st || !user__admit(*st, *spec, now))
		return NULL;
	ev = bpf_map_lookup_elem(&user_scratch, &zero);
	if (!ev)
		return NULL;
	__builtin_memset(ev, 0, sizeof(*ev));
	ev->pid = pid_tgid >> 32;
	ev->tid = (__u32)pid_tgid;
	ev->probe = probe;
	ev->start_ns = now;
	return ev;
}

static __always_inline void user__arg(struct kotel_user_probe_event *ev, struct kotel_user_probe_stats *st, int i,
				      __u8 type, __u64 value)
{
	if (type == KOTEL_ARG_INT) {
		ev->ints[i] = (__s64)value;
	} else if (type == KOTEL_ARG_STR) {
		if (bpf_probe_read_user_str(ev->strs[i], KOTEL_USER_STR_LEN, (const void *)value) < 0)
			__sync_fetch_and_add(&st->read_faults, 1);
	}
}

SEC("uprobe")
int kotel_usr_entry(struct pt_regs *ctx)
{
	struct kotel_user_probe_spec *spec;
	struct kotel_user_probe_stats *st;
	struct kotel_user_probe_event *ev = user__begin((__u32)bpf_get_attach_cookie(ctx), &spec, &st);
	struct user_call_key key = {};
	struct user_regs regs = {};

	if (!ev)
		return 0;
	user__regs(ctx, &regs);
	for (int i = 0; i < KOTEL_USER_ARGS; ++i) {
		__u8 at = spec->arg_index[i];
		if (at < 6)
			user__arg(ev, st, i, spec->arg_type[i], regs.r[at]);
	}
	key.pid_tgid = ((__u64)ev->pid << 32) | ev->tid;
	key.probe = ev->probe;
	if (bpf_map_update_elem(&user_calls, &key, ev, BPF_NOEXIST)) {
		__sync_fetch_and_add(&st->nested, 1);
		bpf_map_update_elem(&user_calls, &key, ev, BPF_ANY);
	}
	return 0;
}

SEC("uretprobe")
int kotel_usr_ret(struct pt_regs *ctx)
{
	struct user_call_key key = { .pid_tgid = bpf_get_current_pid_tgid(), .probe = (__u32)bpf_get_attach_cookie(ctx) };
	struct kotel_user_probe_event *ev = bpf_map_lookup_elem(&user_calls, &key);

	if (!ev) /* refused at entry (rate, filter), nested, or attached mid-call */
		return 0;
	ev->ret = (__s64)PT_REGS_RC(ctx);
	emit__header(&ev->hdr, KOTEL_EV_USER_PROBE, sizeof(*ev));
	emit__output(ctx, ev, sizeof(*ev));
	bpf_map_delete_elem(&user_calls, &key);
	return 0;
}

SEC("usdt")
int kotel_usr_usdt(struct pt_regs *ctx)
{
	struct kotel_user_probe_spec *spec;
	struct kotel_user_probe_stats *st;
	struct kotel_user_probe_event *ev = user__begin((__u32)bpf_usdt_cookie(ctx), &spec, &st);
	long value;

	if (!ev)
		return 0;
	for (int i = 0; i < KOTEL_USER_ARGS; ++i) {
		value = 0;
		if (spec->arg_type[i] != KOTEL_ARG_NONE && bpf_usdt_arg(ctx, spec->arg_index[i], &value) == 0)
			user__arg(ev, st, i, spec->arg_type[i], (__u64)value);
	}
	emit__header(&ev->hdr, KOTEL_EV_USER_PROBE, sizeof(*ev));
	ev->start_ns = ev->hdr.ts_ns;
	emit__output(ctx, ev, sizeof(*ev));
	return 0;
}
