#include "probes/host_checks.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/fatal_error.h"
#include "discovery/cgroup.h"

namespace kotel::probes {
namespace {

constexpr int kCapDacReadSearch = 2;
constexpr int kCapSysPtrace = 19;
constexpr int kCapSysAdmin = 21;
constexpr int kCapPerfmon = 38;
constexpr int kCapBpf = 39;

bool has_cap(int cap) {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capget, &hdr, data) != 0) return false;
  return data[cap / 32].effective & (1u << (cap % 32));
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

constexpr const char* kHowToRun =
    "kotel must run as root, or with CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH "
    "(deploy/systemd/kotel.service does)";

HostCheck check_btf() {
  if (std::filesystem::exists("/sys/kernel/btf/vmlinux")) return {"btf", CheckState::kPass, "/sys/kernel/btf/vmlinux"};
  return {"btf", CheckState::kFail,
          "/sys/kernel/btf/vmlinux is missing: this kernel was built without CONFIG_DEBUG_INFO_BTF; "
          "kotel needs a kernel with BTF (5.8+ distribution kernels have it)"};
}

HostCheck check_tracefs() {
  auto tracefs = ensure_tracefs();
  if (tracefs) return {"tracefs", CheckState::kPass, "/sys/kernel/tracing"};
  return {"tracefs", CheckState::kFail, tracefs.error()};
}

// cgroup ids (--cgroup filters, container attribution) are those of the v2 tree.
HostCheck check_cgroup_v2() {
  std::string mount = discovery::cgroup2_mount();
  if (mount == "/sys/fs/cgroup") return {"cgroup v2", CheckState::kPass, "unified hierarchy at /sys/fs/cgroup"};
  if (!mount.empty())
    return {"cgroup v2", CheckState::kWarn,
            "hybrid hierarchy: cgroup v2 at " + mount +
                ", controllers on v1; --cgroup takes paths in " + mount +
                " and containers placed by v1 controllers may share an id (boot with systemd.unified_cgroup_hierarchy=1)"};
  return {"cgroup v2", CheckState::kWarn,
          "no cgroup2 filesystem mounted: --cgroup filters cannot be used; mount one with "
          "'mount -t cgroup2 none /sys/fs/cgroup'"};
}

HostCheck check_ringbuf() {
  int r = libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, nullptr);
  if (r == 1) return {"ring buffer", CheckState::kPass, "BPF_MAP_TYPE_RINGBUF"};
  if (r < 0)  // no map can be made (EPERM without CAP_BPF): this says nothing of the kernel
    return {"ring buffer", CheckState::kSkip, std::string("could not probe (") + strerror(-r) + ")"};
  return {"ring buffer", CheckState::kWarn, "not supported by this kernel: the perf buffer is used instead"};
}

// --bpf-stats turns the kernel's per-program statistics on: try it for real.
HostCheck check_bpf_stats() {
  int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
  if (fd >= 0) {
    close(fd);
    return {"bpf stats", CheckState::kPass, "run-time statistics can be turned on (--bpf-stats)"};
  }
  int err = fd < 0 ? -fd : errno;
  std::string why = err == EPERM ? ": missing capability CAP_SYS_ADMIN" : "";
  return {"bpf stats", CheckState::kWarn,
          std::string("--bpf-stats unavailable (bpf_enable_stats: ") + strerror(err) + ")" + why +
              "; everything else works without it"};
}

HostCheck check_kernel() {
  utsname u{};
  uname(&u);
  return {"kernel", CheckState::kPass, std::string(u.sysname) + " " + u.release + " " + u.machine};
}

}  // namespace

const char* to_string(CheckState s) {
  switch (s) {
    case CheckState::kPass: return "ok";
    case CheckState::kWarn: return "warn";
    case CheckState::kSkip: return "skip";
    default: return "FAIL";
  }
}

Privileges current_privileges() {
  return {geteuid() == 0, has_cap(kCapBpf), has_cap(kCapPerfmon), has_cap(kCapSysPtrace),
          has_cap(kCapDacReadSearch), has_cap(kCapSysAdmin)};
}

HostCheck privileges_check(const Privileges& p) {
  std::vector<std::string> held, missing, degraded;
  auto need = [&](bool have, const char* name, const char* why, bool required) {
    if (have) held.push_back(name);
    else (required ? missing : degraded).push_back(std::string(name) + " (" + why + ")");
  };
  // CAP_SYS_ADMIN stands in for CAP_BPF and CAP_PERFMON (the kernel's bpf_capable/perfmon_capable).
  need(p.bpf || p.sys_admin, "CAP_BPF", "load BPF programs and maps", true);
  need(p.perfmon || p.sys_admin, "CAP_PERFMON", "attach tracing programs", true);
  // Root owns tracefs (0700) and /proc: without the DAC capability it still reads them.
  if (!p.root || p.dac_read_search)
    need(p.dac_read_search, "CAP_DAC_READ_SEARCH", "read tracefs and other users' /proc entries", true);
  need(p.sys_ptrace, "CAP_SYS_PTRACE", "read other processes' environ and exe: OTEL_SERVICE_NAME", false);
  if (p.sys_admin) held.push_back("CAP_SYS_ADMIN");
  std::string who = p.root ? "root" : "uid " + std::to_string(geteuid());
  if (!missing.empty())
    return {"privileges", CheckState::kFail,
            who + ", missing capability " + join(missing) + (held.empty() ? "" : " (held: " + join(held) + ")") +
                ": " + kHowToRun};
  if (!degraded.empty())
    return {"privileges", CheckState::kWarn,
            who + " with " + join(held) + "; missing " + join(degraded) + ": services are named by executable only"};
  return {"privileges", CheckState::kPass, who + " with " + join(held)};
}

bool kernel_has_ringbuf() { return libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, nullptr) == 1; }

core::Result<void> ensure_tracefs() {
  namespace fs = std::filesystem;
  std::error_code ec;  // tracefs is 0700: without CAP_DAC_READ_SEARCH exists() fails, it must not throw
  if (fs::exists("/sys/kernel/tracing/events/syscalls", ec)) return {};
  if (ec) return core::Error{"cannot read /sys/kernel/tracing (" + ec.message() + "): missing capability CAP_DAC_READ_SEARCH"};
  if (fs::exists("/sys/kernel/debug/tracing/events/syscalls", ec)) return {};
  if (mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, nullptr) == 0 &&
      fs::exists("/sys/kernel/tracing/events/syscalls", ec))
    return {};
  int err = errno;
  return core::Error{std::string("tracefs is not mounted and mounting it at /sys/kernel/tracing failed (") +
                     strerror(err) +
                     "): run 'mount -t tracefs tracefs /sys/kernel/tracing' (in a container: mount "
                     "/sys/kernel/tracing from the host)"};
}

std::vector<HostCheck> run_host_checks() {
  return {check_kernel(),   privileges_check(current_privileges()), check_btf(), check_tracefs(), check_cgroup_v2(),
          check_ringbuf(), check_bpf_stats()};
}

void require_host_ready() {
  for (auto check : {+[] { return privileges_check(current_privileges()); }, +check_btf, +check_tracefs}) {
    HostCheck c = check();
    if (c.failed()) throw core::FatalError(c.name + " check failed", c.detail);
  }
}

bool has_cap_sys_admin() { return has_cap(kCapSysAdmin); }

}  // namespace kotel::probes
