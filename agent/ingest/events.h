#pragma once
// Decoded kernel events as plain values: what every later stage consumes.
// The kernel's numbers (kotel/events.h) end at the decoder: every field here
// is a C++ type, so no stage past ingest needs the ABI header.

#include <array>
#include <cstdint>
#include <string>
#include <variant>

namespace kotel::ingest {

enum class Role : uint8_t { kUnknown = 0, kClient = 1, kServer = 2 };
enum class Direction : uint8_t { kEgress = 1, kIngress = 2 };

// How the kernel side learnt about a connection.
enum class OpenSource : uint8_t {
  kUnknown = 0,
  kConnect,     // connect() seen (syscall hooks)
  kAccept,      // accept() seen (syscall hooks)
  kDiscovered,  // first seen in a read/write: older than the agent, or its open was missed
  kActive,      // first read/write of a socket the kernel saw go SYN_SENT -> ESTABLISHED
  kPassive,     // first read/write of a socket the kernel saw go SYN_RECV -> ESTABLISHED
};

enum class CloseReason : uint8_t {
  kUnknown = 0,
  kSyscall,      // close(fd) (syscall hooks)
  kFdReused,     // the fd now names another file (dup2, close_range, exec...)
  kTcp,          // the socket reached TCP CLOSE (socket hooks)
  kProcessExit,  // not from the kernel: the pipeline closes what an exited process still held
};

// The call that moved the bytes of a data event.
enum class DataCall : uint8_t {
  kUnknown = 0,
  kRead, kWrite, kReadv, kWritev, kSendto, kRecvfrom, kSendmsg, kRecvmsg, kSendfile, kSendmmsg, kRecvmmsg,
  kSslRead,   // plaintext returned by SSL_read / SSL_read_ex (uprobe)
  kSslWrite,  // plaintext passed to SSL_write / SSL_write_ex (uprobe)
};

struct DataFlags {
  bool truncated = false;       // payload shorter than bytes: a prefix only
  bool no_payload = false;      // not captured (sendfile, muted connection)
  bool inexact = false;         // the byte count could not be made exact (mmsg)
  bool tls_ciphertext = false;  // socket I/O made inside an SSL call: not the application's bytes
  bool tls_plaintext = false;   // an SSL call's plaintext; its position counts plaintext bytes
};

// TCP states as the kernel numbers them (include/net/tcp_states.h), named once.
enum class TcpState : uint8_t {
  kUnknown = 0,
  kEstablished = 1, kSynSent = 2, kSynRecv = 3, kFinWait1 = 4, kFinWait2 = 5, kTimeWait = 6,
  kClose = 7, kCloseWait = 8, kLastAck = 9, kListen = 10, kClosing = 11, kNewSynRecv = 12,
};

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
  OpenSource source = OpenSource::kUnknown;
  uint64_t sock = 0;
  uint64_t cgroup_id = 0;
  Tuple tuple;
  int32_t connect_ret = 0;
};

struct ConnClose {
  uint64_t ts_ns = 0;
  ConnKey key;
  uint32_t tid = 0;
  CloseReason reason = CloseReason::kUnknown;
  uint64_t bytes_egress = 0;
  uint64_t bytes_ingress = 0;
};

struct Data {
  uint64_t ts_ns = 0;
  ConnKey key;
  uint32_t tid = 0;
  Direction direction = Direction::kEgress;
  DataCall call = DataCall::kUnknown;
  DataFlags flags;
  uint64_t position = 0;
  uint64_t bytes = 0;
  std::string payload;  // prefix of the bytes moved; shorter when truncated
};

struct SockState {
  uint64_t ts_ns = 0;
  uint64_t sock = 0;
  TcpState old_state = TcpState::kUnknown;
  TcpState new_state = TcpState::kUnknown;
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
  TcpState state = TcpState::kUnknown;
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

// A call of a probe the user declared (config `probes:`): a function's entry
// and return, or a USDT point (start == end). Arguments by the probe's spec.
struct UserProbeHit {
  static constexpr size_t kArgs = 4;
  uint64_t ts_ns = 0;  // the return (the point)
  uint64_t start_ns = 0;
  uint32_t pid = 0;
  uint32_t tid = 0;
  uint32_t probe = 0;  // index into the configured probes
  int64_t ret = 0;
  std::array<int64_t, kArgs> ints{};
  std::array<std::string, kArgs> strs;
};

using Event =
    std::variant<ConnOpen, ConnClose, Data, SockState, ProcExec, ProcExit, ProcFork, TcpSignal, LogWrite, UserProbeHit>;

// Which alternative an Event holds, by name (for counts and labels).
enum class EventKind : uint8_t { kOpen, kClose, kData, kState, kExec, kExit, kFork, kTcp, kLog, kUserProbe, kCount };
static_assert(static_cast<size_t>(EventKind::kCount) == std::variant_size_v<Event>, "a kind for each event type");
inline EventKind event_kind(const Event& e) { return static_cast<EventKind>(e.index()); }
// open | close | data | state | exec | exit | fork | tcp | log | user
const char* event_kind_name(EventKind k);

uint64_t event_ts(const Event& e);

}  // namespace kotel::ingest
