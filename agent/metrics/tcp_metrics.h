#pragma once
// TCP health per observed process and peer address: connection attempts and
// failures (refused when the peer answered the SYN with a reset), retransmitted
// segments, resets sent and received. Bounded like the HTTP series: past
// max_series new (process, peer) pairs share one peer "overflow", counted.
// Written by the pipeline thread, read by scrapes.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "spans/span.h"

namespace kotel::metrics {

struct TcpCounters {
  uint64_t connect_attempts = 0;
  uint64_t connect_refused = 0;
  uint64_t connect_failed = 0;  // other failures: timeout, unreachable, aborted
  uint64_t retransmits = 0;
  uint64_t resets_sent = 0;
  uint64_t resets_received = 0;
  uint64_t bytes_sent = 0;      // of connections that closed (kernel totals)
  uint64_t bytes_received = 0;
  uint64_t connections_closed = 0;
};

struct TcpSeries {
  std::shared_ptr<const spans::Resource> resource;  // null: owner unknown
  std::string peer;                                 // remote address
  TcpCounters counters;
};

enum class TcpEvent : uint8_t { kConnectOk, kConnectRefused, kConnectFailed, kRetransmit, kResetSent, kResetReceived };

class TcpMetrics {
 public:
  explicit TcpMetrics(size_t max_series = 2000) : max_series_(max_series) {}
  void record(const std::shared_ptr<const spans::Resource>& resource, const std::string& peer, TcpEvent event);
  // A tracked connection closed having moved these bytes.
  void record_closed(const std::shared_ptr<const spans::Resource>& resource, const std::string& peer, uint64_t sent,
                     uint64_t received);
  std::vector<TcpSeries> snapshot() const;
  uint64_t overflowed() const;

 private:
  TcpCounters& counters(const std::shared_ptr<const spans::Resource>& resource, const std::string& peer);

  size_t max_series_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, TcpSeries> series_;  // key: instance id \x1f pid \x1f peer
  uint64_t overflowed_ = 0;
};

}  // namespace kotel::metrics
