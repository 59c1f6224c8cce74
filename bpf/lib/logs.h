/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Maps and knobs of the stdout/stderr capture (progs/logs.bpf.c). */
#ifndef KOTEL_BPF_LOGS_H
#define KOTEL_BPF_LOGS_H

const volatile __u32 log_payload_cap __weak = KOTEL_LOG_PAYLOAD_DEFAULT; /* <= KOTEL_LOG_PAYLOAD_MAX */

/* --logs-exclude-pid: processes whose output is never captured. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u8);
} logs_exclude_pids SEC(".maps") __weak;

/* Event plus three times the payload room: a masked offset (< MAX) plus a
 * masked length (< 2 MAX) always stays inside (the verifier cannot see that
 * off + len <= cap). */
struct log_scratch {
	__u8 raw[sizeof(struct kotel_log_event) + 3 * KOTEL_LOG_PAYLOAD_MAX];
};
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct log_scratch);
} log_heap SEC(".maps") __weak;

#endif
