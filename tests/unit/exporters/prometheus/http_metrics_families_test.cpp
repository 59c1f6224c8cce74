// RED metrics snapshots as Prometheus families: names, labels, cumulative
// buckets, target_info, exemplars (OpenMetrics) and the service graph.

#include "exporters/prometheus/http_metrics_families.h"

#include <gtest/gtest.h>

#include "tests/support/http_spans.h"

namespace kotel::prometheus {
namespace {

using testing::http_span;

TEST(HttpMetricFamilies, FollowTheCompatibilityRules) {
  metrics::HttpMetrics m(0);
  auto r = testing::shop_resource();  // one process: its spans share the resource
  m.record(http_span(spans::SpanKind::kServer, 0.003, 200, r));
  m.record(http_span(spans::SpanKind::kServer, 0.2, 200, r));
  std::string text = render(http_metric_families(m.snapshot(0)));
  EXPECT_NE(text.find("# TYPE http_server_request_duration_seconds histogram\n"), std::string::npos) << text;
  std::string labels =
      "service_name=\"shop\",service_instance_id=\"box/shop\",http_request_method=\"GET\","
      "http_response_status_code=\"200\",url_scheme=\"http\",network_protocol_version=\"1.1\"";
  EXPECT_NE(text.find("http_server_request_duration_seconds_bucket{" + labels + ",le=\"0.005\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("http_server_request_duration_seconds_bucket{" + labels + ",le=\"0.25\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_server_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_server_request_duration_seconds_count{" + labels + "} 2\n"), std::string::npos);
  // Series are the service's on this host, not the process's: no pid, one instance per host.
  EXPECT_NE(text.find("target_info{service_name=\"shop\",service_instance_id=\"box/shop\",host_name=\"box\"} 1"),
            std::string::npos)
      << text;
  // OpenMetrics: the latest measurement (0.2 s, span id 0xc8 bytes) is the
  // exemplar of the bucket it falls in, and of no other.
  std::string om = render(http_metric_families(m.snapshot(0)), Format::kOpenMetrics);
  std::string exemplar_line =
      "http_server_request_duration_seconds_bucket{" + labels +
      ",le=\"0.25\"} 2 # {trace_id=\"00000000000000000000000000000000\",span_id=\"c8c8c8c8c8c8c8c8\"} 0.2 ";
  EXPECT_NE(om.find(exemplar_line), std::string::npos) << om;
  EXPECT_EQ(om.find(" # {"), om.rfind(" # {"));
  EXPECT_NE(om.find("# TYPE traces_service_graph_request counter\n"), std::string::npos);
}

TEST(HttpMetricFamilies, LabelNames) {
  EXPECT_EQ(label_name("k8s.pod.name"), "k8s_pod_name");
  EXPECT_EQ(label_name("9lives"), "_9lives");
}

TEST(HttpMetricFamilies, ServiceGraphEdgesAsCounters) {
  metrics::HttpMetrics m(0);
  testing::record_service_graph(m);
  std::string text = render(http_metric_families(m.snapshot(0)));
  EXPECT_NE(text.find("traces_service_graph_request_total{client=\"a\",server=\"b\",kotel_node=\"node1\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("traces_service_graph_request_failed_total{client=\"a\",server=\"b\",kotel_node=\"node1\"} 1\n"),
            std::string::npos);
}

}  // namespace
}  // namespace kotel::prometheus
