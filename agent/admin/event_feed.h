#pragma once
// Live kernel event streams (`kotel tail events`): each event as the line
// `kotel agent --print events` prints, with the process and service it
// belongs to, in a LiveFeed filtered per subscriber.

#include <cstdint>
#include <string>

#include "admin/live_feed.h"

namespace kotel::admin {

struct EventEntry {
  uint64_t unix_ns = 0;
  uint32_t pid = 0;      // 0: not known in this event (TCP state changes run in softirq)
  std::string kind;      // ingest::event_kind_name: open | close | data | state | exec | exit | fork | tcp | log
  std::string service;   // of `pid`, "" when unknown
  std::string line;
};

struct EventFilter {
  uint32_t pid = 0;     // 0: any
  std::string service;  // "": any
  bool matches(const EventEntry& e) const {
    return (!pid || e.pid == pid) && (service.empty() || e.service == service);
  }
};

using EventFeed = LiveFeed<EventEntry, EventFilter>;

}  // namespace kotel::admin
