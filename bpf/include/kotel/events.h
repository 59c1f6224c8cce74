/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * THE kernel/user ABI of kotel: every record that crosses the boundary, every
 * counter index and every map key/value shared by both sides.
 *
 * Rules: fixed-width types, explicit padding, enum values never renumbered
 * (append only), sizes pinned by _Static_assert here and by static_assert in
 * agent/ingest/abi_checks.h. Both the BPF programs (with vmlinux.h) and the C++
 * agent (with <linux/types.h>) include this file.
 */
#ifndef KOTEL_EVENTS_H
#define KOTEL_EVENTS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define KOTEL_ABI_VERSION 1

#ifdef __cplusplus
#define KOTEL_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define KOTEL_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

/* Largest payload prefix one data event can carry. Power of two: the BPF side
 * masks lengths with (KOTEL_PAYLOAD_MAX - 1) so the verifier sees a bound. */
#define KOTEL_PAYLOAD_MAX 16384
#define KOTEL_PAYLOAD_DEFAULT 4096
/* Vector calls (readv, writev, sendmsg, recvmsg): iovecs walked for payload. */
#define KOTEL_IOV_MAX 4
#define KOTEL_COMM_LEN 16
#define KOTEL_PATH_LEN 256
/* Largest prefix of one write to stdout/stderr a log event carries (power of
 * two: masked like KOTEL_PAYLOAD_MAX). Longer writes are cut and flagged. */
#define KOTEL_LOG_PAYLOAD_MAX 4096
#define KOTEL_LOG_PAYLOAD_DEFAULT 2048

enum kotel_event_type {
	KOTEL_EV_CONN_OPEN = 1,
	KOTEL_EV_CONN_CLOSE = 2,
	KOTEL_EV_DATA = 3,
	KOTEL_EV_SOCK_STATE = 4,
	KOTEL_EV_PROC_EXEC = 5,
	KOTEL_EV_PROC_EXIT = 6,
	KOTEL_EV_PROC_FORK = 7,
	KOTEL_EV_TCP_SIGNAL = 8,
	KOTEL_EV_LOG_WRITE = 9,
	KOTEL_EV_USER_PROBE = 10,
};

enum kotel_role {
	KOTEL_ROLE_UNKNOWN = 0,
	KOTEL_ROLE_CLIENT = 1, /* this process called connect() */
	KOTEL_ROLE_SERVER = 2, /* this process accepted it */
};

/* How the kernel side learnt about a connection. */
enum kotel_open_source {
	KOTEL_OPEN_CONNECT = 1,    /* connect() seen (syscall hooks) */
	KOTEL_OPEN_ACCEPT = 2,     /* accept() seen (syscall hooks) */
	KOTEL_OPEN_DISCOVERED = 3, /* first seen in a read/write: existed before the agent, or its open was missed */
	KOTEL_OPEN_ACTIVE = 4,     /* first read/write of a socket the kernel saw go SYN_SENT -> ESTABLISHED */
	KOTEL_OPEN_PASSIVE = 5,    /* first read/write of a socket the kernel saw go SYN_RECV -> ESTABLISHED */
};

enum kotel_close_reason {
	KOTEL_CLOSE_SYSCALL = 1,   /* close(fd) (syscall hooks) */
	KOTEL_CLOSE_FD_REUSED = 2, /* the fd now names another file (dup2, close_range, exec...) */
	KOTEL_CLOSE_TCP = 3,       /* the socket reached TCP CLOSE (socket hooks) */
};

enum kotel_direction {
	KOTEL_DIR_EGRESS = 1,  /* written by the process */
	KOTEL_DIR_INGRESS = 2, /* read by the process */
};

/* Syscall that produced a data event (stable ids, not syscall numbers). */
enum kotel_data_call {
	KOTEL_CALL_READ = 1,
	KOTEL_CALL_WRITE = 2,
	KOTEL_CALL_READV = 3,
	KOTEL_CALL_WRITEV = 4,
	KOTEL_CALL_SENDTO = 5,
	KOTEL_CALL_RECVFROM = 6,
	KOTEL_CALL_SENDMSG = 7,
	KOTEL_CALL_RECVMSG = 8,
	KOTEL_CALL_SENDFILE = 9,
	KOTEL_CALL_SENDMMSG = 10,
	KOTEL_CALL_RECVMMSG = 11,
	KOTEL_CALL_SSL_READ = 12,  /* plaintext returned by SSL_read / SSL_read_ex (uprobe) */
	KOTEL_CALL_SSL_WRITE = 13, /* plaintext passed to SSL_write / SSL_write_ex (uprobe) */
};

