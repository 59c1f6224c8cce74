#pragma once
// Small queries over collected events, for readable assertions.

#include <sys/types.h>
#include <unistd.h>

#include <optional>
#include <vector>

#include "ingest/events.h"

namespace kotel::testing {

inline uint32_t self_pid() { return static_cast<uint32_t>(getpid()); }

// The latest open event for {this process, fd}.
inline std::optional<ingest::ConnOpen> open_for_fd(const std::vector<ingest::Event>& evs, int fd) {
  std::optional<ingest::ConnOpen> found;
  for (const auto& e : evs)
    if (auto* o = std::get_if<ingest::ConnOpen>(&e); o && o->key.pid == self_pid() && o->key.fd == fd) found = *o;
  return found;
}

inline std::vector<ingest::Data> data_of(const std::vector<ingest::Event>& evs, const ingest::ConnKey& key,
                                         ingest::Direction dir) {
  std::vector<ingest::Data> out;
  for (const auto& e : evs)
    if (auto* d = std::get_if<ingest::Data>(&e); d && d->key == key && d->direction == dir) out.push_back(*d);
  return out;
}

inline uint64_t bytes_of(const std::vector<ingest::Event>& evs, const ingest::ConnKey& key, ingest::Direction dir) {
  uint64_t total = 0;
  for (const auto& d : data_of(evs, key, dir)) total += d.bytes;
  return total;
}

// A wait_for() predicate: this process's latest connection on `fd` has moved
// exactly `n` bytes in `dir`.
inline auto bytes_reach(int fd, ingest::Direction dir, uint64_t n) {
  return [fd, dir, n](const std::vector<ingest::Event>& evs) {
    auto o = open_for_fd(evs, fd);
    return o && bytes_of(evs, o->key, dir) == n;
  };
}

inline std::optional<ingest::ConnClose> close_of(const std::vector<ingest::Event>& evs, const ingest::ConnKey& key) {
  for (const auto& e : evs)
    if (auto* c = std::get_if<ingest::ConnClose>(&e); c && c->key == key) return *c;
  return std::nullopt;
}

}  // namespace kotel::testing
