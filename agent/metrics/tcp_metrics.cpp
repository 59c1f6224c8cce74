#include "metrics/tcp_metrics.h"

#include <algorithm>

#include "core/clock.h"

namespace kotel::metrics {

void RttHistogram::record(double seconds) {
  ++buckets[static_cast<size_t>(std::lower_bound(kRttBounds.begin(), kRttBounds.end(), seconds) - kRttBounds.begin())];
  ++count;
  sum += seconds;
}

TcpMetrics::TcpMetrics(size_t max_series, Clock clock)
    : max_series_(max_series), clock_(clock ? std::move(clock) : Clock([] { return core::unix_now_ns(); })) {}

// Called with mu_ held.
TcpCounters& TcpMetrics::counters(const std::shared_ptr<const model::Resource>& process, const std::string& peer) {
  std::shared_ptr<const model::Resource> resource = resources_.of(process);
  const model::Resource* r = resource.get();
  std::string owner = r ? r->service_instance_id : std::string("-");
  std::string key = owner + '\x1f' + peer;
  auto it = series_.find(key);
  if (it == series_.end()) {
    if (series_.size() >= max_series_) {
      ++overflowed_;
      key = owner + "\x1f(overflow)";
      it = series_.find(key);
      if (it == series_.end()) it = series_.emplace(key, TcpSeries{resource, "overflow", {}}).first;
    } else {
      it = series_.emplace(std::move(key), TcpSeries{resource, peer, {}}).first;
    }
  }
  it->second.last_update_unix_ns = clock_();
  return it->second.counters;
}

void TcpMetrics::record_closed(const std::shared_ptr<const model::Resource>& resource, const std::string& peer,
                               uint64_t sent, uint64_t received) {
  std::lock_guard lock(mu_);
  TcpCounters& c = counters(resource, peer);
  c.bytes_sent += sent;
  c.bytes_received += received;
  ++c.connections_closed;
}

void TcpMetrics::record_rtt(const std::shared_ptr<const model::Resource>& resource, const std::string& peer,
                            double seconds) {
  std::lock_guard lock(mu_);
  counters(resource, peer).rtt.record(seconds);
}

void TcpMetrics::on_tick(const std::vector<OpenConnection>& open) {
  std::lock_guard lock(mu_);
  for (auto& [key, s] : series_) s.counters.active = 0;
  for (const auto& c : open) {
    TcpCounters& t = counters(c.resource, c.peer);
    ++t.active;
    t.bytes_sent += c.sent;
    t.bytes_received += c.received;
  }
}

void TcpMetrics::record(const std::shared_ptr<const model::Resource>& resource, const std::string& peer,
                        TcpEvent event) {
  std::lock_guard lock(mu_);
  TcpCounters& c = counters(resource, peer);
  switch (event) {
    case TcpEvent::kConnectOk: ++c.connect_attempts; break;
    case TcpEvent::kConnectRefused: ++c.connect_attempts, ++c.connect_refused; break;
    case TcpEvent::kConnectFailed: ++c.connect_attempts, ++c.connect_failed; break;
    case TcpEvent::kRetransmit: ++c.retransmits; break;
    case TcpEvent::kResetSent: ++c.resets_sent; break;
    case TcpEvent::kResetReceived: ++c.resets_received; break;
  }
}

std::vector<TcpSeries> TcpMetrics::snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<TcpSeries> out;
  out.reserve(series_.size());
  for (const auto& [k, s] : series_) out.push_back(s);
  return out;
}

size_t TcpMetrics::expire(uint64_t now_unix_ns, uint64_t stale_after_ns, uint64_t exported_through_unix_ns) {
  std::lock_guard lock(mu_);
  size_t removed = std::erase_if(series_, [&](const auto& kv) {
    uint64_t last = kv.second.last_update_unix_ns;
    return kv.second.counters.active == 0 && last + stale_after_ns <= now_unix_ns && last <= exported_through_unix_ns;
  });
  expired_ += removed;
  resources_.collect();
  return removed;
}

uint64_t TcpMetrics::expired() const {
  std::lock_guard lock(mu_);
  return expired_;
}

size_t TcpMetrics::series() const {
  std::lock_guard lock(mu_);
  return series_.size();
}

uint64_t TcpMetrics::overflowed() const {
  std::lock_guard lock(mu_);
  return overflowed_;
}

}  // namespace kotel::metrics
