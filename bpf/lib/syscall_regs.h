/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Syscall number and arguments from the user registers saved at syscall entry.
 * At sys_exit they are still intact, so one raw_tp/sys_exit program sees the
 * arguments and the result without a per-syscall stash map (see DESIGN.md). */
#ifndef KOTEL_BPF_SYSCALL_REGS_H
#define KOTEL_BPF_SYSCALL_REGS_H

struct syscall_args {
	__u64 nr;
	__u64 arg[5];
};

#if defined(__TARGET_ARCH_x86)
#define KOTEL_NR_READ 0
#define KOTEL_NR_WRITE 1
#define KOTEL_NR_READV 19
#define KOTEL_NR_WRITEV 20
#define KOTEL_NR_DUP2 33
#define KOTEL_NR_SENDFILE 40
#define KOTEL_NR_CONNECT 42
#define KOTEL_NR_ACCEPT 43
#define KOTEL_NR_SENDTO 44
#define KOTEL_NR_RECVFROM 45
#define KOTEL_NR_SENDMSG 46
#define KOTEL_NR_RECVMSG 47
#define KOTEL_NR_ACCEPT4 288
#define KOTEL_NR_DUP3 292
#define KOTEL_NR_RECVMMSG 299
#define KOTEL_NR_SENDMMSG 307

static __always_inline __u64 sysregs__nr(const struct pt_regs *regs)
{
	__u64 nr = 0;
	bpf_probe_read_kernel(&nr, sizeof(nr), &regs->orig_ax);
	return nr;
}

static __always_inline void sysregs__args(const struct pt_regs *regs, struct syscall_args *a)
{
	struct pt_regs r;
	bpf_probe_read_kernel(&r, sizeof(r), regs); /* one read for all arguments */
	a->arg[0] = r.di;
	a->arg[1] = r.si;
	a->arg[2] = r.dx;
	a->arg[3] = r.r10;
	a->arg[4] = r.r8;
}
#elif defined(__TARGET_ARCH_arm64)
#define KOTEL_NR_DUP2 (-1) /* arm64 has only dup3 */
#define KOTEL_NR_DUP3 24
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

static __always_inline __u64 sysregs__nr(const struct pt_regs *regs)
{
	__u64 nr = 0;
	bpf_probe_read_kernel(&nr, sizeof(nr), &regs->syscallno);
	return nr;
}

static __always_inline void sysregs__args(const struct pt_regs *regs, struct syscall_args *a)
{
	struct pt_regs r;
	bpf_probe_read_kernel(&r, sizeof(r), regs);
	a->arg[0] = r.orig_x0; /* x0 now holds the return value */
	a->arg[1] = r.regs[1];
	a->arg[2] = r.regs[2];
	a->arg[3] = r.regs[3];
	a->arg[4] = r.regs[4];
}
#else
#error "kotel: unsupported architecture (add syscall numbers and registers here)"
#endif

#endif
