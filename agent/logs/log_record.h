#pragma once
// A log record as kotel exports it: OpenTelemetry's log data model in plain
// values, no exporter types. Times are UNIX-epoch nanoseconds.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/attribute.h"
#include "model/ids.h"
#include "model/resource.h"

namespace kotel::logs {

// Where a record came from (the source label of kotel_log_records_total).
enum class LogSource : uint8_t { kStdout = 1, kStderr = 2, kKernel = 3 };
const char* source_name(LogSource s);

// OTel SeverityNumber: 1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN,
// 17-20 ERROR, 21-24 FATAL; 0 unspecified.
struct Severity {
  int number = 0;
  std::string text;  // as the line spelled it ("WARNING", "err"), or the OTel short name
  bool operator==(const Severity&) const = default;
};

struct LogRecord {
  uint64_t time_unix_ns = 0;      // the line's own timestamp; 0 when none was parseable
  uint64_t observed_unix_ns = 0;  // when the kernel saw the write
  Severity severity;
  std::string body;
  std::vector<model::Attribute> attributes;
  std::string event_name;  // kernel events: "kotel.process.exit", ...
  model::TraceId trace_id{};
  model::SpanId span_id{};
  bool sampled = true;
  LogSource source = LogSource::kStdout;
  uint32_t pid = 0;
  uint32_t tid = 0;
  std::shared_ptr<const model::Resource> resource;

  bool has_trace() const { return trace_id != model::TraceId{}; }
};

// What a record holds in memory: for the export queue's byte budget.
size_t approximate_bytes(const LogRecord& r);

}  // namespace kotel::logs
