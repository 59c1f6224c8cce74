#include "probes/host_checks.h"

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

namespace kotel::probes {
namespace {

constexpr int kCapSysAdmin = 21;
constexpr int kCapPerfmon = 38;
constexpr int kCapBpf = 39;

bool has_cap(int cap) {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capget, &hdr, data) != 0) return false;
  return data[cap / 32].effective & (1u << (cap % 32));
}

// Without CAP_SYS_ADMIN these are what loading and attaching needs (measured:
// tests/e2e/capabilities_test.sh); the rest of the README's set degrades features.
struct RequiredCap {
  int number;
  const char* name;
  const char* why;
};
constexpr RequiredCap kRequiredCaps[] = {{kCapBpf, "CAP_BPF", "load BPF programs and maps"},
                                         {kCapPerfmon, "CAP_PERFMON", "attach tracing programs"}};

}  // namespace

bool has_cap_sys_admin() { return has_cap(kCapSysAdmin); }

namespace {

HostCheck check_privileges() {
  if (has_cap(kCapSysAdmin)) return {"privileges", true, geteuid() == 0 ? "root" : "CAP_SYS_ADMIN"};
  std::string missing;
  for (const auto& cap : kRequiredCaps)
    if (!has_cap(cap.number)) missing += std::string(missing.empty() ? "" : ", ") + cap.name + " (" + cap.why + ")";
  if (missing.empty()) return {"privileges", true, "CAP_BPF+CAP_PERFMON"};
  return {"privileges", false,
          "missing capability " + missing +
              ": kotel must run as root, or with CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH "
              "(deploy/systemd/kotel.service does)"};
}

HostCheck check_btf() {
  if (std::filesystem::exists("/sys/kernel/btf/vmlinux")) return {"btf", true, "/sys/kernel/btf/vmlinux"};
  return {"btf", false,
          "/sys/kernel/btf/vmlinux is missing: this kernel was built without CONFIG_DEBUG_INFO_BTF; "
          "kotel needs a kernel with BTF (5.8+ distribution kernels have it)"};
}

HostCheck check_tracefs() {
  std::string err = ensure_tracefs();
  if (err.empty()) return {"tracefs", true, "/sys/kernel/tracing"};
  return {"tracefs", false, err};
}

HostCheck check_ringbuf() {
  if (kernel_has_ringbuf()) return {"ring buffer", true, "BPF_MAP_TYPE_RINGBUF"};
  return {"ring buffer", true, "not supported by this kernel: the perf buffer is used instead"};
}

HostCheck check_kernel() {
  utsname u{};
  uname(&u);
  return {"kernel", true, std::string(u.sysname) + " " + u.release + " " + u.machine};
}

}  // namespace

bool kernel_has_ringbuf() { return libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, nullptr) == 1; }

std::string ensure_tracefs() {
  namespace fs = std::filesystem;
  std::error_code ec;  // tracefs is 0700: without CAP_DAC_READ_SEARCH exists() fails, it must not throw
  if (fs::exists("/sys/kernel/tracing/events/syscalls", ec)) return {};
  if (ec) return "cannot read /sys/kernel/tracing (" + ec.message() + "): missing capability CAP_DAC_READ_SEARCH";
  if (fs::exists("/sys/kernel/debug/tracing/events/syscalls", ec)) return {};
  if (mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, nullptr) == 0 &&
      fs::exists("/sys/kernel/tracing/events/syscalls", ec))
    return {};
  int err = errno;
  return std::string("tracefs is not mounted and mounting it at /sys/kernel/tracing failed (") + strerror(err) +
         "): run 'mount -t tracefs tracefs /sys/kernel/tracing' (in a container: mount /sys/kernel/tracing "
         "from the host)";
}

std::vector<HostCheck> run_host_checks() {
  return {check_kernel(), check_privileges(), check_btf(), check_tracefs(), check_ringbuf()};
}

void require_host_ready() {
  for (auto check : {check_privileges, check_btf, check_tracefs}) {
    HostCheck c = check();
    if (!c.ok) throw core::FatalError(c.name + " check failed", c.detail);
  }
}

}  // namespace kotel::probes
