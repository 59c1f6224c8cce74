#pragma once
// The Prometheus text exposition format (version 0.0.4), or OpenMetrics 1.0
// for scrapers that ask for it (it carries exemplars): metric families in, text
// out. Pure; checked against promtool and a real Prometheus in the tests.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kotel::prometheus {

enum class MetricType { kCounter, kGauge, kHistogram };

using Labels = std::vector<std::pair<std::string, std::string>>;

struct Sample {
  Labels labels;  // rendered after `shared`'s
  double value = 0;
  const char* suffix = "";  // histograms: "_bucket" (with an "le" label), "_sum", "_count"
  // OpenMetrics only: `{trace_id="..",span_id=".."} value timestamp` after the sample.
  std::string exemplar;
  // Labels many samples share (a histogram's buckets): copied by reference.
  std::shared_ptr<const Labels> shared;
};

struct MetricFamily {
  std::string name;  // already in Prometheus form; counters end in _total
  std::string help;
  MetricType type = MetricType::kGauge;
  std::vector<Sample> samples;
};

// Escapes a label value: backslash, double quote and newline.
std::string escape_label_value(const std::string& v);
// HELP text escaping: backslash and newline.
std::string escape_help(const std::string& v);
enum class Format { kText, kOpenMetrics };
inline constexpr const char* kTextContentType = "text/plain; version=0.0.4; charset=utf-8";
inline constexpr const char* kOpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
// What to answer a scrape whose Accept header is `accept`: OpenMetrics when it asks for it.
Format negotiate(std::string_view accept);

// Counter families are named with their _total suffix; OpenMetrics names the
// family without it, the sample with it.
std::string render(const std::vector<MetricFamily>& families, Format format = Format::kText);

}  // namespace kotel::prometheus
