/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* TLS state shared by the OpenSSL uprobes and the socket hooks: an SSL call in
 * flight on a thread, which socket each SSL object was last seen using, and
 * the plaintext byte positions of each connection. */
#ifndef KOTEL_BPF_TLS_H
#define KOTEL_BPF_TLS_H

const volatile __u8 tls_capture __weak = 0; /* set by the agent when TLS capture is on */

/* An SSL_read/SSL_write(_ex) between entry and return, keyed by pid_tgid. */
struct tls_call {
	__u64 ssl;
	__u64 buf;
	__u64 out;      /* size_t * of the _ex calls, 0 for the int-returning ones */
	__s32 fd;       /* socket the call read or wrote, -1 until seen */
	__u8 direction; /* enum kotel_direction */
	__u8 pad[3];
};

struct tls_ssl_key {
	__u32 tgid;
	__u32 pad;
	__u64 ssl;
};

struct tls_positions {
	__u64 pos[2]; /* plaintext bytes so far: [0] egress, [1] ingress */
};

/* LRU: a thread killed inside an SSL call leaves its entry behind. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct tls_call);
} tls_calls SEC(".maps") __weak;

/* SSL_read may return buffered plaintext without touching the socket: the fd
 * learnt on an earlier call of the same SSL object serves then. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct tls_ssl_key);
	__type(value, __s32);
} tls_ssl_fds SEC(".maps") __weak;

/* Key: connection generation. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, struct tls_positions);
} tls_positions SEC(".maps") __weak;

/* Processes whose TLS plaintext is not wanted (--tls-exclude-pid). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u8);
} tls_exclude_pids SEC(".maps") __weak;

/* Socket hooks: true when this I/O happens inside an SSL call (ciphertext).
 * Remembers the fd for the call's return. */
static __always_inline bool tls__in_call(__u64 pid_tgid, int fd)
{
	struct tls_call *c;

	if (!tls_capture)
		return false;
	c = bpf_map_lookup_elem(&tls_calls, &pid_tgid);
	if (!c)
		return false;
	c->fd = fd;
	return true;
}

#endif
