// A metrics snapshot -> ExportMetricsServiceRequest bytes
// (metrics/v1/metrics.proto), with the rules of metrics_convert.cpp. A
// Metric collects points from series met all through the snapshot, so the
// points are planned first (per resource, per metric, in order of first
// use) and written after: the wire cannot go back into a closed message.

#include <charconv>
#include <cstring>

#include "exporters/otlp/attribute_encode.h"
#include "exporters/otlp/otlp_encoder.h"
#include "exporters/otlp/resource_encode.h"
#include "metrics/tcp_metrics.h"

namespace kotel::otlp {
namespace {

struct MetricKind {
  const char* name;
  const char* unit;
  const char* help;
  bool histogram;
  bool monotonic;  // sums
};

// One point: an HTTP series' histogram, a TCP counter, or a TCP RTT histogram.
struct Point {
  const metrics::Series* http = nullptr;
  const metrics::TcpSeries* tcp = nullptr;
  uint64_t value = 0;  // TCP sums
  const char* key = nullptr;
  const char* key_value = nullptr;
};

struct MetricPlan {
  const MetricKind* kind;
  std::vector<Point> points;
};

struct ResourcePlan {
  const model::Resource* resource;
  std::vector<MetricPlan> metrics;
};

class Plan {
 public:
  void add(const model::Resource* r, const MetricKind& kind, Point p) {
    ResourcePlan* rp = nullptr;
    for (auto& x : resources_)
      if (x.resource == r) rp = &x;
    if (!rp) rp = &resources_.emplace_back(ResourcePlan{r, {}});
    MetricPlan* mp = nullptr;
    for (auto& m : rp->metrics)
      if (std::strcmp(m.kind->name, kind.name) == 0) mp = &m;
    if (!mp) mp = &rp->metrics.emplace_back(MetricPlan{&kind, {}});
    mp->points.push_back(p);
  }
  const std::vector<ResourcePlan>& resources() const { return resources_; }

