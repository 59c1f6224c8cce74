// RED histograms from spans: buckets per the semantic conventions, the
// attributes each side keeps, the series cap with its overflow series, and
// the Prometheus rendering (names, labels, cumulative buckets, target_info).

#include "metrics/http_metrics.h"

#include <gtest/gtest.h>

#include "exporters/prometheus/http_metrics_families.h"

namespace kotel::metrics {
namespace {

std::shared_ptr<const model::Resource> resource() {
  auto r = std::make_shared<model::Resource>();
  r->service_name = "shop";
  r->service_instance_id = "0a1b";
  r->pid = 7;
  r->host_name = "box";
  return r;
}

spans::Span span(spans::SpanKind kind, double seconds, int64_t status, std::shared_ptr<const model::Resource> r) {
  spans::Span s;
  s.kind = kind;
  s.span_id.fill(static_cast<uint8_t>(status));
  s.start_unix_ns = 1'000'000'000;
  s.end_unix_ns = s.start_unix_ns + static_cast<uint64_t>(seconds * 1e9);
  s.attributes.push_back({"http.request.method", std::string("GET")});
  s.attributes.push_back({"http.response.status_code", status});
  s.attributes.push_back({"url.path", std::string("/users/42")});
  s.attributes.push_back({"url.scheme", std::string("http")});
  s.attributes.push_back({"server.address", std::string("api")});
  s.attributes.push_back({"server.port", int64_t{8080}});
  s.attributes.push_back({"network.peer.address", std::string("10.0.0.9")});
  s.http.method = "GET";
  s.http.status = static_cast<uint16_t>(status);
  if (kind == spans::SpanKind::kClient) {
    s.http.server_address = "api";
    s.http.server_port = 8080;
  }
  s.resource = std::move(r);
  return s;
}

TEST(HttpMetrics, BucketsCountSumMinMaxAndExemplar) {
  HttpMetrics m(5);
  auto r = resource();
  for (double d : {0.003, 0.2, 0.25, 20.0}) m.record(span(spans::SpanKind::kServer, d, 200, r));
  auto snap = m.snapshot(9);
  ASSERT_EQ(snap.server.size(), 1u);
  const Histogram& h = snap.server[0].histogram;
  EXPECT_EQ(h.count, 4u);
  EXPECT_NEAR(h.sum, 20.453, 1e-6);
  EXPECT_EQ(h.buckets[0], 1u);    // <= 0.005
  EXPECT_EQ(h.buckets[6], 2u);    // (0.1, 0.25]: bounds are inclusive upper limits
  EXPECT_EQ(h.buckets[14], 1u);   // > 10: +Inf
  EXPECT_NEAR(h.min, 0.003, 1e-9);
  EXPECT_NEAR(h.max, 20.0, 1e-9);
  EXPECT_NEAR(h.exemplar.value, 20.0, 1e-9);
  EXPECT_EQ(snap.start_unix_ns, 5u);
}

TEST(HttpMetrics, ServerAndClientKeepOnlyLowCardinalityAttributes) {
  HttpMetrics m(0);
  auto r = resource();
  m.record(span(spans::SpanKind::kServer, 0.01, 200, r));
  m.record(span(spans::SpanKind::kClient, 0.01, 503, r));
  auto snap = m.snapshot(0);
  ASSERT_EQ(snap.server.size(), 1u);
  ASSERT_EQ(snap.client.size(), 1u);
  EXPECT_EQ(snap.server[0].attributes, (Attributes{{"http.request.method", "GET"},
                                                   {"http.response.status_code", "200"},
                                                   {"url.scheme", "http"},
                                                   {"network.protocol.version", "1.1"}}));
  EXPECT_EQ(snap.client[0].attributes, (Attributes{{"http.request.method", "GET"},
                                                   {"http.response.status_code", "503"},
                                                   {"server.address", "api"},
                                                   {"server.port", "8080"},
                                                   {"network.protocol.version", "1.1"}}));
}

TEST(HttpMetrics, PastTheCapNewSeriesGoToOneOverflowSeries) {
  HttpMetrics m(0, /*max_series=*/2);
  auto r = resource();
  for (int status : {200, 201, 202, 203, 200}) m.record(span(spans::SpanKind::kServer, 0.01, status, r));
  auto snap = m.snapshot(0);
  ASSERT_EQ(snap.server.size(), 3u);
  EXPECT_EQ(snap.overflowed, 2u);
  uint64_t overflow_count = 0, total = 0;
  for (const auto& s : snap.server) {
    total += s.histogram.count;
    if (s.attributes == Attributes{{"otel.metric.overflow", "true"}}) overflow_count = s.histogram.count;
  }
  EXPECT_EQ(overflow_count, 2u);
  EXPECT_EQ(total, 5u);  // nothing lost: every measurement is in some series
}

TEST(HttpMetrics, PrometheusFamiliesFollowTheCompatibilityRules) {
  HttpMetrics m(0);
  auto r = resource();  // one process: its spans share the resource
  m.record(span(spans::SpanKind::kServer, 0.003, 200, r));
  m.record(span(spans::SpanKind::kServer, 0.2, 200, r));
  std::string text = prometheus::render(prometheus::http_metric_families(m.snapshot(0)));
  EXPECT_NE(text.find("# TYPE http_server_request_duration_seconds histogram\n"), std::string::npos) << text;
  std::string labels = "service_name=\"shop\",service_instance_id=\"0a1b\",http_request_method=\"GET\","
                       "http_response_status_code=\"200\",url_scheme=\"http\",network_protocol_version=\"1.1\"";
  EXPECT_NE(text.find("http_server_request_duration_seconds_bucket{" + labels + ",le=\"0.005\"} 1\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("http_server_request_duration_seconds_bucket{" + labels + ",le=\"0.25\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_server_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_server_request_duration_seconds_count{" + labels + "} 2\n"), std::string::npos);
  EXPECT_NE(text.find("target_info{service_name=\"shop\",service_instance_id=\"0a1b\",process_pid=\"7\""),
            std::string::npos);
  // OpenMetrics: the latest measurement (0.2 s, span id 0xc8 bytes) is the
  // exemplar of the bucket it falls in, and of no other.
  std::string om = prometheus::render(prometheus::http_metric_families(m.snapshot(0)), prometheus::Format::kOpenMetrics);
  std::string exemplar_line = "http_server_request_duration_seconds_bucket{" + labels +
                              ",le=\"0.25\"} 2 # {trace_id=\"00000000000000000000000000000000\",span_id=\"c8c8c8c8c8c8c8c8\"} 0.2 ";
  EXPECT_NE(om.find(exemplar_line), std::string::npos) << om;
  EXPECT_EQ(om.find(" # {"), om.rfind(" # {"));
  EXPECT_NE(om.find("# TYPE traces_service_graph_request counter\n"), std::string::npos);
  EXPECT_EQ(prometheus::label_name("k8s.pod.name"), "k8s_pod_name");
  EXPECT_EQ(prometheus::label_name("9lives"), "_9lives");
}

}  // namespace
}  // namespace kotel::metrics

namespace kotel::metrics {
namespace {

TEST(ServiceGraph, EdgesCountOnceWithBothDurations) {
  HttpMetrics m(0);
  auto r = std::make_shared<model::Resource>();
  r->service_name = "a";
  r->host_name = "node1";
  using Role = spans::HttpSummary::GraphRole;
  auto edge_span = [&](spans::SpanKind kind, Role role, std::string client, std::string server, bool error) {
    spans::Span s;
    s.kind = kind;
    s.start_unix_ns = 0;
    s.end_unix_ns = 20'000'000;
    s.http.method = "GET";
    s.http.graph_role = role;
    s.http.graph_client = std::move(client);
    s.http.graph_server = std::move(server);
    if (error) s.status = spans::StatusCode::kError;
    s.resource = r;
    return s;
  };
  m.record(edge_span(spans::SpanKind::kServer, Role::kServerCounts, "a", "b", true));         // b's side
  m.record(edge_span(spans::SpanKind::kClient, Role::kClientDurationOnly, "a", "b", true));   // a's side
  m.record(edge_span(spans::SpanKind::kClient, Role::kClientCounts, "a", "db:5432", false));  // remote server
  auto snap = m.snapshot(0);
  ASSERT_EQ(snap.edges.size(), 2u);
  for (const auto& e : snap.edges) {
    EXPECT_EQ(e.node, "node1");
    if (e.server == "b") {
      EXPECT_EQ(e.total, 1u);  // counted once, by the server
      EXPECT_EQ(e.failed, 1u);
      EXPECT_EQ(e.server_seconds.count, 1u);
      EXPECT_EQ(e.client_seconds.count, 1u);
    } else {
      EXPECT_EQ(e.server, "db:5432");
      EXPECT_EQ(e.total, 1u);
      EXPECT_EQ(e.failed, 0u);
      EXPECT_EQ(e.server_seconds.count, 0u);
    }
  }
  std::string text = prometheus::render(prometheus::http_metric_families(snap));
  EXPECT_NE(text.find("traces_service_graph_request_total{client=\"a\",server=\"b\",kotel_node=\"node1\"} 1\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("traces_service_graph_request_failed_total{client=\"a\",server=\"b\",kotel_node=\"node1\"} 1\n"),
            std::string::npos);
}

}  // namespace
}  // namespace kotel::metrics
