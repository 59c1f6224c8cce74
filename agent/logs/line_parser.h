#pragma once
// One log line -> what a record needs: severity, the line's own timestamp,
// and for a JSON object line its fields as attributes (the message field as
// the body). Pure: the local UTC offset is given, not read.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "logs/log_record.h"

namespace kotel::logs {

struct ParsedLine {
  Severity severity;
  uint64_t time_unix_ns = 0;  // 0: no parseable timestamp
  bool json = false;
  std::string body;           // JSON: the message field; else empty (the line is the body)
  std::vector<model::Attribute> attributes;
};

inline constexpr size_t kMaxJsonAttributes = 64;

ParsedLine parse_line(std::string_view line, int64_t local_utc_offset_s);

}  // namespace kotel::logs