 private:
  std::vector<ResourcePlan> resources_;
};

constexpr MetricKind kServerDuration{"http.server.request.duration", "s", "Duration of HTTP server requests.", true,
                                     false};
constexpr MetricKind kClientDuration{"http.client.request.duration", "s", "Duration of HTTP client requests.", true,
                                     false};
constexpr MetricKind kAttempts{"kotel.tcp.connect.attempts", "{connection}", "Outgoing TCP connection attempts.",
                               false, true};
constexpr MetricKind kFailures{"kotel.tcp.connect.failures", "{connection}", "Outgoing TCP connections that failed.",
                               false, true};
constexpr MetricKind kRetransmits{"kotel.tcp.retransmits", "{segment}", "TCP segments retransmitted.", false, true};
constexpr MetricKind kResets{"kotel.tcp.resets", "{reset}", "TCP resets sent and received.", false, true};
constexpr MetricKind kBytes{"kotel.tcp.bytes", "By", "Bytes moved by tracked TCP connections.", false, true};
constexpr MetricKind kClosed{"kotel.tcp.connections.closed", "{connection}", "Tracked TCP connections that closed.",
                             false, true};
constexpr MetricKind kActive{"kotel.tcp.connections.active", "{connection}", "Tracked TCP connections open.", false,
                             false};
constexpr MetricKind kSrtt{"kotel.tcp.srtt", "s", "Smoothed round-trip time of tracked TCP connections, at close.",
                           true, false};

void plan_tcp(Plan& plan, const metrics::TcpSeries& s) {
  const model::Resource* r = s.resource.get();
  auto sum = [&](const MetricKind& k, uint64_t v, const char* key = nullptr, const char* key_value = nullptr) {
    plan.add(r, k, Point{nullptr, &s, v, key, key_value});
  };
  const auto& c = s.counters;
  if (c.connect_attempts) {
    sum(kAttempts, c.connect_attempts);
    sum(kFailures, c.connect_refused, "error.type", "connection_refused");
    sum(kFailures, c.connect_failed, "error.type", "other");
  }
  if (c.retransmits) sum(kRetransmits, c.retransmits);
  if (c.resets_sent) sum(kResets, c.resets_sent, "network.io.direction", "transmit");
  if (c.resets_received) sum(kResets, c.resets_received, "network.io.direction", "receive");
  if (c.connections_closed || c.active || c.bytes_sent || c.bytes_received) {
    sum(kBytes, c.bytes_sent, "network.io.direction", "transmit");
    sum(kBytes, c.bytes_received, "network.io.direction", "receive");
    sum(kActive, c.active);
  }
  if (c.connections_closed) sum(kClosed, c.connections_closed);
  if (c.rtt.count) plan.add(r, kSrtt, Point{nullptr, &s});
}

// Status codes and ports are integers in the conventions, the overflow flag a
// bool; the rest text (as metrics_convert.cpp's set_attribute).
void attribute(ProtoWriter& w, uint32_t field, std::string_view key, std::string_view value) {
  if (key == "http.response.status_code" || key == "server.port") {
    int64_t n = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec == std::errc() && p == value.data() + value.size()) return key_value(w, field, key, n);
  }
  if (key == "otel.metric.overflow") return key_value_bool(w, field, key, value == "true");
  key_value(w, field, key, value);
}

void http_point(ProtoWriter& w, const metrics::Series& s, const metrics::MetricsSnapshot& snap) {
  namespace f = field::histogram_point;
  const auto& h = s.histogram;
  w.fixed64_field(f::kStartTimeUnixNano, snap.start_unix_ns);
  w.fixed64_field(f::kTimeUnixNano, snap.time_unix_ns);
  w.fixed64_field(f::kCount, h.count);
  w.double_always(f::kSum, h.sum);  // `optional`: present even when 0
  w.packed_fixed64(f::kBucketCounts, h.buckets);
  w.packed_double(f::kExplicitBounds, metrics::kDurationBounds);
  if (h.count && h.exemplar.time_unix_ns) {
    namespace e = field::exemplar;
    ProtoWriter::Nested m = w.begin(f::kExemplars);
    w.fixed64_field(e::kTimeUnixNano, h.exemplar.time_unix_ns);
    w.double_always(e::kAsDouble, h.exemplar.value);
    w.bytes_field(e::kSpanId, h.exemplar.span_id);
    w.bytes_field(e::kTraceId, h.exemplar.trace_id);
    w.end(m);
  }
  for (const auto& [k, v] : s.attributes) attribute(w, f::kAttributes, k, v);
  if (h.count) {
    w.double_always(f::kMin, h.min);
    w.double_always(f::kMax, h.max);
  }
}

void rtt_point(ProtoWriter& w, const metrics::TcpSeries& s, const metrics::MetricsSnapshot& snap) {
  namespace f = field::histogram_point;
  const auto& rtt = s.counters.rtt;
  w.fixed64_field(f::kStartTimeUnixNano, snap.start_unix_ns);
  w.fixed64_field(f::kTimeUnixNano, snap.time_unix_ns);
  w.fixed64_field(f::kCount, rtt.count);
  w.double_always(f::kSum, rtt.sum);
  w.packed_fixed64(f::kBucketCounts, rtt.buckets);
  w.packed_double(f::kExplicitBounds, metrics::kRttBounds);
  attribute(w, f::kAttributes, "network.peer.address", s.peer);
}

void sum_point(ProtoWriter& w, const Point& p, const metrics::MetricsSnapshot& snap) {
  namespace f = field::number_point;
  w.fixed64_field(f::kStartTimeUnixNano, snap.start_unix_ns);
  w.fixed64_field(f::kTimeUnixNano, snap.time_unix_ns);
  w.fixed64_always(f::kAsInt, p.value);  // a oneof member: present even when 0
  attribute(w, f::kAttributes, "network.peer.address", p.tcp->peer);
  if (p.key) attribute(w, f::kAttributes, p.key, p.key_value);
}

void metric(ProtoWriter& w, const MetricPlan& m, const metrics::MetricsSnapshot& snap) {
  ProtoWriter::Nested outer = w.begin(field::scope_group::kItems, 2);
  w.bytes_field(field::metric::kName, m.kind->name);
  w.bytes_field(field::metric::kDescription, m.kind->help);
  w.bytes_field(field::metric::kUnit, m.kind->unit);
  bool histogram = m.kind->histogram;
  ProtoWriter::Nested data = w.begin(histogram ? field::metric::kHistogram : field::metric::kSum, 2);
  for (const Point& p : m.points) {
    ProtoWriter::Nested point = w.begin(histogram ? field::histogram::kDataPoints : field::sum::kDataPoints, 2);
    if (p.http) http_point(w, *p.http, snap);
    else if (histogram) rtt_point(w, *p.tcp, snap);
    else sum_point(w, p, snap);
    w.end(point);
  }
  // Histogram and Sum number their temporality alike (2); only a Sum has is_monotonic.
  w.varint_field(histogram ? field::histogram::kAggregationTemporality : field::sum::kAggregationTemporality,
                 field::kCumulative);
  if (!histogram) w.varint_field(field::sum::kIsMonotonic, m.kind->monotonic ? 1 : 0);
  w.end(data);
  w.end(outer);
}

}  // namespace

std::string_view OtlpEncoder::metrics(const metrics::MetricsSnapshot& snapshot) {
  Plan plan;  // once per export interval: plain vectors are fine here
  for (const auto& s : snapshot.server) plan.add(s.resource.get(), kServerDuration, Point{&s});
  for (const auto& s : snapshot.client) plan.add(s.resource.get(), kClientDuration, Point{&s});
  for (const auto& s : snapshot.tcp) plan_tcp(plan, s);
  out_.clear();
  for (const ResourcePlan& r : plan.resources()) {
    GroupMarks marks = open_group(out_, field::kRequestResourceMetrics, r.resource, agent_, seen_keys_);
    for (const MetricPlan& m : r.metrics) metric(out_, m, snapshot);
    close_group(out_, marks);
  }
  return out_.view();
}

}  // namespace kotel::otlp
