/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Syscall number and arguments from the user registers saved at syscall entry.
 * At sys_exit they are still intact, so one raw_tp/sys_exit program sees the
 * arguments and the result without a per-syscall stash map (see DESIGN.md). */
#ifndef KOTEL_BPF_SYSCALL_REGS_H
#define KOTEL_BPF_SYSCALL_REGS_H

struct syscall_args {
	__u64 nr;
	__u64 arg[3]; /* fd, buffer/iovec/msghdr, count: all kotel needs */
};

#if defined(__TARGET_ARCH_x86)
#define KOTEL_NR_READ 0
#define KOTEL_NR_WRITE 1
#define KOTEL_NR_CLOSE 3
#define KOTEL_NR_READV 19
#define KOTEL_NR_WRITEV 20
#define KOTEL_NR_SENDFILE 40
#define KOTEL_NR_CONNECT 42
#define KOTEL_NR_ACCEPT 43
#define KOTEL_NR_SENDTO 44
#define KOTEL_NR_RECVFROM 45
#define KOTEL_NR_SENDMSG 46
#define KOTEL_NR_RECVMSG 47
#define KOTEL_NR_ACCEPT4 288
#define KOTEL_NR_RECVMMSG 299
#define KOTEL_NR_SENDMMSG 307

/* dx, si, di and orig_ax sit next to each other in the x86-64 pt_regs (an ABI
 * that does not change): one 32-byte read gives the number and three arguments,
 * the only helper call every syscall on the host pays. */
struct sysregs_x86_tail {
	__u64 dx, si, di, orig_ax;
};

static __always_inline void sysregs__read(const struct pt_regs *regs, struct syscall_args *a)
{
	struct sysregs_x86_tail t = {};

	bpf_probe_read_kernel(&t, sizeof(t), &regs->dx);
	a->nr = t.orig_ax;
	a->arg[0] = t.di;
	a->arg[1] = t.si;
	a->arg[2] = t.dx;
}

/* Same, from a BTF pointer (bpf_task_pt_regs): plain fault-safe loads. */
static __always_inline void sysregs__read_btf(struct pt_regs *regs, struct syscall_args *a)
{
	a->nr = regs->orig_ax;
	a->arg[0] = regs->di;
	a->arg[1] = regs->si;
	a->arg[2] = regs->dx;
}
#elif defined(__TARGET_ARCH_arm64)
#define KOTEL_NR_CLOSE 57
#define KOTEL_NR_READ 63
#define KOTEL_NR_WRITE 64
#define KOTEL_NR_READV 65
#define KOTEL_NR_WRITEV 66
#define KOTEL_NR_SENDFILE 71
#define KOTEL_NR_ACCEPT 202
#define KOTEL_NR_CONNECT 203
#define KOTEL_NR_SENDTO 206
#define KOTEL_NR_RECVFROM 207
#define KOTEL_NR_SENDMSG 211
#define KOTEL_NR_RECVMSG 212
#define KOTEL_NR_ACCEPT4 242
#define KOTEL_NR_RECVMMSG 243
#define KOTEL_NR_SENDMMSG 269

static __always_inline void sysregs__read(const struct pt_regs *regs, struct syscall_args *a)
{
	__u64 r[3] = {};

	bpf_probe_read_kernel(&a->nr, sizeof(a->nr), &regs->syscallno);
	bpf_probe_read_kernel(r, sizeof(r), &regs->regs[0]);
	bpf_probe_read_kernel(&a->arg[0], sizeof(a->arg[0]), &regs->orig_x0); /* x0 now holds the return value */
	a->arg[1] = r[1];
	a->arg[2] = r[2];
}

static __always_inline void sysregs__read_btf(struct pt_regs *regs, struct syscall_args *a)
{
	a->nr = regs->syscallno;
	a->arg[0] = regs->orig_x0;
	a->arg[1] = regs->regs[1];
	a->arg[2] = regs->regs[2];
}
#else
#error "kotel: unsupported architecture (add syscall numbers and registers here)"
#endif

#endif
