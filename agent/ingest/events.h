#pragma once
// Decoded kernel events as plain values: what every later stage consumes.

#include <array>
#include <cstdint>
#include <string>
#include <variant>

namespace kotel::ingest {

enum class Role : uint8_t { kUnknown = 0, kClient = 1, kServer = 2 };
enum class Direction : uint8_t { kEgress = 1, kIngress = 2 };

struct Endpoint {
  std::array<uint8_t, 16> addr{};  // IPv6 or v4-mapped IPv6
  uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};

struct Tuple {
  Endpoint local;
  Endpoint remote;
  uint16_t family = 0;  // AF_INET / AF_INET6 as the socket was created
  bool operator==(const Tuple&) const = default;
};

struct ConnKey {
  uint32_t pid = 0;
  int32_t fd = -1;
  uint64_t gen = 0;
  bool operator==(const ConnKey&) const = default;
};

struct ConnKeyHash {
  size_t operator()(const ConnKey& k) const {  // mixed: gen, pid and fd are small, correlated integers
    uint64_t h = k.gen * 0x9e3779b97f4a7c15ULL ^ ((uint64_t{k.pid} << 32 | static_cast<uint32_t>(k.fd)) * 0xbf58476d1ce4e5b9ULL);
    return static_cast<size_t>(h ^ (h >> 31));
  }
};

struct ConnOpen {
  uint64_t ts_ns = 0;
  ConnKey key;
  uint32_t tid = 0;
  Role role = Role::kUnknown;
  uint8_t source = 0;  // kotel_open_source
  uint64_t sock = 0;
  uint64_t cgroup_id = 0;
  Tuple tuple;
  int32_t connect_ret = 0;
};

// Not from the kernel: the pipeline's close of a socket its process still held
// when it exited (shown by --print events and kotel tail events).
inline constexpr uint8_t kCloseProcessExit = 0x80;

struct ConnClose {
  uint64_t ts_ns = 0;
  ConnKey key;
  uint32_t tid = 0;
  uint8_t reason = 0;  // kotel_close_reason, or kCloseProcessExit
  uint64_t bytes_egress = 0;
  uint64_t bytes_ingress = 0;
};

struct Data {
  uint64_t ts_ns = 0;
  ConnKey key;
  uint32_t tid = 0;
  Direction direction = Direction::kEgress;
  uint8_t call = 0;   // kotel_data_call
  uint8_t flags = 0;  // kotel_data_flags
  uint64_t position = 0;
  uint64_t bytes = 0;
  std::string payload;  // prefix of the bytes moved; shorter when truncated
};

struct SockState {
  uint64_t ts_ns = 0;
  uint64_t sock = 0;
  int32_t old_state = 0;
  int32_t new_state = 0;
  uint32_t pid = 0;
  Tuple tuple;
  uint32_t srtt_us = 0;  // smoothed RTT at CLOSE, 0 if none
};

struct ProcExec {
  uint64_t ts_ns = 0;
  uint32_t pid = 0;
  uint32_t ppid = 0;
  uint64_t cgroup_id = 0;
  std::string comm;
  std::string filename;
};

struct ProcExit {
  uint64_t ts_ns = 0;
  uint32_t pid = 0;
  int32_t exit_code = 0;  // wait status
  bool oom_killed = false;
};

struct ProcFork {
  uint64_t ts_ns = 0;
  uint32_t parent_pid = 0;
  uint32_t parent_tid = 0;
  uint32_t child_pid = 0;
  uint32_t child_tid = 0;
};

enum class TcpSignalKind : uint8_t { kRetransmit = 1, kResetSent = 2, kResetReceived = 3 };

struct TcpSignal {
  uint64_t ts_ns = 0;
  uint64_t sock = 0;
  TcpSignalKind kind = TcpSignalKind::kRetransmit;
  int32_t state = 0;
  uint32_t pid = 0;  // the socket's owner when kotel tracks it, else 0
  Tuple tuple;       // empty for resets sent (the socket is known)
};

// A write to stdout (fd 1) or stderr (fd 2) of a watched process.
struct LogWrite {
  uint64_t ts_ns = 0;
  uint32_t pid = 0;
  uint32_t tid = 0;
  uint8_t fd = 1;
  bool truncated = false;  // payload is a prefix of `bytes`
  uint64_t bytes = 0;      // bytes the call wrote (a short write: what it wrote, not what it asked)
  std::string payload;
};

using Event = std::variant<ConnOpen, ConnClose, Data, SockState, ProcExec, ProcExit, ProcFork, TcpSignal, LogWrite>;

uint64_t event_ts(const Event& e);

}  // namespace kotel::ingest
