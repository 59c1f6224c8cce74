#pragma once
// The agent's own health, one family group per file (kernel, pipeline,
// spans, exports, logs, TLS, Kubernetes), and the small helpers they share.

#include <string>
#include <utility>
#include <vector>

#include "exporters/prometheus/text_format.h"
#include "runtime/self_metrics/self_metrics.h"

namespace kotel::runtime {

using prometheus::MetricFamily;
using prometheus::MetricType;
using prometheus::Sample;

inline MetricFamily counter(std::string name, std::string help, double value) {
  return {std::move(name), std::move(help), MetricType::kCounter, {Sample{{}, value}}};
}

inline MetricFamily gauge(std::string name, std::string help, double value) {
  return {std::move(name), std::move(help), MetricType::kGauge, {Sample{{}, value}}};
}

inline MetricFamily labelled(std::string name, std::string help, MetricType type, const char* label,
                             const std::vector<std::pair<std::string, double>>& values) {
  MetricFamily f{std::move(name), std::move(help), type, {}};
  for (auto& [l, v] : values) f.samples.push_back(Sample{{{label, l}}, v});
  return f;
}

void add_kernel_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out);
void add_tls_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out);
void add_pipeline_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out);
void add_span_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out);
void add_export_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out);
void add_logs_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out);
void add_kubernetes_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out);
void add_user_probe_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out);

}  // namespace kotel::runtime
