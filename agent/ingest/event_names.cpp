#include "ingest/event_names.h"

#include <array>

namespace kotel::ingest {

const char* data_call_name(DataCall c) {
  static constexpr std::array<const char*, 14> kNames = {
      "?", "read", "write", "readv", "writev", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendfile",
      "sendmmsg", "recvmmsg", "SSL_read", "SSL_write"};
  static_assert(kNames.size() == static_cast<size_t>(DataCall::kSslWrite) + 1);
  auto i = static_cast<size_t>(c);
  return i < kNames.size() ? kNames[i] : "?";
}

const char* open_source_name(OpenSource s) {
  switch (s) {
    case OpenSource::kConnect: return "connect";
    case OpenSource::kAccept: return "accept";
    case OpenSource::kDiscovered: return "discovered";
    case OpenSource::kActive: return "active open";
    case OpenSource::kPassive: return "passive open";
    case OpenSource::kUnknown: break;
  }
  return "?";
}

const char* close_reason_name(CloseReason r) {
  switch (r) {
    case CloseReason::kFdReused: return "fd reused";
    case CloseReason::kTcp: return "tcp close";
    case CloseReason::kProcessExit: return "process exit";
    case CloseReason::kSyscall:
    case CloseReason::kUnknown: break;
  }
  return "close";
}

const char* tcp_state_name(TcpState s) {
  static constexpr std::array<const char*, 13> kNames = {
      "?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
      "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};
  static_assert(kNames.size() == static_cast<size_t>(TcpState::kNewSynRecv) + 1);
  auto i = static_cast<size_t>(s);
  return i < kNames.size() ? kNames[i] : "?";
}

}  // namespace kotel::ingest
