#pragma once
// The C++ side of the ABI pin: if events.h changes shape, this stops the build.

#include <cstddef>

extern "C" {
#include "kotel/events.h"
}

static_assert(sizeof(kotel_event_header) == 16);
static_assert(offsetof(kotel_event_header, ts_ns) == 8);
static_assert(sizeof(kotel_tuple) == 40);
static_assert(sizeof(kotel_conn_open_event) == 104);
static_assert(offsetof(kotel_conn_open_event, tuple) == 56);
static_assert(sizeof(kotel_conn_close_event) == 56);
static_assert(sizeof(kotel_data_event) == 64);
static_assert(offsetof(kotel_data_event, payload) == 64);
static_assert(sizeof(kotel_sock_state_event) == 80);
static_assert(sizeof(kotel_proc_exec_event) == 304);
static_assert(sizeof(kotel_proc_exit_event) == 32);
static_assert(sizeof(kotel_proc_fork_event) == 32);
static_assert(sizeof(kotel_tcp_signal_event) == 80);
static_assert(offsetof(kotel_tcp_signal_event, tuple) == 40);
static_assert(sizeof(kotel_conn_state) == 56);
static_assert(sizeof(kotel_log_event) == 40);
static_assert(offsetof(kotel_log_event, payload) == 40);
static_assert(offsetof(kotel_log_event, fd) == 36);
static_assert(sizeof(kotel_user_probe_event) == 336);
static_assert(offsetof(kotel_user_probe_event, strs) == 80);
