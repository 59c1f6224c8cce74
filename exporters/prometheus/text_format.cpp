#include "exporters/prometheus/text_format.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace kotel::prometheus {
namespace {

void append_value(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else {
    char buf[32];
    auto r = v == std::floor(v) && std::fabs(v) < 1e15
                 ? std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v))
                 : std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back the same
    out.append(buf, r.ptr);
  }
}

void append_label_value(std::string& out, const std::string& v) {
  for (char c : v) {
    if (c == '\\' || c == '"' || c == '\n') {
      out += escape_label_value(v);
      return;
    }
  }
  out += v;
}

void append_labels(std::string& out, const Sample& s) {
  bool first = true;
  auto add = [&](const Labels& labels) {
    for (const auto& [k, v] : labels) {
      out += first ? '{' : ',';
      first = false;
      out += k;
      out += "=\"";
      append_label_value(out, v);
      out += '"';
    }
  };
  if (s.shared) add(*s.shared);
  add(s.labels);
  if (!first) out += '}';
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
  out.reserve(1 << 16);
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
      append_labels(out, s);
      out += ' ';
      append_value(out, s.value);
      if (om && !s.exemplar.empty()) {
        out += " # ";
        out += s.exemplar;
      }
      out += '\n';
    }
  }
  if (om) out += "# EOF\n";
  return out;
}

}  // namespace kotel::prometheus
