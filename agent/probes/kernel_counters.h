#pragma once
// The kernel's per-CPU hit and drop counters, summed over CPUs, by name: the
// ABI's KOTEL_CNT_* indexes stay in probes/ (pinned in kernel_counters.cpp).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace kotel::probes {

enum class KernelCounter : uint32_t {
  kSysExitHits = 0,      // raw_tp/sys_exit runs for a watched syscall
  kCloseHits = 1,
  kSockStateHits = 2,
  kSchedHits = 3,
  kEventsSent = 4,
  kDropRingFull = 5,     // ring/perf buffer had no room: event lost
  kPayloadTruncated = 6, // payload cut at the configured prefix (bytes stay exact)
  kDropMissingStash = 7, // a syscall exit without its entry's stash
  kDropMapFull = 8,      // connection table update failed
  kReadFault = 9,        // payload copy from user memory failed
  kConnFiltered = 10,    // connection ignored by port/cgroup filters
  kSockIoHits = 11,      // sock_send_length / sock_recv_length runs
  kUnattributed = 12,    // socket I/O not from a known syscall on its fd (io_uring, kernel sockets)
  kTcpSignalHits = 13,   // tcp retransmit / reset tracepoint runs
  kTlsCalls = 16,        // SSL_read/SSL_write(_ex) entries of traced processes
  kTlsNoStash = 17,      // SSL call returned without its entry record: plaintext lost
  kTlsNoFd = 18,         // SSL call whose socket was never seen: plaintext lost
  kTlsNoConn = 19,       // its fd is no tracked connection: plaintext lost
  kLogWrites = 20,       // write/writev to fd 1 or 2 of a watched process, captured
  kLogTruncated = 21,    // such a write longer than the log prefix: cut, flagged
  kLogDropRingFull = 22, // such a write lost: no room in the ring
  kLogReadFault = 23,    // its bytes could not be read from user memory: lost
  kLogWriteFailed = 24,  // such a write returned an error: nothing written, nothing kept
};
inline constexpr size_t kCounterCount = 25;  // KOTEL_CNT_MAX

struct KernelCounters {
  std::array<uint64_t, kCounterCount> value{};
  uint64_t at(KernelCounter c) const {
    auto i = static_cast<size_t>(c);
    return i < value.size() ? value[i] : 0;
  }
};

// (name, counter) for every counter the kernel defines, for reports.
const std::vector<std::pair<std::string, KernelCounter>>& counter_names();

}  // namespace kotel::probes