enum kotel_data_flags {
	KOTEL_DATA_TRUNCATED = 1 << 0,   /* payload shorter than bytes: prefix only */
	KOTEL_DATA_NO_PAYLOAD = 1 << 1,  /* payload not captured (sendfile, muted connection, disabled) */
	KOTEL_DATA_INEXACT = 1 << 2,     /* byte count could not be made exact (mmsg beyond the walked messages) */
	KOTEL_DATA_TLS_CIPHERTEXT = 1 << 3, /* socket I/O made inside an SSL call: not the application's bytes */
	KOTEL_DATA_TLS_PLAINTEXT = 1 << 4,  /* an SSL call's plaintext; position counts plaintext bytes */
};

/* Index into the per-CPU `counters` array. Hits and drops side by side. */
enum kotel_counter {
	KOTEL_CNT_SYS_EXIT_HITS = 0,    /* raw_tp/sys_exit runs for a watched syscall */
	KOTEL_CNT_CLOSE_HITS = 1,
	KOTEL_CNT_SOCK_STATE_HITS = 2,
	KOTEL_CNT_SCHED_HITS = 3,
	KOTEL_CNT_EVENTS_SENT = 4,
	KOTEL_CNT_DROP_RING_FULL = 5,   /* ring/perf buffer had no room: event lost */
	KOTEL_CNT_PAYLOAD_TRUNCATED = 6, /* payload cut at the configured prefix (bytes stay exact) */
	KOTEL_CNT_DROP_MISSING_STASH = 7, /* reserved: the log exits find no stash for every write they do not watch: not a loss, not counted */
	KOTEL_CNT_DROP_MAP_FULL = 8,    /* connection table update failed */
	KOTEL_CNT_READ_FAULT = 9,       /* payload copy from user memory failed */
	KOTEL_CNT_CONN_FILTERED = 10,   /* connection ignored by port/cgroup filters */
	KOTEL_CNT_SOCK_IO_HITS = 11,    /* sock_send_length / sock_recv_length runs */
	KOTEL_CNT_UNATTRIBUTED = 12,    /* socket I/O not from a known syscall on its fd (io_uring, kernel sockets) */
	KOTEL_CNT_TCP_SIGNAL_HITS = 13, /* tcp retransmit / reset tracepoint runs */
	/* TLS uprobes (14 and 15 left free for the socket side). */
	KOTEL_CNT_TLS_CALLS = 16,       /* SSL_read/SSL_write(_ex) entries of traced processes */
	KOTEL_CNT_TLS_NO_STASH = 17,    /* SSL call returned without its entry record: plaintext lost */
	KOTEL_CNT_TLS_NO_FD = 18,       /* SSL call whose socket was never seen: plaintext lost */
	KOTEL_CNT_TLS_NO_CONN = 19,     /* its fd is no tracked connection (filtered, evicted): plaintext lost */
	/* Writes to stdout/stderr (logs). */
	KOTEL_CNT_LOG_WRITES = 20,      /* write/writev to fd 1 or 2 of a watched process, captured */
	KOTEL_CNT_LOG_TRUNCATED = 21,   /* such a write longer than the log prefix: cut, flagged */
	KOTEL_CNT_LOG_DROP_RING_FULL = 22, /* such a write lost: no room in the ring (also in DROP_RING_FULL) */
	KOTEL_CNT_LOG_READ_FAULT = 23,  /* its bytes could not be read from user memory: lost */
	KOTEL_CNT_LOG_WRITE_FAILED = 24, /* such a write returned an error (EAGAIN, EPIPE...): nothing written, nothing kept */
	KOTEL_CNT_MAX = 25,
};

struct kotel_event_header {
	__u16 type;  /* enum kotel_event_type */
	__u16 size;  /* bytes of this record including the header and payload */
	__u32 cpu;
	__u64 ts_ns; /* CLOCK_MONOTONIC (bpf_ktime_get_ns) */
};

