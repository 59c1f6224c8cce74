#pragma once
// RED metrics from finished HTTP spans, per the OpenTelemetry HTTP semantic
// conventions: http.server.request.duration and http.client.request.duration
// histograms (seconds, the spec's default buckets), one series per observed
// service (MetricResources: not per process) and attribute set. Cumulative
// since the agent started. Bounded: past max_series per metric, new attribute
// sets go to one series per service marked otel.metric.overflow=true (the OTel
// SDK convention), counted; series that stop changing expire (expire()).
// Written by the pipeline thread, read by scrapes and the OTLP exporter.

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "metrics/metric_resources.h"
#include "metrics/tcp_metrics.h"
#include "spans/span.h"

namespace kotel::metrics {

// Semantic conventions' advice for http.*.request.duration, in seconds.
inline constexpr std::array<double, 14> kDurationBounds = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25,
                                                           0.5,   0.75, 1,     2.5,  5,     7.5, 10};

struct Exemplar {
  spans::TraceId trace_id{};
  spans::SpanId span_id{};
  double value = 0;
  uint64_t time_unix_ns = 0;
};

struct Histogram {
  std::array<uint64_t, kDurationBounds.size() + 1> buckets{};  // last: +Inf
  uint64_t count = 0;
  double sum = 0;
  double min = 0, max = 0;
  Exemplar exemplar;  // the latest measurement, for linking metrics to traces
  void record(double seconds, const spans::Span& span);
  void record(double seconds);  // no exemplar
};

// One edge of the service graph: requests from `client` to `server`, seen by
// the agent on `node` (so several agents never write the same series).
struct GraphEdge {
  std::string client, server, node;
  uint64_t total = 0;
  uint64_t failed = 0;
  Histogram server_seconds;  // as the server measured it (when on this host)
  Histogram client_seconds;  // as the client measured it (when on this host)
  uint64_t last_update_unix_ns = 0;
};

using Attributes = std::vector<std::pair<std::string, std::string>>;

struct Series {
  std::shared_ptr<const model::Resource> resource;  // the service's (MetricResources)
  Attributes attributes;  // semconv names, values as text (status code too)
  Histogram histogram;
  uint64_t last_update_unix_ns = 0;
};

enum class HttpMetric : uint8_t { kServerDuration = 0, kClientDuration = 1 };
const char* metric_name(HttpMetric m);  // "http.server.request.duration", ...

struct MetricsSnapshot {
  uint64_t start_unix_ns = 0;
  uint64_t time_unix_ns = 0;
  std::vector<Series> server;
  std::vector<Series> client;
  uint64_t overflowed = 0;  // measurements that went to an overflow series
  std::vector<GraphEdge> edges;
  std::vector<TcpSeries> tcp;  // TCP health, filled by whoever also holds the TcpMetrics
};

class HttpMetrics {
 public:
  explicit HttpMetrics(uint64_t start_unix_ns, size_t max_series = 2000)
      : start_unix_ns_(start_unix_ns), max_series_(max_series) {}

  void record(const spans::Span& span);
  MetricsSnapshot snapshot(uint64_t now_unix_ns) const;
  size_t series() const;
  // Drops series (and service-graph edges) not updated for `stale_after_ns`
  // whose last value was exported (updated at or before `exported_through`:
  // the time of the last successful OTLP export, or now without one), so a
  // service that is gone stops costing memory and scrape size. Returns how many.
  size_t expire(uint64_t now_unix_ns, uint64_t stale_after_ns, uint64_t exported_through_unix_ns);
  uint64_t expired() const;

 private:
  // What tells series apart: the process and the span's typed HTTP facts.
  // Overflow series have only the resource (and overflow set).
  struct Key {
    const model::Resource* resource = nullptr;  // kept alive by the series' shared_ptr
    spans::HttpSummary http;
    bool overflow = false;
    bool operator==(const Key& o) const {
      return resource == o.resource && overflow == o.overflow && http.status == o.http.status &&
             http.server_port == o.http.server_port && http.version_minor == o.http.version_minor &&
             http.method == o.http.method && http.error_type == o.http.error_type &&
             http.server_address == o.http.server_address && http.tls == o.http.tls;
    }
  };
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  struct Table {
    std::unordered_map<Key, Series, KeyHash> by_key;
    size_t regular = 0;  // series that are not overflow ones
  };

  uint64_t start_unix_ns_;
  size_t max_series_;
  void record_edge(const spans::Span& span, double seconds);

  mutable std::mutex mu_;
  MetricResources resources_;
  uint64_t expired_ = 0;
  std::array<Table, 2> tables_;
  std::unordered_map<std::string, GraphEdge> edges_;  // key: client \x1f server \x1f node
  uint64_t overflowed_ = 0;
};

// The attributes a span's metric series carries (server or client), from its
// typed HTTP facts: low-cardinality only (never paths, peers or ids).
Attributes metric_attributes(const spans::HttpSummary& http, bool server);

}  // namespace kotel::metrics
