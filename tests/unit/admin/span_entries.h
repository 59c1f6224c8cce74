#pragma once
// Shared by the admin span tests (history, feed, top table): a finished span
// as the admin keeps it, from the few facts a test varies.

#include <cstdint>
#include <memory>

#include "admin/span_history.h"

namespace kotel::admin::testing {

inline SpanEntry entry(uint8_t trace, uint8_t span, uint64_t dur_ns, const char* service = "svc",
                       spans::StatusCode status = spans::StatusCode::kOk) {
  SpanEntry e;
  e.trace_id[0] = trace;
  e.span_id[0] = span;
  e.end_unix_ns = 1000 + dur_ns;
  e.start_unix_ns = 1000;
  e.status = status;
  auto r = std::make_shared<model::Resource>();
  r->service_name = service;
  r->pid = 42;
  e.resource = r;
  return e;
}

}  // namespace kotel::admin::testing
