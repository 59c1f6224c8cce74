#pragma once
// Connection tracking: keeps per-direction byte positions (so lost events show
// up as gaps), role and 4-tuple per {pid, fd, generation}, and bounded memory:
// closed connections linger briefly for late events, idle ones expire, and past
// the cap the least recently active one is evicted (counted).

#include <cstdint>
#include <list>
#include <unordered_map>
#include <vector>

#include "connections/connection.h"
#include "connections/listening_ports.h"
#include "ingest/events.h"

namespace kotel::connections {

struct TrackerLimits {
  size_t max_connections = 65536;
  uint64_t idle_timeout_ns = 300'000'000'000;  // 5 min without a byte
  uint64_t linger_ns = 2'000'000'000;           // closed: keep 2 s for late (perf-reordered) events
};

struct TrackerStats {
  uint64_t opened = 0;
  uint64_t closed = 0;
  uint64_t discovered = 0;       // first seen in a data event
  uint64_t evicted_cap = 0;      // dropped because the table was full
  uint64_t expired_idle = 0;
  uint64_t gap_events = 0;
  uint64_t gap_bytes = 0;
  uint64_t reordered = 0;
};

struct DataOutcome {
  Connection* conn = nullptr;  // mutable for the one field a later stage decides: protocol
  uint64_t gap_bytes = 0;  // bytes lost right before this event
};

class ConnectionTracker {
 public:
  explicit ConnectionTracker(TrackerLimits limits = {}) : limits_(limits) {}

  const Connection& on_open(const ingest::ConnOpen& ev);
  DataOutcome on_data(const ingest::Data& ev);
  const Connection* on_close(const ingest::ConnClose& ev);
  // Marks every connection of the process closed; returns their keys.
  std::vector<ConnKey> on_process_exit(uint32_t pid, uint64_t ts_ns);
  // Removes closed connections past linger and idle ones; returns how many.
  size_t expire(uint64_t now_ns);

  const Connection* find(const ConnKey& key) const;
  // The one piece of a connection a later stage decides: its protocol.
  Connection* find_mutable(const ConnKey& key);
  size_t size() const { return index_.size(); }
  // Every tracked connection, most recently active first.
  template <typename Visit>
  void for_each(Visit&& visit) const {
    for (const Connection& c : lru_) visit(c);
  }
  template <typename Visit>
  void for_each(Visit&& visit) {
    for (Connection& c : lru_) visit(c);
  }
  const TrackerStats& stats() const { return stats_; }
  ListeningPorts& listening_ports() { return listening_; }

 private:
  using Lru = std::list<Connection>;  // front = most recently active
  Connection& touch(const ConnKey& key, uint64_t ts_ns, bool* created);
  void infer_role(Connection& c) const;
  void erase(Lru::iterator it);

  TrackerLimits limits_;
  Lru lru_;
  std::unordered_map<ConnKey, Lru::iterator, ingest::ConnKeyHash> index_;
  std::unordered_map<uint32_t, std::vector<ConnKey>> by_pid_;
  ListeningPorts listening_;
  TrackerStats stats_;
};

}  // namespace kotel::connections
