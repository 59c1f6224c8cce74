#include "exporters/prometheus/text_format.h"

#include <fmt/format.h>

#include <cmath>

namespace kotel::prometheus {
namespace {

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{}", v);
}

}  // namespace

std::string escape_label_value(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string escape_help(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

Format negotiate(std::string_view accept) {
  return accept.find("application/openmetrics-text") != std::string_view::npos ? Format::kOpenMetrics
                                                                                : Format::kText;
}

std::string render(const std::vector<MetricFamily>& families, Format format) {
  const bool om = format == Format::kOpenMetrics;
  std::string out;
  for (const auto& f : families) {
    std::string_view family = f.name;
    if (om && f.type == MetricType::kCounter && family.ends_with("_total")) family.remove_suffix(6);
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family, escape_help(f.help), family,
                       f.type == MetricType::kCounter ? "counter"
                       : f.type == MetricType::kGauge ? "gauge"
                                                      : "histogram");
    for (const auto& s : f.samples) {
      out += f.name;
      out += s.suffix;
      if (!s.labels.empty()) {
        out += '{';
        for (size_t i = 0; i < s.labels.size(); ++i) {
          if (i) out += ',';
          out += fmt::format("{}=\"{}\"", s.labels[i].first, escape_label_value(s.labels[i].second));
        }
        out += '}';
      }
      out += ' ' + format_value(s.value);
      if (om && !s.exemplar.empty()) out += " # " + s.exemplar;
      out += '\n';
    }
  }
  if (om) out += "# EOF\n";
  return out;
}

}  // namespace kotel::prometheus
