// RED snapshot -> OTLP metrics: names, unit, cumulative temporality, bucket
// bounds and counts, min/max, typed attributes, exemplar, one resource each.

#include "exporters/otlp/metrics_convert.h"

#include <gtest/gtest.h>

#include <map>

namespace kotel::otlp {
namespace {
namespace pb = opentelemetry::proto;

TEST(MetricsConvert, HistogramsPerResourceWithEveryField) {
  auto r = std::make_shared<model::Resource>();
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

// TCP health shares the process's resource with its RED metrics: cumulative
// sums per peer (monotonic counters, a non-monotonic active count) and the RTT histogram.
TEST(MetricsConvert, TcpSeriesAsSumsAndAnRttHistogramInTheProcessResource) {
  auto r = std::make_shared<model::Resource>();
  r->service_name = "db-client";
  metrics::MetricsSnapshot snap;
  snap.start_unix_ns = 10;
  snap.time_unix_ns = 20;
  metrics::TcpSeries t{r, "10.0.0.5", {}};
  t.counters.connect_attempts = 3;
  t.counters.connect_refused = 1;
  t.counters.bytes_sent = 700;
  t.counters.bytes_received = 9000;
  t.counters.active = 2;
  t.counters.rtt.record(0.0004);
  snap.tcp.push_back(t);
  pb::collector::metrics::v1::ExportMetricsServiceRequest req;
  to_export_request(snap, default_agent_resource({}), &req);
  ASSERT_EQ(req.resource_metrics_size(), 1);
  std::map<std::string, const pb::metrics::v1::Metric*> by_name;
  for (const auto& m : req.resource_metrics(0).scope_metrics(0).metrics()) by_name[m.name()] = &m;
  ASSERT_TRUE(by_name.count("kotel.tcp.connect.attempts"));
  const auto& attempts = by_name["kotel.tcp.connect.attempts"]->sum();
  EXPECT_TRUE(attempts.is_monotonic());
  EXPECT_EQ(attempts.aggregation_temporality(), pb::metrics::v1::AGGREGATION_TEMPORALITY_CUMULATIVE);
  EXPECT_EQ(attempts.data_points(0).as_int(), 3);
  EXPECT_EQ(attempts.data_points(0).attributes(0).key(), "network.peer.address");
  EXPECT_EQ(attempts.data_points(0).attributes(0).value().string_value(), "10.0.0.5");
  EXPECT_EQ(by_name["kotel.tcp.connect.failures"]->sum().data_points_size(), 2);  // refused, other
  const auto& bytes = by_name["kotel.tcp.bytes"]->sum();
  ASSERT_EQ(bytes.data_points_size(), 2);
  EXPECT_EQ(bytes.data_points(1).attributes(1).value().string_value(), "receive");
  EXPECT_EQ(bytes.data_points(1).as_int(), 9000);
  EXPECT_EQ(by_name["kotel.tcp.bytes"]->unit(), "By");
  EXPECT_FALSE(by_name["kotel.tcp.connections.active"]->sum().is_monotonic());
  EXPECT_EQ(by_name["kotel.tcp.connections.active"]->sum().data_points(0).as_int(), 2);
  ASSERT_TRUE(by_name.count("kotel.tcp.srtt"));
  const auto& rtt = by_name["kotel.tcp.srtt"]->histogram().data_points(0);
  EXPECT_EQ(rtt.count(), 1u);
  EXPECT_EQ(rtt.bucket_counts(3), 1u);  // (250 us, 500 us]
  EXPECT_FALSE(by_name.count("kotel.tcp.retransmits"));  // nothing to say: no series
}

}  // namespace
}  // namespace kotel::otlp
