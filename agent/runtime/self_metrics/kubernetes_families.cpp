// Kubernetes metadata: the pod watcher's health.
#include "runtime/self_metrics/families.h"

namespace kotel::runtime {

// Pods known and the API server calls behind them.
void add_kubernetes_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out) {
  if (const auto* k8s = in.kubernetes.stats) {
    auto n = [](const std::atomic<uint64_t>& v) { return static_cast<double>(v.load()); };
    out.push_back(gauge("kotel_kubernetes_pods", "Pods of this node known from the API server.",
                        static_cast<double>(in.kubernetes.pods)));
    out.push_back(gauge("kotel_kubernetes_synced",
                        "1 when the pod list and watch are working, 0 when the API server fails (no k8s attributes for new pods).",
                        k8s->synced.load() ? 1 : 0));
    out.push_back(labelled("kotel_kubernetes_api_failures_total",
                           "API server calls that failed (each is retried with backoff).", MetricType::kCounter, "call",
                           {{"list", n(k8s->list_failures)}, {"watch", n(k8s->watch_failures)}}));
    out.push_back(counter("kotel_kubernetes_lists_total", "Complete pod lists.", n(k8s->lists)));
    out.push_back(counter("kotel_kubernetes_watch_events_total", "Pod added, modified and deleted events applied.",
                          n(k8s->watch_events)));
    out.push_back(counter("kotel_kubernetes_relists_total",
                          "Lists made again because the watch's resourceVersion expired (410 Gone).",
                          n(k8s->relists_gone)));
    out.push_back(counter("kotel_kubernetes_invalid_total", "Pods or watch events that could not be read (skipped).",
                          n(k8s->invalid)));
  }
}

}  // namespace kotel::runtime
