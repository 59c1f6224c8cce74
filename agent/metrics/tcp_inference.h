#pragma once
// What the kernel's TCP events say happened, attributed to the process that
// owns the socket: a connect that succeeded, was refused (the peer answered
// the SYN with a reset) or failed otherwise; retransmits and resets; the
// smoothed RTT at close. The state changes and signals after SYN_SENT run in
// softirq context with no reliable pid (and resets sent carry no peer), so
// sockets seen connecting or tracked are remembered by their kernel address.
// Pure: events in, findings out.

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "ingest/events.h"
#include "metrics/tcp_metrics.h"

namespace kotel::metrics {

struct TcpFinding {
  enum class Kind : uint8_t { kEvent, kRtt };
  Kind kind = Kind::kEvent;
  TcpEvent event = TcpEvent::kConnectOk;  // kEvent
  uint32_t srtt_us = 0;                   // kRtt
  uint32_t pid = 0;                       // the socket's owner, 0 when unknown
  ingest::Endpoint peer;
  uint64_t sock = 0;
  uint64_t ts_ns = 0;
  // A reset received while the socket was connecting: the connect's close
  // reports it (as refused), so it is not a problem of its own.
  bool during_connect = false;
};

class TcpInference {
 public:
  static constexpr size_t kMaxSocks = 65536;

  // A tracked connection's socket: its owner and peer, for later signals.
  void on_open(uint64_t sock, uint32_t pid, const ingest::Tuple& tuple);
  void on_state(const ingest::SockState& e, std::vector<TcpFinding>* out);
  void on_signal(const ingest::TcpSignal& e, std::vector<TcpFinding>* out);
  size_t size() const { return socks_.size(); }

 private:
  struct SockInfo {
    uint32_t pid = 0;
    ingest::Tuple tuple;
    bool connecting = false;
    bool reset_while_connecting = false;
  };
  std::unordered_map<uint64_t, SockInfo> socks_;
};

}  // namespace kotel::metrics
