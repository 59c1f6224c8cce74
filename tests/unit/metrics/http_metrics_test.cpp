// RED histograms from spans: buckets per the semantic conventions, the
// attributes each side keeps, the series cap with its overflow series, and
// the service graph edges.

#include "metrics/http_metrics.h"

#include <gtest/gtest.h>

#include "tests/support/http_spans.h"

namespace kotel::metrics {
namespace {

using testing::http_span;
using testing::shop_resource;

TEST(HttpMetrics, BucketsCountSumMinMaxAndExemplar) {
  HttpMetrics m(5);
  auto r = shop_resource();
  for (double d : {0.003, 0.2, 0.25, 20.0}) m.record(http_span(spans::SpanKind::kServer, d, 200, r));
  auto snap = m.snapshot(9);
  ASSERT_EQ(snap.server.size(), 1u);
  const Histogram& h = snap.server[0].histogram;
  EXPECT_EQ(h.count, 4u);
  EXPECT_NEAR(h.sum, 20.453, 1e-6);
  EXPECT_EQ(h.buckets[0], 1u);   // <= 0.005
  EXPECT_EQ(h.buckets[6], 2u);   // (0.1, 0.25]: bounds are inclusive upper limits
  EXPECT_EQ(h.buckets[14], 1u);  // > 10: +Inf
  EXPECT_NEAR(h.min, 0.003, 1e-9);
  EXPECT_NEAR(h.max, 20.0, 1e-9);
  EXPECT_NEAR(h.exemplar.value, 20.0, 1e-9);
  EXPECT_EQ(snap.start_unix_ns, 5u);
}

TEST(HttpMetrics, ServerAndClientKeepOnlyLowCardinalityAttributes) {
  HttpMetrics m(0);
  auto r = shop_resource();
  m.record(http_span(spans::SpanKind::kServer, 0.01, 200, r));
  m.record(http_span(spans::SpanKind::kClient, 0.01, 503, r));
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
  auto r = shop_resource();
  for (int status : {200, 201, 202, 203, 200}) m.record(http_span(spans::SpanKind::kServer, 0.01, status, r));
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

TEST(ServiceGraph, EdgesCountOnceWithBothDurations) {
  HttpMetrics m(0);
  testing::record_service_graph(m);
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
}

}  // namespace
}  // namespace kotel::metrics

namespace kotel::metrics {
namespace {

// A cron job's curl every second: one series per service, not per process,
// and it leaves once quiet for the stale period and exported.
TEST(HttpMetricsExpiry, ShortLivedProcessesShareSeriesThatExpireOnceExported) {
  HttpMetrics m(0);
  for (uint32_t pid = 1000; pid < 1500; ++pid) {
    auto r = std::make_shared<model::Resource>(*testing::shop_resource());
    r->pid = pid;
    r->service_instance_id = "p" + std::to_string(pid);
    m.record(testing::http_span(spans::SpanKind::kClient, 0.01, 200, r));
  }
  EXPECT_EQ(m.series(), 1u);
  uint64_t last = testing::http_span(spans::SpanKind::kClient, 0.01, 200, nullptr).end_unix_ns;
  uint64_t stale = 300'000'000'000;
  EXPECT_EQ(m.expire(last + stale - 1, stale, UINT64_MAX), 0u) << "not quiet long enough";
  EXPECT_EQ(m.expire(last + stale, stale, last - 1), 0u) << "its last value was not exported yet";
  EXPECT_EQ(m.expire(last + stale, stale, last), 1u);
  EXPECT_EQ(m.series(), 0u);
  EXPECT_EQ(m.expired(), 1u);
  EXPECT_TRUE(m.snapshot(0).edges.empty()) << "the service-graph edge went with it";
}

}  // namespace
}  // namespace kotel::metrics
