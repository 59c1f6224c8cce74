#pragma once
// Live log record streams (`kotel tail logs`): each record as
// `kotel agent --print logs` prints it, with the facts a filter needs, in a
// LiveFeed filtered per subscriber.

#include <cstdint>
#include <string>

#include "admin/live_feed.h"

namespace kotel::admin {

struct LogEntry {
  uint64_t unix_ns = 0;  // the line's own time when it had one, else when the kernel saw it
  uint32_t pid = 0;
  std::string service;   // of `pid`, "" when unknown
  std::string source;    // stdout | stderr | kernel
  int severity_number = 0;
  std::string severity_text;
  std::string event_name;  // kernel records: kotel.process.exit, ...
  std::string body;
  std::string trace_id, span_id;  // hex, "" when the line was written outside a request
  std::string line;
};

struct LogFilter {
  uint32_t pid = 0;          // 0: any
  std::string service;       // "": any
  int min_severity = 0;      // OTel SeverityNumber; 0: any (records without a severity included)
  bool matches(const LogEntry& e) const {
    return (!pid || e.pid == pid) && (service.empty() || e.service == service) &&
           (!min_severity || e.severity_number >= min_severity);
  }
};

using LogFeed = LiveFeed<LogEntry, LogFilter>;

}  // namespace kotel::admin