/* IPv4 is stored v4-mapped (::ffff:a.b.c.d) so one shape serves both families. */
struct kotel_tuple {
	__u8 saddr[16]; /* local */
	__u8 daddr[16]; /* remote */
	__u16 sport;    /* local port, host order */
	__u16 dport;    /* remote port, host order */
	__u16 family;   /* AF_INET or AF_INET6 as the socket was created */
	__u16 pad;
};

struct kotel_conn_id {
	__u32 pid;  /* tgid */
	__s32 fd;
	__u64 gen;  /* unique per connection for the agent's lifetime */
};

struct kotel_conn_open_event {
	struct kotel_event_header hdr;
	struct kotel_conn_id id;
	__u32 tid;
	__u8 role;   /* enum kotel_role */
	__u8 source; /* enum kotel_open_source */
	__u16 pad;
	__u64 sock;  /* kernel socket address, an opaque key that joins sock-state events */
	__u64 cgroup_id;
	struct kotel_tuple tuple;
	__s32 connect_ret; /* connect(): 0 or -EINPROGRESS */
	__u32 pad2;
};

struct kotel_conn_close_event {
	struct kotel_event_header hdr;
	struct kotel_conn_id id;
	__u32 tid;
	__u8 reason; /* enum kotel_close_reason */
	__u8 pad[3];
	__u64 bytes_egress;
	__u64 bytes_ingress;
};

struct kotel_data_event {
	struct kotel_event_header hdr;
	struct kotel_conn_id id;
	__u32 tid;
	__u8 direction; /* enum kotel_direction */
	__u8 call;      /* enum kotel_data_call */
	__u8 flags;     /* enum kotel_data_flags */
	__u8 pad;
	__u64 position; /* bytes already moved in this direction before this call */
	__u64 bytes;    /* bytes moved by this call (the syscall's return value) */
	__u32 payload_len; /* bytes of payload[] that follow */
	__u32 pad2;
	__u8 payload[]; /* first payload_len bytes of the data */
};

struct kotel_sock_state_event {
	struct kotel_event_header hdr;
	__u64 sock;
	__s32 old_state; /* TCP_* */
	__s32 new_state;
	__u32 pid; /* current task, 0 in softirq context: not always the socket's owner */
	__u32 srtt_us; /* smoothed RTT (tcp_sock srtt_us >> 3) at CLOSE, 0 if none or another state */
	struct kotel_tuple tuple;
};

/* Rare TCP events worth a metric: a retransmitted segment, a reset sent or
 * received. Mostly in softirq context: pid is the socket's owner when kotel
 * tracks it (sock_owner), else 0. */
enum kotel_tcp_signal {
	KOTEL_TCP_RETRANSMIT = 1,
	KOTEL_TCP_RESET_SENT = 2,
	KOTEL_TCP_RESET_RECEIVED = 3,
};

struct kotel_tcp_signal_event {
	struct kotel_event_header hdr;
	__u64 sock;
	__u32 kind;  /* kotel_tcp_signal */
	__s32 state; /* TCP_* of the socket at the time */
	__u32 pid;
	__u32 pad;
	struct kotel_tuple tuple;
};

struct kotel_proc_exec_event {
	struct kotel_event_header hdr;
	__u32 pid;
	__u32 ppid;
	__u64 cgroup_id;
	char comm[KOTEL_COMM_LEN];
	char filename[KOTEL_PATH_LEN];
};

#define KOTEL_EXIT_OOM_KILLED 1 /* the OOM killer chose it (signal->oom_mm set) */

struct kotel_proc_exit_event {
	struct kotel_event_header hdr;
	__u32 pid;
	__s32 exit_code; /* wait status: (code << 8) | signal */
	__u32 flags;     /* KOTEL_EXIT_* */
	__u32 reserved;
};

struct kotel_proc_fork_event {
	struct kotel_event_header hdr;
	__u32 parent_pid; /* tgid of the parent */
	__u32 parent_tid;
	__u32 child_pid;  /* tgid of the child (== parent_pid for a new thread) */
	__u32 child_tid;
};

enum kotel_log_flags {
	KOTEL_LOG_TRUNCATED = 1 << 0, /* payload is a prefix of the bytes written */
};

/* A write(2)/writev(2) to fd 1 or 2 that wrote something, captured at its
 * exit: what it wrote (a short write: only that part; a failed one: none). */
