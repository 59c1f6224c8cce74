/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Data events: exact byte count of every socket read/write plus a bounded
 * payload prefix copied from the user buffers. */
#ifndef KOTEL_BPF_DATA_H
#define KOTEL_BPF_DATA_H

#include "copy.h"
#include "tls.h"

#define KOTEL_MMSG_WALK 8

/* A socket payload's copy: cap <= KOTEL_PAYLOAD_MAX. */
static __always_inline __u32 data__copy(__u8 *payload, __u32 off, const void *src, __u64 len, __u32 cap)
{
	return copy__user(payload, off, src, len, cap, KOTEL_PAYLOAD_MAX, KOTEL_CNT_READ_FAULT);
}

/* Walks the first iovecs of a vector call, up to `bytes` (the syscall result). */
static __always_inline __u32 data__copy_iov(__u8 *payload, const struct kotel_iovec *iov, __u64 iovcnt,
					    __u64 bytes, __u32 cap)
{
	struct kotel_iovec v;
	__u32 off = 0;

#pragma unroll
	for (int i = 0; i < KOTEL_IOV_MAX; i++) {
		if (i >= iovcnt || off >= bytes || off >= cap)
			break;
		if (bpf_probe_read_user(&v, sizeof(v), &iov[i]))
			break;
		off += data__copy(payload, off, v.base, v.len < bytes - off ? v.len : bytes - off, cap);
	}
	return off;
}

static __always_inline __u32 data__copy_msghdr(__u8 *payload, const struct user_msghdr *msg, __u64 bytes,
					       __u32 cap)
{
	struct user_msghdr m;

	if (bpf_probe_read_user(&m, sizeof(m), msg))
		return 0;
	return data__copy_iov(payload, (const struct kotel_iovec *)m.msg_iov, m.msg_iovlen, bytes, cap);
}

/* Where the payload of this call lives, and how to read it. */
struct data_source {
	__u8 call;       /* enum kotel_data_call */
	__u8 direction;  /* enum kotel_direction */
	__u8 kind;       /* DATA_SRC_* */
	__u8 flags;
	const void *ptr; /* buffer, iovec array, msghdr or mmsghdr array */
	__u64 count;     /* iovcnt for vectors */
};

enum { DATA_SRC_BUF, DATA_SRC_IOV, DATA_SRC_MSG, DATA_SRC_MMSG, DATA_SRC_NONE };

/* mmsg calls return a message count: sum the first messages' lengths. */
static __always_inline __u64 data__mmsg_bytes(const struct mmsghdr *vec, __u64 nmsg, __u8 *flags)
{
	__u64 total = 0;
	__u32 len;

#pragma unroll
	for (int i = 0; i < KOTEL_MMSG_WALK; i++) {
		if (i >= nmsg)
			break;
		if (bpf_probe_read_user(&len, sizeof(len), &vec[i].msg_len))
			break;
		total += len;
	}
	if (nmsg > KOTEL_MMSG_WALK)
		*flags |= KOTEL_DATA_INEXACT;
	return total;
}

/* expect_sock: non-zero when the caller knows the sock (socket hooks); the fd
 * must name it, else the I/O is not attributed to this fd. */
static __always_inline void data__emit(void *ctx, __u32 tgid, __u32 tid, int fd, long ret,
				       struct data_source *src, __u64 expect_sock)
{
	struct conn_open_args how = { .source = KOTEL_OPEN_DISCOVERED, .expect_sock = expect_sock };
	struct kotel_conn_state *st;
	struct data_scratch *s;
	struct kotel_data_event *ev;
	__u8 *payload;
	__u32 cpu = bpf_get_smp_processor_id(), len = 0, cap;
	__u64 bytes = ret;

	if (ret <= 0)
		return;
	/* Ciphertext: flagged so it is not parsed, and not worth copying. */
	if (src->kind != DATA_SRC_MMSG && tls__in_call((__u64)tgid << 32 | tid, fd)) {
		src->flags |= KOTEL_DATA_TLS_CIPHERTEXT;
		src->kind = DATA_SRC_NONE;
	}
	st = conn__lookup(ctx, tgid, tid, fd, &how);
	if (!st)
		return;
	s = bpf_map_lookup_elem(&data_heap, &cpu);
	if (!s)
		return;
	ev = (struct kotel_data_event *)s->raw;
	payload = s->raw + sizeof(*ev);
	if (src->kind == DATA_SRC_MMSG) /* syscall hooks: ret counts messages */
		bytes = data__mmsg_bytes(src->ptr, ret, &src->flags);

	ev->position = __sync_fetch_and_add(src->direction == KOTEL_DIR_EGRESS ? &st->bytes_egress
										 : &st->bytes_ingress,
					      bytes);
	ev->id.pid = tgid;
	ev->id.fd = fd;
	ev->id.gen = st->gen;
	ev->tid = tid;
	ev->direction = src->direction;
	ev->call = src->call;
	ev->bytes = bytes;
	ev->pad = 0;
	ev->pad2 = 0;

	cap = payload_cap;
	if (st->payload_off_epoch != payload_off_epoch) {
		st->payload_off_epoch = payload_off_epoch;
		st->payload_off = bpf_map_lookup_elem(&payload_off, &ev->id.gen) != NULL;
	}
	if (!capture_payload || st->payload_off)
		src->kind = DATA_SRC_NONE;
	if (src->kind == DATA_SRC_BUF)
		len = data__copy(payload, 0, src->ptr, bytes, cap);
	else if (src->kind == DATA_SRC_IOV)
		len = data__copy_iov(payload, src->ptr, src->count, bytes, cap);
	else if (src->kind == DATA_SRC_MSG)
		len = data__copy_msghdr(payload, src->ptr, bytes, cap);
	else if (src->kind == DATA_SRC_MMSG)
		len = data__copy_msghdr(payload, &((const struct mmsghdr *)src->ptr)->msg_hdr, bytes, cap);
	else
		src->flags |= KOTEL_DATA_NO_PAYLOAD;
	if (len < bytes && !(src->flags & KOTEL_DATA_NO_PAYLOAD)) {
		src->flags |= KOTEL_DATA_TRUNCATED;
		counter__inc(KOTEL_CNT_PAYLOAD_TRUNCATED);
	}
	ev->flags = src->flags;
	len &= (2 * KOTEL_PAYLOAD_MAX - 1);
	ev->payload_len = len;
	emit__header(&ev->hdr, KOTEL_EV_DATA, sizeof(*ev) + len);
	emit__output(ctx, s, sizeof(*ev) + len);
}

#endif
