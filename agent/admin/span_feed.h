#pragma once
// Live span streams (`kotel tail spans`, `kotel top`): a LiveFeed of spans,
// filtered per subscriber.

#include <cstdint>
#include <string>

#include "admin/live_feed.h"
#include "admin/span_history.h"

namespace kotel::admin {

struct SpanFilter {
  std::string service;  // "": any
  uint32_t pid = 0;     // 0: any
  uint64_t min_duration_ns = 0;
  bool errors_only = false;
  bool matches(const SpanEntry& e) const;
};

using SpanFeed = LiveFeed<SpanEntry, SpanFilter>;

}  // namespace kotel::admin
