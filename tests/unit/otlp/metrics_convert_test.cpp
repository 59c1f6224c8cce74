// RED snapshot -> OTLP metrics: names, unit, cumulative temporality, bucket
// bounds and counts, min/max, typed attributes, exemplar, one resource each.

#include "exporters/otlp/metrics_convert.h"

#include <gtest/gtest.h>

namespace kotel::otlp {
namespace {
namespace pb = opentelemetry::proto;

TEST(MetricsConvert, HistogramsPerResourceWithEveryField) {
  auto r = std::make_shared<spans::Resource>();
  r->service_name = "shop";
  r->pid = 3;
  metrics::HttpMetrics m(100);
  spans::Span s;
  s.kind = spans::SpanKind::kClient;
  s.trace_id.fill(0x7);
  s.span_id.fill(0x8);
  s.start_unix_ns = 1000;
  s.end_unix_ns = 1000 + 30'000'000;  // 30 ms
  s.attributes.push_back({"http.request.method", std::string("POST")});
  s.attributes.push_back({"http.response.status_code", int64_t{502}});
  s.attributes.push_back({"server.port", int64_t{9090}});
  s.http.method = "POST";
  s.http.status = 502;
  s.http.server_port = 9090;
  s.resource = r;
  m.record(s);
  pb::collector::metrics::v1::ExportMetricsServiceRequest req;
  to_export_request(m.snapshot(5000), default_agent_resource({}), &req);

  ASSERT_EQ(req.resource_metrics_size(), 1);
  const auto& scope = req.resource_metrics(0).scope_metrics(0);
  ASSERT_EQ(scope.metrics_size(), 1);
  const auto& metric = scope.metrics(0);
  EXPECT_EQ(metric.name(), "http.client.request.duration");
  EXPECT_EQ(metric.unit(), "s");
  ASSERT_TRUE(metric.has_histogram());
  EXPECT_EQ(metric.histogram().aggregation_temporality(), pb::metrics::v1::AGGREGATION_TEMPORALITY_CUMULATIVE);
  const auto& p = metric.histogram().data_points(0);
  EXPECT_EQ(p.start_time_unix_nano(), 100u);
  EXPECT_EQ(p.time_unix_nano(), 5000u);
  EXPECT_EQ(p.count(), 1u);
  EXPECT_NEAR(p.sum(), 0.03, 1e-9);
  EXPECT_NEAR(p.min(), 0.03, 1e-9);
  EXPECT_EQ(p.explicit_bounds_size(), 14);
  ASSERT_EQ(p.bucket_counts_size(), 15);
  EXPECT_EQ(p.bucket_counts(3), 1u);  // (0.025, 0.05]
  bool saw_status = false, saw_port = false;
  for (const auto& kv : p.attributes()) {
    if (kv.key() == "http.response.status_code") saw_status = kv.value().int_value() == 502;
    if (kv.key() == "server.port") saw_port = kv.value().int_value() == 9090;
  }
  EXPECT_TRUE(saw_status && saw_port);
  ASSERT_EQ(p.exemplars_size(), 1);
  EXPECT_EQ(p.exemplars(0).trace_id(), std::string(16, '\x07'));
  EXPECT_EQ(p.exemplars(0).span_id(), std::string(8, '\x08'));
}

}  // namespace
}  // namespace kotel::otlp
