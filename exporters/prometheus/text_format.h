#pragma once
// The Prometheus text exposition format (version 0.0.4): metric families in,
// text out. Pure; checked against promtool in the tests.

#include <string>
#include <utility>
#include <vector>

namespace kotel::prometheus {

enum class MetricType { kCounter, kGauge, kHistogram };

struct Sample {
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
  const char* suffix = "";  // histograms: "_bucket" (with an "le" label), "_sum", "_count"
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
std::string render(const std::vector<MetricFamily>& families);

}  // namespace kotel::prometheus
