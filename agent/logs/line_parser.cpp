#include "logs/line_parser.h"

#include <nlohmann/json.hpp>

#include "logs/severity.h"
#include "logs/timestamp.h"

namespace kotel::logs {
namespace {

using nlohmann::json;

bool is_one_of(std::string_view key, std::initializer_list<std::string_view> names) {
  for (auto n : names)
    if (key == n) return true;
  return false;
}

std::optional<Severity> json_severity(const json& v) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (auto n = level_word_number(s)) return Severity{*n, s};
  } else if (v.is_number_integer()) {
    if (auto n = numeric_level_number(v.get<int64_t>())) return Severity{*n, severity_short_name(*n)};
  }
  return std::nullopt;
}

uint64_t json_time(const json& v, int64_t offset_s) {
  uint64_t ns = 0;
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (parse_leading_timestamp(s, offset_s, &ns) == 0) return 0;
    return ns;
  }
  if (v.is_number_integer()) return epoch_integer_to_ns(v.get<int64_t>());
  if (v.is_number()) return epoch_number_to_ns(v.get<double>());
  return 0;
}

model::AttributeValue json_value(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number()) return v.get<double>();
  return v.dump();  // objects, arrays, null: their JSON text
}

bool parse_json(std::string_view line, int64_t offset_s, ParsedLine& out) {
  json doc = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return false;
  out.json = true;
  for (const auto& [key, value] : doc.items()) {
    if (!out.severity.number && is_one_of(key, {"level", "severity", "lvl", "levelname", "log.level", "loglevel"})) {
      if (auto s = json_severity(value)) {
        out.severity = *s;
        continue;
      }
    }
    if (!out.time_unix_ns && is_one_of(key, {"time", "timestamp", "ts", "@timestamp", "asctime", "datetime"})) {
      if ((out.time_unix_ns = json_time(value, offset_s))) continue;
    }
    if (out.body.empty() && value.is_string() && is_one_of(key, {"msg", "message", "@message", "event"})) {
      out.body = value.get<std::string>();
      continue;
    }
    if (out.attributes.size() >= kMaxJsonAttributes) continue;
    out.attributes.push_back({model::AttrKey::owned(key), json_value(value)});
  }
  return true;
}

}  // namespace

ParsedLine parse_line(std::string_view line, int64_t local_utc_offset_s) {
  ParsedLine out;
  size_t first = line.find_first_not_of(" \t");
  if (first != std::string_view::npos && line[first] == '{' && parse_json(line.substr(first), local_utc_offset_s, out))
    return out;
  size_t after = parse_leading_timestamp(line, local_utc_offset_s, &out.time_unix_ns);
  out.severity = text_severity(line, after);
  return out;
}

}  // namespace kotel::logs
