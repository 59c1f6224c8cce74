#pragma once
// What the host must offer before any BPF is loaded, each with a clear error:
// privileges, BTF, tracefs (mounted here if it is not), ring buffer support.

#include <string>
#include <vector>

namespace kotel::probes {

struct HostCheck {
  std::string name;
  bool ok = false;
  std::string detail;  // what was found, or what to do
};

// Throws core::FatalError on the first requirement that fails.
void require_host_ready();
// Every check, for a report (kotel check); never throws.
std::vector<HostCheck> run_host_checks();
bool kernel_has_ringbuf();
// CAP_SYS_ADMIN in the effective set (root has it).
bool has_cap_sys_admin();
// Mounts tracefs at /sys/kernel/tracing when no tracefs is visible. Empty on
// success, else the reason.
std::string ensure_tracefs();

}  // namespace kotel::probes
