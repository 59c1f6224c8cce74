// Metrics benchmark, one core:
//   aggregation: finished spans -> RED histograms + service graph
//                (HttpMetrics::record), against the histogram arithmetic alone
//                (Histogram::record on the same durations) as the floor;
//                and TCP events -> TcpMetrics::record.
//   scrape:      a /metrics render with N RED series (snapshot, families,
//                text; OpenMetrics too): time and size.
// Prints per-round figures and medians.
// usage: kotel_metrics_bench [rounds=5] [records=2000000] [series=10000]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_stats.h"
#include "exporters/common/gzip.h"
#include "exporters/prometheus/http_metrics_families.h"
#include "metrics/http_metrics.h"
#include "metrics/tcp_metrics.h"

using namespace kotel;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::vector<std::shared_ptr<const model::Resource>> make_resources(size_t n) {
  std::vector<std::shared_ptr<const model::Resource>> out;
  for (size_t i = 0; i < n; ++i) {
    auto r = std::make_shared<model::Resource>();
    r->service_name = "svc-" + std::to_string(i);
    r->service_instance_id = "00000000-0000-0000-0000-" + std::to_string(100000000000 + i);
    r->pid = static_cast<uint32_t>(1000 + i);
    r->host_name = "node-1";
    out.push_back(r);
  }
  return out;
}

// `distinct` attribute sets spread over the resources: servers and clients,
// methods, statuses, peers; every fourth request is a graph edge.
std::vector<spans::Span> make_spans(size_t count, size_t distinct,
                                    const std::vector<std::shared_ptr<const model::Resource>>& resources) {
  static const char* kMethods[] = {"GET", "POST", "PUT", "DELETE", "PATCH"};
  static const uint16_t kStatus[] = {200, 201, 204, 301, 404, 500};
  std::vector<spans::Span> out(count);
  for (size_t i = 0; i < count; ++i) {
    size_t k = i % distinct;
    spans::Span& s = out[i];
    s.kind = k % 2 ? spans::SpanKind::kClient : spans::SpanKind::kServer;
    size_t n = resources.size();  // k decomposes into resource, method, status: distinct sets
    s.resource = resources[k % n];
    s.http.method = kMethods[(k / n) % 5];
    s.http.status = kStatus[(k / (5 * n)) % 6];
    if (s.http.status >= 500) s.http.error_type = "500";
    if (s.kind == spans::SpanKind::kClient) {
      s.http.server_address = "10.0.0." + std::to_string((k / 30) % 250);
      s.http.server_port = 8080;
    }
    if (i % 4 == 0) {
      s.http.graph_role = spans::HttpSummary::GraphRole::kServerCounts;
      s.http.graph_client = "svc-" + std::to_string(k % 20);
      s.http.graph_server = s.resource->service_name;
    }
    s.trace_id.fill(static_cast<uint8_t>(i));
    s.span_id.fill(static_cast<uint8_t>(i >> 8));
    s.start_unix_ns = 1'000'000'000 + i * 1000;
    s.end_unix_ns = s.start_unix_ns + 100'000 + (i * 7919) % 400'000'000;  // 0.1 ms .. 400 ms
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  size_t records = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2'000'000;
  size_t series = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 10'000;

  auto resources = make_resources(50);
  // Aggregation over a realistic spread: 1000 attribute sets.
  auto spans = make_spans(records, 1000, resources);
  std::vector<double> floor_rate, agg_rate, tcp_rate;
  for (int r = 0; r < rounds; ++r) {
    metrics::Histogram h;
    auto t0 = Clock::now();
    for (const auto& s : spans) h.record(static_cast<double>(s.end_unix_ns - s.start_unix_ns) / 1e9, s);
    floor_rate.push_back(static_cast<double>(records) / seconds_since(t0));
    if (h.count != records) return 1;

    metrics::HttpMetrics m(0);
    t0 = Clock::now();
    for (const auto& s : spans) m.record(s);
    agg_rate.push_back(static_cast<double>(records) / seconds_since(t0));

    metrics::TcpMetrics tcp;
    std::vector<std::string> peers;
    for (int p = 0; p < 200; ++p) peers.push_back("10.0.1." + std::to_string(p));
    t0 = Clock::now();
    for (size_t i = 0; i < records; ++i)
      tcp.record(resources[i % resources.size()], peers[i % peers.size()], metrics::TcpEvent::kRetransmit);
    tcp_rate.push_back(static_cast<double>(records) / seconds_since(t0));
    std::printf("round %d: histogram floor %.2fM/s  RED+graph %.2fM/s (%.2f of floor)  TCP %.2fM/s\n", r + 1,
                floor_rate.back() / 1e6, agg_rate.back() / 1e6, agg_rate.back() / floor_rate.back(),
                tcp_rate.back() / 1e6);
  }
  std::printf("aggregation medians (%zu records, 1000 attribute sets, one core): floor %.2fM/s, RED+graph %.2fM/s "
              "(%.2f of floor), TCP %.2fM/s\n",
              records, bench::median(floor_rate) / 1e6, bench::median(agg_rate) / 1e6,
              bench::median(agg_rate) / bench::median(floor_rate), bench::median(tcp_rate) / 1e6);

  // Scrape with `series` RED series (half server, half client).
  metrics::HttpMetrics big(0, series);
  auto many = make_resources(500);
  for (const auto& s : make_spans(series * 3, series, many)) big.record(s);
  std::vector<double> snap_ms, fam_ms, text_ms, om_ms, gz_ms;
  size_t bytes = 0, om_bytes = 0, gz_bytes = 0, lines = 0;
  for (int r = 0; r < rounds; ++r) {
    auto t0 = Clock::now();
    auto snap = big.snapshot(1);
    snap_ms.push_back(seconds_since(t0) * 1e3);
    t0 = Clock::now();
    auto families = prometheus::http_metric_families(snap);
    fam_ms.push_back(seconds_since(t0) * 1e3);
    t0 = Clock::now();
    std::string text = prometheus::render(families);
    text_ms.push_back(seconds_since(t0) * 1e3);
    t0 = Clock::now();
    std::string om = prometheus::render(families, prometheus::Format::kOpenMetrics);
    om_ms.push_back(seconds_since(t0) * 1e3);
    t0 = Clock::now();
    gz_bytes = common::gzip_compress(om, 1).size();  // what /metrics sends Prometheus
    gz_ms.push_back(seconds_since(t0) * 1e3);
    bytes = text.size();
    om_bytes = om.size();
    lines = 0;
    for (char c : text) lines += c == '\n';
  }
  std::printf("scrape with %zu RED series (%zu lines, %.1f MiB text, %.1f MiB OpenMetrics), medians of %d: "
              "snapshot %.1f ms, families %.1f ms, text %.1f ms, OpenMetrics %.1f ms; total %.1f ms\n",
              big.series(), lines, static_cast<double>(bytes) / (1 << 20), static_cast<double>(om_bytes) / (1 << 20),
              rounds, bench::median(snap_ms), bench::median(fam_ms), bench::median(text_ms), bench::median(om_ms),
              bench::median(snap_ms) + bench::median(fam_ms) + bench::median(text_ms));
  std::printf("gzip (level 1) of the OpenMetrics text: %.1f ms, %.2f MiB (%.1fx smaller)\n", bench::median(gz_ms),
              static_cast<double>(gz_bytes) / (1 << 20), static_cast<double>(om_bytes) / static_cast<double>(gz_bytes));
  return 0;
}
