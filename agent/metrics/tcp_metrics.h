#pragma once
// TCP health per observed process and peer address: connection attempts and
// failures (refused when the peer answered the SYN with a reset), retransmitted
// segments, resets sent and received. Bounded like the HTTP series: past
// max_series new (process, peer) pairs share one peer "overflow", counted.
// Written by the pipeline thread, read by scrapes.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "metrics/metric_resources.h"
#include "model/resource.h"

namespace kotel::metrics {

// Smoothed RTT buckets, seconds: loopback (tens of µs) to intercontinental.
inline constexpr std::array<double, 14> kRttBounds = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,    0.025,  0.05,    0.1,    0.25,   0.5,   1};

struct RttHistogram {
  std::array<uint64_t, kRttBounds.size() + 1> buckets{};  // last: +Inf
  uint64_t count = 0;
  double sum = 0;
  void record(double seconds);
};

struct TcpCounters {
  uint64_t connect_attempts = 0;
  uint64_t connect_refused = 0;
  uint64_t connect_failed = 0;  // other failures: timeout, unreachable, aborted
  uint64_t retransmits = 0;
  uint64_t resets_sent = 0;
  uint64_t resets_received = 0;
  uint64_t bytes_sent = 0;      // by tracked connections, open ones included (flushed every tick)
  uint64_t bytes_received = 0;
  uint64_t connections_closed = 0;
  uint64_t active = 0;          // tracked connections open at the last tick (a gauge)
  RttHistogram rtt;             // one sample per connection at its handshake and at its close
};

// What one open connection did since the last tick.
struct OpenConnection {
  std::shared_ptr<const model::Resource> resource;
  std::string peer;
  uint64_t sent = 0, received = 0;  // bytes since the last tick
};

struct TcpSeries {
  std::shared_ptr<const model::Resource> resource;  // the service's (MetricResources); null: owner unknown
  std::string peer;                                 // remote address
  TcpCounters counters;
  uint64_t last_update_unix_ns = 0;
};

enum class TcpEvent : uint8_t { kConnectOk, kConnectRefused, kConnectFailed, kRetransmit, kResetSent, kResetReceived };

class TcpMetrics {
 public:
  using Clock = std::function<uint64_t()>;  // UNIX ns: when a series last changed
  explicit TcpMetrics(size_t max_series = 2000, Clock clock = nullptr);
  void record(const std::shared_ptr<const model::Resource>& resource, const std::string& peer, TcpEvent event);
  // A tracked connection closed having moved these bytes since its last tick.
  void record_closed(const std::shared_ptr<const model::Resource>& resource, const std::string& peer, uint64_t sent,
                     uint64_t received);
  void record_rtt(const std::shared_ptr<const model::Resource>& resource, const std::string& peer, double seconds);
  // Every tick: the open connections (active gauge, replaced) and their bytes since the last tick (added).
  void on_tick(const std::vector<OpenConnection>& open);
  std::vector<TcpSeries> snapshot() const;
  size_t series() const;
  uint64_t overflowed() const;
  // As HttpMetrics::expire; a series with open connections never expires.
  size_t expire(uint64_t now_unix_ns, uint64_t stale_after_ns, uint64_t exported_through_unix_ns);
  uint64_t expired() const;

 private:
  TcpCounters& counters(const std::shared_ptr<const model::Resource>& resource, const std::string& peer);

  size_t max_series_;
  Clock clock_;
  mutable std::mutex mu_;
  MetricResources resources_;
  std::unordered_map<std::string, TcpSeries> series_;  // key: series resource \x1f peer
  uint64_t overflowed_ = 0;
  uint64_t expired_ = 0;
};

}  // namespace kotel::metrics
