/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The in-kernel connection table: {tgid, fd} -> generation, byte positions, role.
 * An entry remembers the struct file its fd named; a different file on a later
 * call means the fd was reused (dup2, close_range, exec...), so a new generation
 * starts and the old one is reported closed. */
#ifndef KOTEL_BPF_CONN_H
#define KOTEL_BPF_CONN_H

/* Reports the end of a generation, once. */
static __always_inline void conn__emit_close(void *ctx, const struct kotel_conn_key *key,
					     struct kotel_conn_state *st, __u32 tid, __u8 reason)
{
	struct kotel_conn_close_event ev = {};

	if (st->muted || st->closed)
		return;
	st->closed = 1;
	emit__header(&ev.hdr, KOTEL_EV_CONN_CLOSE, sizeof(ev));
	ev.id.pid = key->pid;
	ev.id.fd = key->fd;
	ev.id.gen = st->gen;
	ev.tid = tid;
	ev.reason = reason;
	ev.bytes_egress = st->bytes_egress;
	ev.bytes_ingress = st->bytes_ingress;
	emit__output(ctx, &ev, sizeof(ev));
}

struct conn_open_args {
	__u8 role;
	__u8 source;
	__s32 connect_ret;
	__u64 expect_sock; /* non-zero: the fd must name this sock (socket hooks) */
};

/* Role and source of a socket first seen in a read/write, from its handshake. */
static __always_inline void conn__learn_role(__u64 sk, __u8 *role, __u8 *source)
{
	__u8 *r = bpf_map_lookup_elem(&sock_roles, &sk);

	if (!r)
		return;
	*role = *r;
	*source = *r == KOTEL_ROLE_CLIENT ? KOTEL_OPEN_ACTIVE : KOTEL_OPEN_PASSIVE;
}

/* Creates the entry for a TCP socket fd and reports it. NULL when the fd is not
 * a wanted TCP socket. */
static __always_inline struct kotel_conn_state *
conn__create(void *ctx, const struct kotel_conn_key *key, __u32 tid, struct file *file,
	     const struct conn_open_args *how)
{
	struct kotel_conn_open_event ev = {};
	struct kotel_conn_state st = {};
	struct sock *sk = sock__tcp_from_file(file);

	if (!sk)
		return NULL;
	if (how->expect_sock && how->expect_sock != (__u64)sk) {
		counter__inc(KOTEL_CNT_UNATTRIBUTED);
		return NULL;
	}
	emit__header(&ev.hdr, KOTEL_EV_CONN_OPEN, sizeof(ev));
	sock__tuple(sk, &ev.tuple);
	ev.cgroup_id = bpf_get_current_cgroup_id();
	ev.role = how->role;
	ev.source = how->source;
	if (how->source == KOTEL_OPEN_DISCOVERED)
		conn__learn_role((__u64)sk, &ev.role, &ev.source);
	st.gen = __sync_fetch_and_add(&next_gen, 1) + 1;
	st.file = (__u64)file;
	st.sock = (__u64)sk;
	st.role = ev.role;
	st.muted = !filter__conn_ok(&ev.tuple, ev.cgroup_id);
	if (bpf_map_update_elem(&conns, key, &st, BPF_ANY)) {
		counter__inc(KOTEL_CNT_DROP_MAP_FULL);
		return NULL;
	}
	if (st.muted) {
		counter__inc(KOTEL_CNT_CONN_FILTERED);
		return NULL;
	}
	bpf_map_update_elem(&sock_owner, &st.sock, key, BPF_ANY);
	ev.id.pid = key->pid;
	ev.id.fd = key->fd;
	ev.id.gen = st.gen;
	ev.tid = tid;
	ev.sock = st.sock;
	ev.connect_ret = how->connect_ret;
	emit__output(ctx, &ev, sizeof(ev));
	return bpf_map_lookup_elem(&conns, key);
}

/* The live entry of a TCP connection fd, created on first sight. NULL when the
 * fd is no TCP socket or the connection is filtered out. */
static __always_inline struct kotel_conn_state *
conn__lookup(void *ctx, __u32 tgid, __u32 tid, int fd, const struct conn_open_args *how)
{
	struct kotel_conn_key key = { .pid = tgid, .fd = fd };
	struct kotel_conn_state *st = bpf_map_lookup_elem(&conns, &key);
	struct file *file;

	/* Hot path of the socket hooks: the sock the hook reports is the one this
	 * entry was made for. A sock's entry is deleted when it reaches TCP CLOSE,
	 * before its memory can be reused, so the fd table need not be walked. */
	if (st && how->expect_sock && st->sock == how->expect_sock)
		return st->muted ? NULL : st;
	file = sock__fd_file(fd);
	if (!file)
		return NULL;
	if (st) {
		/* Same file (and sock, when the hook knows it): the same connection.
		 * A repeated connect() that reports completion returns 0 too. The sock
		 * check catches a closed fd whose struct file address was reused by the
		 * next socket while the old sock still lingers (FIN_WAIT, TIME_WAIT). */
		if (st->file == (__u64)file && (!how->expect_sock || st->sock == how->expect_sock))
			return st->muted ? NULL : st;
		/* Another file or sock behind the same fd: the old generation has ended. */
		conn__emit_close(ctx, &key, st, tid, KOTEL_CLOSE_FD_REUSED);
		bpf_map_delete_elem(&conns, &key);
	}
	return conn__create(ctx, &key, tid, file, how);
}

/* The socket reached TCP CLOSE: end the generation that owns it. The entry
 * goes too: once freed, the file and sock addresses may come back for the next
 * socket on the same fd, and only a missing entry cannot be mistaken for it. */
static __always_inline void conn__close_sock(void *ctx, __u64 sk)
{
	struct kotel_conn_key *key = bpf_map_lookup_elem(&sock_owner, &sk);
	struct kotel_conn_key k;
	struct kotel_conn_state *st;

	if (!key)
		return;
	k = *key;
	bpf_map_delete_elem(&sock_owner, &sk);
	st = bpf_map_lookup_elem(&conns, &k);
	if (st && st->sock == sk) {
		conn__emit_close(ctx, &k, st, (__u32)bpf_get_current_pid_tgid(), KOTEL_CLOSE_TCP);
		bpf_map_delete_elem(&conns, &k);
	}
}

/* close(fd) returned (syscall hooks). */
static __always_inline void conn__close_fd(void *ctx, __u32 tgid, __u32 tid, int fd)
{
	struct kotel_conn_key key = { .pid = tgid, .fd = fd };
	struct kotel_conn_state *st = bpf_map_lookup_elem(&conns, &key);

	if (!st)
		return;
	counter__inc(KOTEL_CNT_CLOSE_HITS);
	conn__emit_close(ctx, &key, st, tid, KOTEL_CLOSE_SYSCALL);
	bpf_map_delete_elem(&sock_owner, &st->sock);
	bpf_map_delete_elem(&conns, &key);
}

#endif
