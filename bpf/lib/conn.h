/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The in-kernel connection table: {tgid, fd} -> generation, byte positions, role.
 * An entry remembers the struct file its fd named; a different file on a later
 * call means the fd was reused (dup2, close_range, exec...), so a new generation
 * starts and the old one is reported closed. */
#ifndef KOTEL_BPF_CONN_H
#define KOTEL_BPF_CONN_H

static __always_inline void conn__emit_close(void *ctx, const struct kotel_conn_key *key,
					     const struct kotel_conn_state *st, __u32 tid, __u8 reason)
{
	struct kotel_conn_close_event ev = {};

	if (st->muted)
		return;
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
};

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
	emit__header(&ev.hdr, KOTEL_EV_CONN_OPEN, sizeof(ev));
	sock__tuple(sk, &ev.tuple);
	ev.cgroup_id = bpf_get_current_cgroup_id();
	st.gen = __sync_fetch_and_add(&next_gen, 1) + 1;
	st.file = (__u64)file;
	st.sock = (__u64)sk;
	st.role = how->role;
	st.muted = !filter__conn_ok(&ev.tuple, ev.cgroup_id);
	if (bpf_map_update_elem(&conns, key, &st, BPF_ANY)) {
		counter__inc(KOTEL_CNT_DROP_MAP_FULL);
		return NULL;
	}
	if (st.muted) {
		counter__inc(KOTEL_CNT_CONN_FILTERED);
		return NULL;
	}
	ev.id.pid = key->pid;
	ev.id.fd = key->fd;
	ev.id.gen = st.gen;
	ev.tid = tid;
	ev.role = how->role;
	ev.source = how->source;
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
	struct file *file = sock__fd_file(fd);
	struct kotel_conn_state *st;

	if (!file)
		return NULL;
	st = bpf_map_lookup_elem(&conns, &key);
	if (st) {
		/* Same file: the same connection (a repeated connect() that reports
		 * completion returns 0 too). */
		if (st->file == (__u64)file)
			return st->muted ? NULL : st;
		/* Another file behind the same fd: the old generation has ended. */
		conn__emit_close(ctx, &key, st, tid, KOTEL_CLOSE_FD_REUSED);
		bpf_map_delete_elem(&conns, &key);
	}
	return conn__create(ctx, &key, tid, file, how);
}

#endif
