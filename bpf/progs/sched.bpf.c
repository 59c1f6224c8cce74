// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Process lifecycle, so the agent knows processes and reuses nothing stale. */
#include "common.h"

SEC("tp/sched/sched_process_exec")
int kotel_proc_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct kotel_proc_exec_event ev = {};
	unsigned int off = ctx->__data_loc_filename & 0xFFFF;

	ev.pid = bpf_get_current_pid_tgid() >> 32;
	if (ev.pid == agent_tgid)
		return 0;
	counter__inc(KOTEL_CNT_SCHED_HITS);
	emit__header(&ev.hdr, KOTEL_EV_PROC_EXEC, sizeof(ev));
	ev.ppid = BPF_CORE_READ(task, real_parent, tgid);
	ev.cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(ev.comm, sizeof(ev.comm));
	bpf_probe_read_kernel_str(ev.filename, sizeof(ev.filename), (void *)ctx + off);
	emit__output(ctx, &ev, sizeof(ev));
	return 0;
}

SEC("tp/sched/sched_process_exit")
int kotel_proc_exit(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct kotel_proc_exit_event ev = {};
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	/* One record per process: only when the last thread of the group leaves. */
	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return 0;
	ev.pid = pid_tgid >> 32;
	if (ev.pid == agent_tgid)
		return 0;
	counter__inc(KOTEL_CNT_SCHED_HITS);
	emit__header(&ev.hdr, KOTEL_EV_PROC_EXIT, sizeof(ev));
	ev.exit_code = BPF_CORE_READ(task, signal, group_exit_code);
	if (!ev.exit_code)
		ev.exit_code = BPF_CORE_READ(task, exit_code);
	/* mark_oom_victim() sets it once and it stays until the process is reaped:
	 * no oom:mark_victim hook (a second program) is needed to know. */
	if (BPF_CORE_READ(task, signal, oom_mm))
		ev.flags |= KOTEL_EXIT_OOM_KILLED;
	emit__output(ctx, &ev, sizeof(ev));
	return 0;
}

SEC("raw_tp/sched_process_fork")
int kotel_proc_fork(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *parent = (struct task_struct *)ctx->args[0];
	struct task_struct *child = (struct task_struct *)ctx->args[1];
	struct kotel_proc_fork_event ev = {};

	ev.parent_pid = BPF_CORE_READ(parent, tgid);
	if (ev.parent_pid == agent_tgid || !filter__pid_ok(ev.parent_pid))
		return 0;
	counter__inc(KOTEL_CNT_SCHED_HITS);
	emit__header(&ev.hdr, KOTEL_EV_PROC_FORK, sizeof(ev));
	ev.parent_tid = BPF_CORE_READ(parent, pid);
	ev.child_pid = BPF_CORE_READ(child, tgid);
	ev.child_tid = BPF_CORE_READ(child, pid);
	emit__output(ctx, &ev, sizeof(ev));
	return 0;
}
