#include "metrics/http_metrics.h"

#include <algorithm>
#include <span>

namespace kotel::metrics {
namespace {

std::string text(const spans::AttributeValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return std::to_string(std::get<double>(v));
}

}  // namespace

const char* metric_name(HttpMetric m) {
  return m == HttpMetric::kServerDuration ? "http.server.request.duration" : "http.client.request.duration";
}

void Histogram::record(double seconds, const spans::Span& span) {
  size_t i = static_cast<size_t>(std::lower_bound(kDurationBounds.begin(), kDurationBounds.end(), seconds) -
                                 kDurationBounds.begin());
  ++buckets[i];
  if (count == 0 || seconds < min) min = seconds;
  if (count == 0 || seconds > max) max = seconds;
  ++count;
  sum += seconds;
  exemplar = {span.trace_id, span.span_id, seconds, span.end_unix_ns};
}

Attributes metric_attributes(const spans::Span& span) {
  // Low-cardinality attributes only: never url.path, peer addresses, ids.
  static constexpr std::string_view kServer[] = {"http.request.method", "http.response.status_code", "error.type",
                                                 "url.scheme", "network.protocol.version", "http.route"};
  static constexpr std::string_view kClient[] = {"http.request.method", "http.response.status_code", "error.type",
                                                 "server.address", "server.port", "network.protocol.version"};
  Attributes out;
  bool server = span.kind == spans::SpanKind::kServer;
  auto wanted = server ? std::span<const std::string_view>(kServer) : std::span<const std::string_view>(kClient);
  for (std::string_view key : wanted)
    if (const auto* v = span.attribute(key)) out.emplace_back(std::string(key), text(*v));
  return out;
}

std::string HttpMetrics::key_of(const spans::Resource* r, const Attributes& attrs) const {
  std::string key = r ? r->service_instance_id + '\x1e' + std::to_string(r->pid) : std::string("-");
  for (const auto& [k, v] : attrs) {
    key += '\x1f';
    key += k;
    key += '=';
    key += v;
  }
  return key;
}

void HttpMetrics::record(const spans::Span& span) {
  if (span.kind != spans::SpanKind::kServer && span.kind != spans::SpanKind::kClient) return;
  Table& t = tables_[span.kind == spans::SpanKind::kServer ? 0 : 1];
  double seconds = static_cast<double>(span.end_unix_ns - span.start_unix_ns) / 1e9;
  Attributes attrs = metric_attributes(span);
  std::string key = key_of(span.resource.get(), attrs);
  std::lock_guard lock(mu_);
  auto it = t.by_key.find(key);
  if (it == t.by_key.end()) {
    if (t.regular >= max_series_) {  // one overflow series per service
      attrs = {{"otel.metric.overflow", "true"}};
      key = key_of(span.resource.get(), attrs);
      ++overflowed_;
      it = t.by_key.find(key);
    } else {
      ++t.regular;
    }
    if (it == t.by_key.end()) it = t.by_key.emplace(std::move(key), Series{span.resource, std::move(attrs), {}}).first;
  } else if (it->second.attributes.size() == 1 && it->second.attributes[0].first == "otel.metric.overflow") {
    ++overflowed_;
  }
  it->second.histogram.record(seconds, span);
}

MetricsSnapshot HttpMetrics::snapshot(uint64_t now_unix_ns) const {
  MetricsSnapshot s;
  s.start_unix_ns = start_unix_ns_;
  s.time_unix_ns = now_unix_ns;
  std::lock_guard lock(mu_);
  for (const auto& [k, v] : tables_[0].by_key) s.server.push_back(v);
  for (const auto& [k, v] : tables_[1].by_key) s.client.push_back(v);
  s.overflowed = overflowed_;
  return s;
}

size_t HttpMetrics::series() const {
  std::lock_guard lock(mu_);
  return tables_[0].by_key.size() + tables_[1].by_key.size();
}

}  // namespace kotel::metrics
