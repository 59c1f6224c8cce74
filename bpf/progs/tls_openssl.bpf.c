// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* OpenSSL plaintext: SSL_read/SSL_write(_ex) entry stashes the call, the socket
 * hooks note which fd it touched, the return emits the plaintext as a data
 * event on that connection with its own (plaintext) byte positions. Attached by
 * the agent per library file (agent/probes/tls), never by the skeleton. */
#include "common.h"
#include "data.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

static __always_inline bool tls__wanted(__u32 tgid)
{
	return filter__pid_ok(tgid) && !bpf_map_lookup_elem(&tls_exclude_pids, &tgid);
}

static __always_inline int tls__enter(void *ssl, const void *buf, void *out, __u8 direction)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct tls_call c = { .ssl = (__u64)ssl, .buf = (__u64)buf, .out = (__u64)out, .fd = -1, .direction = direction };

	if (!tls__wanted(pid_tgid >> 32))
		return 0;
	counter__inc(KOTEL_CNT_TLS_CALLS);
	bpf_map_update_elem(&tls_calls, &pid_tgid, &c, BPF_ANY);
	return 0;
}

/* The fd of the call: the socket it touched, else the one its SSL used before. */
static __always_inline int tls__fd(__u32 tgid, const struct tls_call *c)
{
	struct tls_ssl_key k = { .tgid = tgid, .ssl = c->ssl };
	__s32 *fd;

	if (c->fd >= 0) {
		bpf_map_update_elem(&tls_ssl_fds, &k, &c->fd, BPF_ANY);
		return c->fd;
	}
	fd = bpf_map_lookup_elem(&tls_ssl_fds, &k);
	return fd ? *fd : -1;
}

/* Bytes moved by the call: the int return, or *out for the _ex calls. */
static __always_inline __u64 tls__bytes(struct pt_regs *ctx, const struct tls_call *c)
{
	int ret = (int)PT_REGS_RC(ctx); /* an int: the upper half of the register is not its sign */
	__u64 n = 0;

	if (!c->out)
		return ret > 0 ? ret : 0;
	if (ret != 1)
		return 0;
	if (bpf_probe_read_user(&n, sizeof(n), (void *)c->out)) {
		counter__inc(KOTEL_CNT_READ_FAULT);
		return 0;
	}
	return n;
}

static __always_inline __u64 *tls__position(__u64 gen, __u8 direction)
{
	struct tls_positions zero = {}, *p = bpf_map_lookup_elem(&tls_positions, &gen);

	if (!p) {
		bpf_map_update_elem(&tls_positions, &gen, &zero, BPF_NOEXIST);
		p = bpf_map_lookup_elem(&tls_positions, &gen);
		if (!p)
			return NULL;
	}
	return &p->pos[direction == KOTEL_DIR_EGRESS ? 0 : 1];
}

static __always_inline int tls__return(struct pt_regs *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid(), bytes, *pos;
	__u32 tgid = pid_tgid >> 32, cpu = bpf_get_smp_processor_id(), len = 0;
	struct kotel_conn_key key = { .pid = tgid };
	struct kotel_conn_state *st;
	struct data_scratch *s;
	struct kotel_data_event *ev;
	struct tls_call c, *stash = bpf_map_lookup_elem(&tls_calls, &pid_tgid);
	__u8 flags = KOTEL_DATA_TLS_PLAINTEXT;

	if (!stash) {
		if (tls__wanted(tgid))
			counter__inc(KOTEL_CNT_TLS_NO_STASH);
		return 0;
	}
	c = *stash;
	bpf_map_delete_elem(&tls_calls, &pid_tgid);
	bytes = tls__bytes(ctx, &c);
	if (!bytes)
		return 0; /* error, want-read/write, or closed: no plaintext moved */
	key.fd = tls__fd(tgid, &c);
	if (key.fd < 0) {
		counter__inc(KOTEL_CNT_TLS_NO_FD);
		return 0;
	}
	st = bpf_map_lookup_elem(&conns, &key);
	if (!st || st->muted || st->closed) {
		counter__inc(KOTEL_CNT_TLS_NO_CONN);
		return 0;
	}
	pos = tls__position(st->gen, c.direction);
	s = bpf_map_lookup_elem(&data_heap, &cpu);
	if (!pos || !s) {
		counter__inc(KOTEL_CNT_DROP_MAP_FULL);
		return 0;
	}
	ev = (struct kotel_data_event *)s->raw;
	ev->position = __sync_fetch_and_add(pos, bytes);
	ev->id.pid = tgid;
	ev->id.fd = key.fd;
	ev->id.gen = st->gen;
	ev->tid = (__u32)pid_tgid;
	ev->direction = c.direction;
	ev->call = c.direction == KOTEL_DIR_EGRESS ? KOTEL_CALL_SSL_WRITE : KOTEL_CALL_SSL_READ;
	ev->bytes = bytes;
	ev->pad = 0;
	ev->pad2 = 0;
	/* The plaintext is the point: the connection's payload_off (set when its
	 * ciphertext looked like no known protocol) does not apply. */
	if (capture_payload)
		len = data__copy(s->raw + sizeof(*ev), 0, (const void *)c.buf, bytes, payload_cap);
	else
		flags |= KOTEL_DATA_NO_PAYLOAD;
	if (capture_payload && len < bytes) {
		flags |= KOTEL_DATA_TRUNCATED;
		counter__inc(KOTEL_CNT_PAYLOAD_TRUNCATED);
	}
	ev->flags = flags;
	len &= (2 * KOTEL_PAYLOAD_MAX - 1);
	ev->payload_len = len;
	emit__header(&ev->hdr, KOTEL_EV_DATA, sizeof(*ev) + len);
	emit__output(ctx, s, sizeof(*ev) + len);
	return 0;
}

/* BPF_KPROBE: libbpf 1.1 has no BPF_UPROBE; a uprobe reads the same argument registers. */
SEC("uprobe")
int BPF_KPROBE(kotel_ssl_wr, void *ssl, const void *buf, int num)
{
	return tls__enter(ssl, buf, NULL, KOTEL_DIR_EGRESS);
}

SEC("uprobe")
int BPF_KPROBE(kotel_ssl_rd, void *ssl, void *buf, int num)
{
	return tls__enter(ssl, buf, NULL, KOTEL_DIR_INGRESS);
}

SEC("uprobe")
int BPF_KPROBE(kotel_ssl_wr_ex, void *ssl, const void *buf, __u64 num, __u64 *written)
{
	return tls__enter(ssl, buf, written, KOTEL_DIR_EGRESS);
}

SEC("uprobe")
int BPF_KPROBE(kotel_ssl_rd_ex, void *ssl, void *buf, __u64 num, __u64 *readbytes)
{
	return tls__enter(ssl, buf, readbytes, KOTEL_DIR_INGRESS);
}

SEC("uretprobe")
int BPF_KRETPROBE(kotel_ssl_exit)
{
	return tls__return(ctx);
}
