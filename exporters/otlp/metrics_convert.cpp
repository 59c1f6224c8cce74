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

}  // namespace

void to_export_request(const metrics::MetricsSnapshot& snapshot, const AgentResource& agent,
                       pb::collector::metrics::v1::ExportMetricsServiceRequest* out) {
  struct PerResource {
    pb::metrics::v1::Histogram* server = nullptr;
    pb::metrics::v1::Histogram* client = nullptr;
    pb::metrics::v1::ScopeMetrics* scope = nullptr;
  };
  std::map<const spans::Resource*, PerResource> by_resource;
  auto histogram_for = [&](const metrics::Series& s, metrics::HttpMetric which) {
    PerResource& pr = by_resource[s.resource.get()];
    if (!pr.scope) {
      auto* rm = out->add_resource_metrics();
      rm->set_schema_url(kSchemaUrl);
      fill_resource(s.resource.get(), agent, rm->mutable_resource());
      pr.scope = rm->add_scope_metrics();
      pr.scope->mutable_scope()->set_name("kotel");
      pr.scope->mutable_scope()->set_version(core::kVersion);
      pr.scope->set_schema_url(kSchemaUrl);
    }
    auto*& slot = which == metrics::HttpMetric::kServerDuration ? pr.server : pr.client;
    if (!slot) {
      auto* m = pr.scope->add_metrics();
      m->set_name(metrics::metric_name(which));
      m->set_unit("s");
      m->set_description(which == metrics::HttpMetric::kServerDuration ? "Duration of HTTP server requests."
                                                                        : "Duration of HTTP client requests.");
      slot = m->mutable_histogram();
      slot->set_aggregation_temporality(pb::metrics::v1::AGGREGATION_TEMPORALITY_CUMULATIVE);
    }
    return slot;
  };
  for (const auto& s : snapshot.server) add_point(s, snapshot, histogram_for(s, metrics::HttpMetric::kServerDuration));
  for (const auto& s : snapshot.client) add_point(s, snapshot, histogram_for(s, metrics::HttpMetric::kClientDuration));
}

}  // namespace kotel::otlp
