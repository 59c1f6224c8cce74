#include "exporters/otlp/metrics_convert.h"

#include <charconv>
#include <map>

#include "core/version.h"

namespace kotel::otlp {
namespace pb = opentelemetry::proto;

namespace {

// Status codes and ports are integers in the conventions; the rest strings.
void set_attribute(pb::common::v1::KeyValue* kv, const std::string& key, const std::string& value) {
  kv->set_key(key);
  if (key == "http.response.status_code" || key == "server.port") {
    int64_t n = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec == std::errc() && p == value.data() + value.size()) {
      kv->mutable_value()->set_int_value(n);
      return;
    }
  }
  if (key == "otel.metric.overflow") {
    kv->mutable_value()->set_bool_value(value == "true");
    return;
  }
  kv->mutable_value()->set_string_value(value);
}

void add_point(const metrics::Series& s, const metrics::MetricsSnapshot& snap, pb::metrics::v1::Histogram* h) {
  auto* p = h->add_data_points();
  for (const auto& [k, v] : s.attributes) set_attribute(p->add_attributes(), k, v);
  p->set_start_time_unix_nano(snap.start_unix_ns);
  p->set_time_unix_nano(snap.time_unix_ns);
  const auto& hist = s.histogram;
  p->set_count(hist.count);
  p->set_sum(hist.sum);
  if (hist.count) {
    p->set_min(hist.min);
    p->set_max(hist.max);
  }
  for (uint64_t c : hist.buckets) p->add_bucket_counts(c);
  for (double b : metrics::kDurationBounds) p->add_explicit_bounds(b);
  if (hist.count && hist.exemplar.time_unix_ns) {
    auto* e = p->add_exemplars();
    e->set_time_unix_nano(hist.exemplar.time_unix_ns);
    e->set_as_double(hist.exemplar.value);
    e->set_trace_id(hist.exemplar.trace_id.data(), hist.exemplar.trace_id.size());
    e->set_span_id(hist.exemplar.span_id.data(), hist.exemplar.span_id.size());
  }
}

// One ResourceMetrics + ScopeMetrics per observed process, and one Metric per
// name within it, created on first use.
class ResourceScopes {
 public:
  ResourceScopes(const AgentResource& agent, pb::collector::metrics::v1::ExportMetricsServiceRequest* out)
      : agent_(agent), out_(out) {}

  pb::metrics::v1::Metric* metric(const model::Resource* r, const char* name, const char* unit, const char* help) {
    PerResource& pr = by_resource_[r];
    if (!pr.scope) {
      auto* rm = out_->add_resource_metrics();
      rm->set_schema_url(kSchemaUrl);
      fill_resource(r, agent_, rm->mutable_resource());
      pr.scope = rm->add_scope_metrics();
      pr.scope->mutable_scope()->set_name("kotel");
      pr.scope->mutable_scope()->set_version(core::kVersion);
      pr.scope->set_schema_url(kSchemaUrl);
    }
    auto*& m = pr.metrics[name];
    if (!m) {
      m = pr.scope->add_metrics();
      m->set_name(name);
      m->set_unit(unit);
      m->set_description(help);
    }
    return m;
  }

