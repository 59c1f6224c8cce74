#pragma once
// What the host must offer before any BPF is loaded, each with a clear error:
// privileges, BTF, tracefs (mounted here if it is not), cgroup v2, ring buffer
// support, BPF run-time statistics.

#include <string>
#include <vector>
#include "core/result.h"

namespace kotel::probes {

// kFail: kotel cannot run (or cannot do what was asked); kWarn: it runs with
// a feature less; kSkip: not checked, and why.
enum class CheckState { kPass, kWarn, kFail, kSkip };

struct HostCheck {
  std::string name;
  CheckState state = CheckState::kFail;
  std::string detail;  // what was found, or what to do
  bool failed() const { return state == CheckState::kFail; }
};

const char* to_string(CheckState s);  // ok | warn | FAIL | skip

// The capabilities kotel uses, as capget reports them for this process.
struct Privileges {
  bool root = false;  // effective uid 0
  bool bpf = false, perfmon = false, sys_ptrace = false, dac_read_search = false, sys_admin = false;
};
Privileges current_privileges();
// Pure: what the privilege line says for `p`.
HostCheck privileges_check(const Privileges& p);

// Throws core::FatalError on the first requirement that fails.
void require_host_ready();
// Every check that needs no BPF program, for a report (kotel check); never throws.
std::vector<HostCheck> run_host_checks();
bool kernel_has_ringbuf();
// CAP_SYS_ADMIN in the effective set (root has it).
bool has_cap_sys_admin();
// Mounts tracefs at /sys/kernel/tracing when no tracefs is visible. Empty on
// success, else the reason.
core::Result<void> ensure_tracefs();

}  // namespace kotel::probes
