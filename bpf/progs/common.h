/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Includes every program file starts with, in dependency order. */
#ifndef KOTEL_BPF_COMMON_H
#define KOTEL_BPF_COMMON_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>

#include "kotel/events.h"
#include "maps.h"
#include "counters.h"
#include "emit.h"
#include "filter.h"
#include "sock.h"
#include "conn.h"

#endif
