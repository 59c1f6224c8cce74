#pragma once
// What the kernel side needs to know before load: resolved from Config.

#include <cstdint>
#include <vector>

namespace kotel::probes {

// How socket reads and writes are observed. kSocket: sock_send_length /
// sock_recv_length tracepoints (cheap: other syscalls stay on their fast path).
// kSyscall: one raw_tp/sys_exit program (works on older kernels, costs every syscall).
enum class IoHooks { kAuto, kSocket, kSyscall };

struct ProbeOptions {
  IoHooks io_hooks = IoHooks::kAuto;
  uint32_t agent_tgid = 0;  // excluded from tracing (0: exclude nobody)
  bool use_ringbuf = true;
  uint32_t payload_bytes = 4096;
  uint32_t ring_buffer_bytes = 1u << 20;
  uint32_t wakeup_bytes = 128u << 10;
  uint32_t max_connections = 65536;
  std::vector<uint32_t> pids, exclude_pids;
  std::vector<uint16_t> ports, exclude_ports;
  std::vector<uint64_t> cgroup_ids, exclude_cgroup_ids;
  bool tls = false;  // load the OpenSSL uprobe programs (attached per library by tls::TlsAttacher)
  bool user_probes = false;  // load the user-probe programs (attached by user::UserProbes)
  std::vector<uint32_t> tls_exclude_pids;
  bool logs = false;  // capture writes to stdout/stderr (tp/syscalls/sys_enter/exit_write, _writev)
  // Load the log programs but attach them only while BpfProbes::set_log_capture(true)
  // (--logs auto with no consumer: `kotel tail logs` turns them on while it runs).
  bool logs_on_demand = false;
  uint32_t log_payload_bytes = 2048;  // prefix of each such write, <= KOTEL_LOG_PAYLOAD_MAX
  std::vector<uint32_t> logs_exclude_pids;
};

}  // namespace kotel::probes
