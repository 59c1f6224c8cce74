#pragma once
// `kotel check`'s hook lines: each hook family loaded and attached for real
// (socket tracepoints, the syscall fallback, sock state, TCP signals, sched,
// the OpenSSL uprobes), then detached. Needs the privileges the agent needs.

#include <vector>

#include "probes/attach_report.h"
#include "probes/host_checks.h"

namespace kotel::probes {

// The outcome of loading the programs with one socket I/O alternative: its
// attach report, or why the load failed as a whole.
struct LoadOutcome {
  bool loaded = false;
  std::string error;  // when !loaded
  std::vector<HookStatus> hooks;
};

// Pure: one line per family from a load with the socket tracepoints and one
// with the syscall fallback (the optional families from whichever loaded).
std::vector<HostCheck> hook_family_checks(const LoadOutcome& socket_load, const LoadOutcome& syscall_load);

// Loads twice, attaches the OpenSSL uprobes to a libssl of this host; never throws.
std::vector<HostCheck> run_hook_checks();

}  // namespace kotel::probes
