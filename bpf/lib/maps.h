/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Maps and load-time knobs shared by every program. __weak: each .bpf.c includes
 * this header and `bpftool gen object` merges the copies into one definition. */
#ifndef KOTEL_BPF_MAPS_H
#define KOTEL_BPF_MAPS_H

/* Load-time configuration (rodata), set by the agent before load. */
const volatile __u32 agent_tgid __weak = 0;         /* never traced: the agent's own traffic */
const volatile __u32 payload_cap __weak = KOTEL_PAYLOAD_DEFAULT;
const volatile __u8 use_ringbuf __weak = 1;          /* 0: perf event array */
const volatile __u32 wakeup_bytes __weak = 128 * 1024; /* ring: wake the reader past this fill */
const volatile __u8 pid_filter __weak = 0;           /* 0 off, 1 only pids marked include, 2 drop pids marked exclude */
const volatile __u8 port_filter __weak = 0;          /* 1: only connections with an include port pass */
const volatile __u8 cgroup_filter __weak = 0;        /* 1: only cgroups marked include pass */
const volatile __u8 capture_payload __weak = 1;

/* Next connection generation: unique for the agent's lifetime. */
__u64 next_gen __weak = 0;
/* Bumped by the agent (through the mmap'd .bss) each time it adds to
 * payload_off: a connection consults that map only when the epoch moved. */
__u32 payload_off_epoch __weak = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1024 * 1024); /* set by the agent */
} events_rb SEC(".maps") __weak;

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events_perf SEC(".maps") __weak;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, KOTEL_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps") __weak;

/* LRU: fds closed without a close() we saw (exec, close_range, exit) age out
 * instead of filling the table; an evicted live entry is rediscovered. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct kotel_conn_key);
	__type(value, struct kotel_conn_state);
} conns SEC(".maps") __weak;

/* Which end opened each TCP socket, learnt from its move to ESTABLISHED
 * (SYN_SENT: active/client, SYN_RECV: passive/server). Key: struct sock *. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u8);
} sock_roles SEC(".maps") __weak;

/* The connection-table entry of each tracked socket, so a TCP CLOSE seen in
 * any context can end its generation. Key: struct sock *. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, struct kotel_conn_key);
} sock_owner SEC(".maps") __weak;

/* Filters: value KOTEL_FILTER_INCLUDE or KOTEL_FILTER_EXCLUDE. */
#define KOTEL_FILTER_INCLUDE 1
#define KOTEL_FILTER_EXCLUDE 2
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u8);
} filter_pids SEC(".maps") __weak;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u16);
	__type(value, __u8);
} filter_ports SEC(".maps") __weak;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u8);
} filter_cgroups SEC(".maps") __weak;

/* Generations whose payload the agent no longer wants (protocol of no interest):
 * byte counts keep flowing, payload copies stop. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u8);
} payload_off SEC(".maps") __weak;

/* Scratch for data events: header + payload room of three times the max, so a
 * masked offset (< MAX) plus a masked length (< 2 MAX) always stays inside: the
 * verifier needs that bound, it cannot see that off + len <= cap. */
struct data_scratch {
	__u8 raw[sizeof(struct kotel_data_event) + 3 * KOTEL_PAYLOAD_MAX]; /* event, then payload */
};
/* One slot per CPU (the agent sets max_entries to the possible CPUs): a plain
 * array, because per-CPU values are capped at 32 KiB. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 512);
	__type(key, __u32);
	__type(value, struct data_scratch);
} data_heap SEC(".maps") __weak;

#endif
