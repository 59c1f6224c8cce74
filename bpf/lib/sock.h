/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* fd -> struct file -> struct socket -> struct sock, with CO-RE reads. */
#ifndef KOTEL_BPF_SOCK_H
#define KOTEL_BPF_SOCK_H

#define KOTEL_AF_INET 2
#define KOTEL_AF_INET6 10
#define KOTEL_S_IFMT 00170000
#define KOTEL_S_IFSOCK 0140000
#define KOTEL_SOCK_STREAM 1
#define KOTEL_IPPROTO_TCP 6

/* The struct file the current task's fd names, or NULL. Hot path (every
 * socket read/write): the task pointer is a BTF pointer, so the walk to the fd
 * table is plain loads (CO-RE relocated, fault-safe) instead of helper calls;
 * only the variable-index slot needs bpf_probe_read_kernel. */
static __always_inline struct file *sock__fd_file(int fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fdtable *fdt = task->files->fdt;
	struct file *file = NULL;

	if (fd < 0 || (unsigned int)fd >= fdt->max_fds)
		return NULL;
	bpf_probe_read_kernel(&file, sizeof(file), &fdt->fd[fd]);
	return file;
}

/* The TCP sock behind a file, or NULL when the file is not an inet TCP socket. */
static __always_inline struct sock *sock__tcp_from_file(struct file *file)
{
	umode_t mode = BPF_CORE_READ(file, f_inode, i_mode);
	struct socket *socket;
	struct sock *sk;
	__u16 family, protocol;

	if ((mode & KOTEL_S_IFMT) != KOTEL_S_IFSOCK)
		return NULL;
	socket = BPF_CORE_READ(file, private_data);
	if (!socket || BPF_CORE_READ(socket, type) != KOTEL_SOCK_STREAM)
		return NULL;
	sk = BPF_CORE_READ(socket, sk);
	if (!sk)
		return NULL;
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != KOTEL_AF_INET && family != KOTEL_AF_INET6)
		return NULL;
	protocol = BPF_CORE_READ(sk, sk_protocol);
	if (protocol != KOTEL_IPPROTO_TCP)
		return NULL;
	return sk;
}

static __always_inline void sock__map_v4(__u8 out[16], __u32 addr)
{
	__builtin_memset(out, 0, 10);
	out[10] = 0xff;
	out[11] = 0xff;
	__builtin_memcpy(out + 12, &addr, 4);
}

/* Local and remote address of a sock, IPv4 stored v4-mapped. */
static __always_inline void sock__tuple(struct sock *sk, struct kotel_tuple *t)
{
	t->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	t->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	t->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	t->pad = 0;
	if (t->family == KOTEL_AF_INET) {
		sock__map_v4(t->saddr, BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr));
		sock__map_v4(t->daddr, BPF_CORE_READ(sk, __sk_common.skc_daddr));
	} else {
		BPF_CORE_READ_INTO(&t->saddr, sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8);
		BPF_CORE_READ_INTO(&t->daddr, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	}
}

#endif