 private:
  struct PerResource {
    pb::metrics::v1::ScopeMetrics* scope = nullptr;
    std::map<std::string_view, pb::metrics::v1::Metric*> metrics;
  };
  const AgentResource& agent_;
  pb::collector::metrics::v1::ExportMetricsServiceRequest* out_;
  std::map<const model::Resource*, PerResource> by_resource_;
};

pb::metrics::v1::Histogram* cumulative_histogram(pb::metrics::v1::Metric* m) {
  auto* h = m->mutable_histogram();
  h->set_aggregation_temporality(pb::metrics::v1::AGGREGATION_TEMPORALITY_CUMULATIVE);
  return h;
}

struct TcpSum {
  const char* name;
  const char* unit;
  const char* help;
  bool monotonic;
};

void add_sum_point(ResourceScopes& scopes, const metrics::TcpSeries& s, const TcpSum& what, uint64_t value,
                   const metrics::MetricsSnapshot& snap, const char* key = nullptr, const char* key_value = nullptr) {
  auto* sum = scopes.metric(s.resource.get(), what.name, what.unit, what.help)->mutable_sum();
  sum->set_aggregation_temporality(pb::metrics::v1::AGGREGATION_TEMPORALITY_CUMULATIVE);
  sum->set_is_monotonic(what.monotonic);
  auto* p = sum->add_data_points();
  set_attribute(p->add_attributes(), "network.peer.address", s.peer);
  if (key) set_attribute(p->add_attributes(), key, key_value);
  p->set_start_time_unix_nano(snap.start_unix_ns);
  p->set_time_unix_nano(snap.time_unix_ns);
  p->set_as_int(static_cast<int64_t>(value));
}

void add_tcp_series(ResourceScopes& scopes, const metrics::TcpSeries& s, const metrics::MetricsSnapshot& snap) {
  static constexpr TcpSum kAttempts{"kotel.tcp.connect.attempts", "{connection}", "Outgoing TCP connection attempts.",
                                    true};
  static constexpr TcpSum kFailures{"kotel.tcp.connect.failures", "{connection}",
                                    "Outgoing TCP connections that failed.", true};
  static constexpr TcpSum kRetransmits{"kotel.tcp.retransmits", "{segment}", "TCP segments retransmitted.", true};
  static constexpr TcpSum kResets{"kotel.tcp.resets", "{reset}", "TCP resets sent and received.", true};
  static constexpr TcpSum kBytes{"kotel.tcp.bytes", "By", "Bytes moved by tracked TCP connections.", true};
  static constexpr TcpSum kClosed{"kotel.tcp.connections.closed", "{connection}",
                                  "Tracked TCP connections that closed.", true};
  static constexpr TcpSum kActive{"kotel.tcp.connections.active", "{connection}", "Tracked TCP connections open.",
                                  false};
  const auto& c = s.counters;
  if (c.connect_attempts) {
    add_sum_point(scopes, s, kAttempts, c.connect_attempts, snap);
    add_sum_point(scopes, s, kFailures, c.connect_refused, snap, "error.type", "connection_refused");
    add_sum_point(scopes, s, kFailures, c.connect_failed, snap, "error.type", "other");
  }
  if (c.retransmits) add_sum_point(scopes, s, kRetransmits, c.retransmits, snap);
  if (c.resets_sent) add_sum_point(scopes, s, kResets, c.resets_sent, snap, "network.io.direction", "transmit");
  if (c.resets_received) add_sum_point(scopes, s, kResets, c.resets_received, snap, "network.io.direction", "receive");
  if (c.connections_closed || c.active || c.bytes_sent || c.bytes_received) {
    add_sum_point(scopes, s, kBytes, c.bytes_sent, snap, "network.io.direction", "transmit");
    add_sum_point(scopes, s, kBytes, c.bytes_received, snap, "network.io.direction", "receive");
    add_sum_point(scopes, s, kActive, c.active, snap);
  }
  if (c.connections_closed) add_sum_point(scopes, s, kClosed, c.connections_closed, snap);
  if (c.rtt.count) {
    auto* h = cumulative_histogram(scopes.metric(s.resource.get(), "kotel.tcp.srtt", "s",
                                                 "Smoothed round-trip time of tracked TCP connections, at close."));
    auto* p = h->add_data_points();
    set_attribute(p->add_attributes(), "network.peer.address", s.peer);
    p->set_start_time_unix_nano(snap.start_unix_ns);
    p->set_time_unix_nano(snap.time_unix_ns);
    p->set_count(c.rtt.count);
    p->set_sum(c.rtt.sum);
    for (uint64_t b : c.rtt.buckets) p->add_bucket_counts(b);
    for (double b : metrics::kRttBounds) p->add_explicit_bounds(b);
  }
}

}  // namespace

void to_export_request(const metrics::MetricsSnapshot& snapshot, const AgentResource& agent,
                       pb::collector::metrics::v1::ExportMetricsServiceRequest* out) {
  ResourceScopes scopes(agent, out);
  for (auto which : {metrics::HttpMetric::kServerDuration, metrics::HttpMetric::kClientDuration}) {
    bool server = which == metrics::HttpMetric::kServerDuration;
    for (const auto& s : server ? snapshot.server : snapshot.client) {
      auto* m = scopes.metric(s.resource.get(), metrics::metric_name(which), "s",
                              server ? "Duration of HTTP server requests." : "Duration of HTTP client requests.");
      add_point(s, snapshot, cumulative_histogram(m));
    }
  }
  for (const auto& s : snapshot.tcp) add_tcp_series(scopes, s, snapshot);
}

}  // namespace kotel::otlp