struct kotel_log_event {
	struct kotel_event_header hdr;
	__u32 pid;
	__u32 tid;
	__u64 bytes;       /* bytes the call wrote (its return value) */
	__u32 payload_len; /* bytes of payload[] that follow */
	__u8 fd;           /* 1 or 2 */
	__u8 call;         /* KOTEL_CALL_WRITE or KOTEL_CALL_WRITEV */
	__u8 flags;        /* enum kotel_log_flags */
	__u8 pad;
	__u8 payload[];
};

/* User-declared probes (config `probes:`): a function's entry and return
 * (uprobe + uretprobe) or a USDT point, with up to KOTEL_USER_ARGS arguments
 * read by position. The attach cookie is the probe's index. */
#define KOTEL_USER_PROBES_MAX 64
#define KOTEL_USER_ARGS 4
#define KOTEL_USER_STR_LEN 64

enum kotel_user_arg_type {
	KOTEL_ARG_NONE = 0,
	KOTEL_ARG_INT = 1, /* the register's 64 bits, signed */
	KOTEL_ARG_STR = 2, /* a NUL-terminated user string, first KOTEL_USER_STR_LEN - 1 bytes */
};

/* Map `user_probe_specs`, index = probe. */
struct kotel_user_probe_spec {
	__u8 arg_index[KOTEL_USER_ARGS]; /* 0..5: argument position (uprobe), 0..11 (USDT) */
	__u8 arg_type[KOTEL_USER_ARGS];  /* enum kotel_user_arg_type */
	__u32 max_per_s;                 /* calls kept per second; 0: no limit */
	__u32 pad;
};

/* Map `user_probe_stats`, index = probe: updated atomically by every CPU. */
struct kotel_user_probe_stats {
	__u64 hits;         /* calls seen (traced processes) */
	__u64 rate_dropped; /* calls over max_per_s: not captured */
	__u64 nested;       /* a call entered again before it returned (recursion): the outer call is not captured */
	__u64 read_faults;  /* string arguments that could not be read (left empty) */
	__u64 window_s;     /* rate limit: the current second and the calls kept in it */
	__u64 window_count;
};

struct kotel_user_probe_event {
	struct kotel_event_header hdr; /* ts_ns: the return (a USDT point: the point) */
	__u32 pid;
	__u32 tid;
	__u64 start_ns;                /* the entry (a USDT point: == hdr.ts_ns) */
	__u32 probe;                   /* index into the configured probes */
	__u32 pad;
	__s64 ret;                     /* the return register (uprobes) */
	__s64 ints[KOTEL_USER_ARGS];
	char strs[KOTEL_USER_ARGS][KOTEL_USER_STR_LEN];
};

/* Connection table value (BPF map `conns`, key struct kotel_conn_key). */
struct kotel_conn_key {
	__u32 pid;
	__s32 fd;
};

struct kotel_conn_state {
	__u64 gen;
	__u64 file;  /* struct file * the fd named when the entry was made: detects fd reuse */
	__u64 sock;
	__u64 bytes_egress;
	__u64 bytes_ingress;
	__u8 role;
	__u8 muted;    /* port/cgroup filter said no: no events at all */
	__u8 closed;   /* close event sent (guards against a second one) */
	__u8 payload_off; /* the agent wants no more payload from this connection */
	__u8 pad[4];
	__u32 payload_off_epoch; /* payload_off_epoch when payload_off was last looked up */
	__u32 pad2;
};

KOTEL_STATIC_ASSERT(sizeof(struct kotel_event_header) == 16, "ABI: header");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_tuple) == 40, "ABI: tuple");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_conn_id) == 16, "ABI: conn id");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_conn_open_event) == 104, "ABI: conn open");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_conn_close_event) == 56, "ABI: conn close");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_data_event) == 64, "ABI: data");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_sock_state_event) == 80, "ABI: sock state");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_proc_exec_event) == 304, "ABI: exec");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_tcp_signal_event) == 80, "ABI: tcp signal");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_proc_exit_event) == 32, "ABI: exit");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_proc_fork_event) == 32, "ABI: fork");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_user_probe_event) == 336, "ABI: user probe");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_user_probe_spec) == 16, "ABI: user probe spec");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_conn_state) == 56, "ABI: conn state");
KOTEL_STATIC_ASSERT(sizeof(struct kotel_log_event) == 40, "ABI: log write");

#endif /* KOTEL_EVENTS_H */
