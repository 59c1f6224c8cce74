// The exporters' queues and calls, and the admin views.
#include "runtime/self_metrics/families.h"

namespace kotel::runtime {

// Export queues, calls and drops per signal and exporter; items live views lost.
void add_export_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out) {
  out.push_back(labelled("kotel_metric_series", "RED and TCP metric series kept now (per service on this host).",
                         MetricType::kGauge, "signal",
                         {{"http", static_cast<double>(in.series.http)}, {"tcp", static_cast<double>(in.series.tcp)}}));
  out.push_back(counter("kotel_metric_series_expired_total",
                        "Metric series dropped after --metrics-stale-after-s without a change (their last value exported).",
                        static_cast<double>(in.series.expired)));
  if (const auto* e = in.endpoint) {
    auto n = [](const std::atomic<uint64_t>& v) { return static_cast<double>(v.load()); };
    out.push_back(counter("kotel_metrics_endpoint_requests_total", "Requests the /metrics endpoint answered (any path, any status).",
                          n(e->requests)));
    out.push_back(labelled("kotel_metrics_endpoint_rejected_total",
                           "Connections or requests the /metrics endpoint refused, by reason (shed: over the "
                           "connection cap; timeout: head or response not through in time; unauthorized: wrong "
                           "basic-auth user; bad_request: not HTTP, head too large, TLS failed).",
                           MetricType::kCounter, "reason",
                           {{"shed", n(e->shed)}, {"timeout", n(e->timed_out)}, {"unauthorized", n(e->unauthorized)},
                            {"bad_request", n(e->bad_requests)}}));
  }
  out.push_back(labelled("kotel_admin_view_dropped_total",
                         "Items a live admin view (kotel tail, kotel top) lost because it fell behind.",
                         MetricType::kCounter, "stream",
                         {{"spans", static_cast<double>(in.admin_span_view_drops)},
                          {"events", static_cast<double>(in.admin_event_view_drops)},
                          {"logs", static_cast<double>(in.admin_log_view_drops)}}));
  if (!in.exports.empty()) {
    auto family = [](std::string name, std::string help, MetricType type) {
      return MetricFamily{std::move(name), std::move(help), type, {}};
    };
    MetricFamily items = family("kotel_export_items_total", "Items accepted by the receiver.", MetricType::kCounter);
    MetricFamily dropped = family("kotel_export_dropped_total", "Items that were not exported, by reason.",
                                  MetricType::kCounter);
    MetricFamily queued = family("kotel_export_queue_items", "Items waiting in the export queue.", MetricType::kGauge);
    MetricFamily queued_bytes = family("kotel_export_queue_bytes", "Memory the items waiting in the export queue hold.",
                                       MetricType::kGauge);
    MetricFamily queue_limit = family("kotel_export_queue_limit_bytes",
                                      "The export queue's memory budget (--export-queue-bytes; 0: items only).",
                                      MetricType::kGauge);
    MetricFamily attempts = family("kotel_export_attempts_total", "Export calls made, retries included.",
                                   MetricType::kCounter);
    MetricFamily failures = family("kotel_export_failures_total", "Export calls that failed.", MetricType::kCounter);
    MetricFamily seconds = family("kotel_export_success_seconds_total", "Time spent in export calls that succeeded.",
                                  MetricType::kCounter);
    for (const auto& x : in.exports) {
      const auto& e = *x.stats;
      std::vector<std::pair<std::string, std::string>> l{{"signal", x.signal}, {"exporter", x.exporter}};
      items.samples.push_back(Sample{l, static_cast<double>(e.exported.load())});
      for (auto [reason, v] : {std::pair{"queue_full", e.dropped_queue_full.load()},
                               {"refused", e.dropped_permanent.load()},
                               {"retries_exhausted", e.dropped_retries.load()},
                               {"shutdown", e.dropped_shutdown.load()},
                               {"rejected_by_receiver", e.rejected.load()}}) {
        auto lr = l;
        lr.push_back({"reason", reason});
        dropped.samples.push_back(Sample{lr, static_cast<double>(v)});
      }
      queued.samples.push_back(Sample{l, static_cast<double>(e.queued.load())});
      queued_bytes.samples.push_back(Sample{l, static_cast<double>(e.queued_bytes.load())});
      queue_limit.samples.push_back(Sample{l, static_cast<double>(e.queue_limit_bytes.load())});
      attempts.samples.push_back(Sample{l, static_cast<double>(e.attempts.load())});
      failures.samples.push_back(Sample{l, static_cast<double>(e.failures.load())});
      seconds.samples.push_back(Sample{l, static_cast<double>(e.latency_ns_sum.load()) / 1e9});
    }
    for (auto* f : {&items, &dropped, &queued, &queued_bytes, &queue_limit, &attempts, &failures, &seconds})
      out.push_back(std::move(*f));
  }
}

}  // namespace kotel::runtime
