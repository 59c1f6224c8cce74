#include "metrics/http_metrics.h"

#include <algorithm>
#include <span>

namespace kotel::metrics {
const char* metric_name(HttpMetric m) {
  return m == HttpMetric::kServerDuration ? "http.server.request.duration" : "http.client.request.duration";
}

void Histogram::record(double seconds, const spans::Span& span) {
  record(seconds);
  exemplar = {span.trace_id, span.span_id, seconds, span.end_unix_ns};
}

void Histogram::record(double seconds) {
  size_t i = static_cast<size_t>(std::lower_bound(kDurationBounds.begin(), kDurationBounds.end(), seconds) -
                                 kDurationBounds.begin());
  ++buckets[i];
  if (count == 0 || seconds < min) min = seconds;
  if (count == 0 || seconds > max) max = seconds;
  ++count;
  sum += seconds;
}

Attributes metric_attributes(const spans::HttpSummary& http, bool server) {
  Attributes out;
  out.emplace_back("http.request.method", http.method);
  if (http.status) out.emplace_back("http.response.status_code", std::to_string(http.status));
  if (!http.error_type.empty()) out.emplace_back("error.type", http.error_type);
  if (server) {
    out.emplace_back("url.scheme", http.tls ? "https" : "http");
  } else {
    if (!http.server_address.empty()) out.emplace_back("server.address", http.server_address);
    if (http.server_port) out.emplace_back("server.port", std::to_string(http.server_port));
  }
  out.emplace_back("network.protocol.version", http.version_minor == 0 ? "1.0" : "1.1");
  return out;
}

size_t HttpMetrics::KeyHash::operator()(const Key& k) const {
  std::hash<std::string_view> h;
  size_t x = std::hash<const void*>{}(k.resource) * 0x9e3779b97f4a7c15ULL;
  x ^= h(k.http.method) + (uint64_t{k.http.status} << 17) + (uint64_t{k.http.server_port} << 33) +
       (uint64_t{k.http.version_minor} << 50) + k.overflow + (uint64_t{k.http.tls} << 60);
  if (!k.http.error_type.empty()) x ^= h(k.http.error_type) * 31;
  if (!k.http.server_address.empty()) x ^= h(k.http.server_address) * 131;
  return x;
}

void HttpMetrics::record(const spans::Span& span) {
  if (span.kind != spans::SpanKind::kServer && span.kind != spans::SpanKind::kClient) return;
  if (span.db) return;  // a database call: db.client.operation.duration (metrics/db_metrics.h)
  bool server = span.kind == spans::SpanKind::kServer;
  Table& t = tables_[server ? 0 : 1];
  double seconds = static_cast<double>(span.end_unix_ns - span.start_unix_ns) / 1e9;
  std::lock_guard lock(mu_);
  std::shared_ptr<const model::Resource> resource = resources_.of(span.resource);
  Key key{resource.get(), span.http, false};
  auto it = t.by_key.find(key);
  if (it == t.by_key.end()) {
    if (t.regular >= max_series_) {  // one overflow series per service
      key = Key{resource.get(), {}, true};
      ++overflowed_;
      it = t.by_key.find(key);
      if (it == t.by_key.end())
        it = t.by_key.emplace(key, Series{resource, {{"otel.metric.overflow", "true"}}, {}}).first;
    } else {
      ++t.regular;
      it = t.by_key.emplace(key, Series{resource, metric_attributes(span.http, server), {}}).first;
    }
  }
  it->second.histogram.record(seconds, span);
  it->second.last_update_unix_ns = span.end_unix_ns;
  record_edge(span, seconds);
}

// Called with mu_ held.
void HttpMetrics::record_edge(const spans::Span& span, double seconds) {
  using Role = spans::HttpSummary::GraphRole;
  const auto& h = span.http;
  if (h.graph_role == Role::kNone) return;
  const std::string& node = span.resource ? span.resource->host_name : std::string();
  std::string key = h.graph_client + '\x1f' + h.graph_server + '\x1f' + node;
  auto it = edges_.find(key);
  if (it == edges_.end()) {
    if (edges_.size() >= max_series_) {  // one overflow edge
      ++overflowed_;
      key = "\x1f\x1f" + node;
      it = edges_.find(key);
      if (it == edges_.end()) it = edges_.emplace(key, GraphEdge{"overflow", "overflow", node}).first;
    } else {
      it = edges_.emplace(std::move(key), GraphEdge{h.graph_client, h.graph_server, node}).first;
    }
  }
  GraphEdge& e = it->second;
  e.last_update_unix_ns = span.end_unix_ns;
  bool failed = span.status == spans::StatusCode::kError;
  switch (h.graph_role) {
    case Role::kServerCounts:
      ++e.total;
      e.failed += failed;
      e.server_seconds.record(seconds);
      break;
    case Role::kClientCounts:
      ++e.total;
      e.failed += failed;
      e.client_seconds.record(seconds);
      break;
    case Role::kClientDurationOnly:
      e.client_seconds.record(seconds);
      break;
    case Role::kNone:
      break;
  }
}

MetricsSnapshot HttpMetrics::snapshot(uint64_t now_unix_ns) const {
  MetricsSnapshot s;
  s.start_unix_ns = start_unix_ns_;
  s.time_unix_ns = now_unix_ns;
  std::lock_guard lock(mu_);
  for (const auto& [k, v] : tables_[0].by_key) s.server.push_back(v);
  for (const auto& [k, v] : tables_[1].by_key) s.client.push_back(v);
  s.overflowed = overflowed_;
  for (const auto& [k, e] : edges_) s.edges.push_back(e);
  return s;
}

size_t HttpMetrics::expire(uint64_t now_unix_ns, uint64_t stale_after_ns, uint64_t exported_through_unix_ns) {
  auto stale = [&](uint64_t last) {
    return last + stale_after_ns <= now_unix_ns && last <= exported_through_unix_ns;
  };
  std::lock_guard lock(mu_);
  size_t removed = 0;
  for (Table& t : tables_) {
    removed += std::erase_if(t.by_key, [&](const auto& kv) {
      bool gone = stale(kv.second.last_update_unix_ns);
      if (gone && !kv.first.overflow) --t.regular;
      return gone;
    });
  }
  removed += std::erase_if(edges_, [&](const auto& kv) { return stale(kv.second.last_update_unix_ns); });
  expired_ += removed;
  resources_.collect();
  return removed;
}

uint64_t HttpMetrics::expired() const {
  std::lock_guard lock(mu_);
  return expired_;
}

size_t HttpMetrics::series() const {
  std::lock_guard lock(mu_);
  return tables_[0].by_key.size() + tables_[1].by_key.size();
}

}  // namespace kotel::metrics
