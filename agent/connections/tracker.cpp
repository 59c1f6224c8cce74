#include "connections/tracker.h"

#include <algorithm>

namespace kotel::connections {

const char* role_name(Role r) {
  switch (r) {
    case Role::kClient: return "client";
    case Role::kServer: return "server";
    default: return "unknown";
  }
}

Connection& ConnectionTracker::touch(const ConnKey& key, uint64_t ts_ns, bool* created) {
  auto it = index_.find(key);
  if (it != index_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    it->second->last_ns = std::max(it->second->last_ns, ts_ns);
    *created = false;
    return *it->second;
  }
  if (index_.size() >= limits_.max_connections && !lru_.empty()) {
    erase(std::prev(lru_.end()));
    ++stats_.evicted_cap;
  }
  lru_.emplace_front();
  Connection& c = lru_.front();
  c.key = key;
  c.opened_ns = c.last_ns = ts_ns;
  index_.emplace(key, lru_.begin());
  by_pid_[key.pid].push_back(key);
  *created = true;
  return c;
}

void ConnectionTracker::erase(Lru::iterator it) {
  auto pid_it = by_pid_.find(it->key.pid);
  if (pid_it != by_pid_.end()) {
    auto& keys = pid_it->second;
    auto k = std::find(keys.begin(), keys.end(), it->key);
    if (k != keys.end()) {
      *k = keys.back();
      keys.pop_back();
    }
    if (keys.empty()) by_pid_.erase(pid_it);
  }
  index_.erase(it->key);
  lru_.erase(it);
}

void ConnectionTracker::infer_role(Connection& c) const {
  if (c.role != Role::kUnknown || !c.tuple_known) return;
  c.role = listening_.contains(c.tuple.local.port) ? Role::kServer : Role::kClient;
  c.role_inferred = true;
}

const Connection& ConnectionTracker::on_open(const ingest::ConnOpen& ev) {
  bool created = false;
  Connection& c = touch(ev.key, ev.ts_ns, &created);
  c.opened_ns = std::min(c.opened_ns, ev.ts_ns);
  c.role = ev.role;
  c.role_inferred = false;
  c.open_source = ev.source;
  c.tuple = ev.tuple;
  c.tuple_known = true;
  c.sock = ev.sock;
  c.cgroup_id = ev.cgroup_id;
  infer_role(c);
  ++stats_.opened;
  if (ev.source == ingest::OpenSource::kDiscovered) ++stats_.discovered;
  return c;
}

DataOutcome ConnectionTracker::on_data(const ingest::Data& ev) {
  bool created = false;
  Connection& c = touch(ev.key, ev.ts_ns, &created);
  bool plaintext = ev.flags.tls_plaintext;
  DirectionStats& d = plaintext ? c.tls_dir[ev.direction == Direction::kEgress ? 0 : 1] : c.stats(ev.direction);
  DataOutcome out{&c, 0};
  if (ev.position > d.next_position) {
    out.gap_bytes = ev.position - d.next_position;
    d.gap_bytes += out.gap_bytes;
    ++d.gaps;
    ++stats_.gap_events;
    stats_.gap_bytes += out.gap_bytes;
  } else if (ev.position < d.next_position) {
    ++c.reordered;  // a later event got here first; its gap is refunded below
    ++stats_.reordered;
    if (d.gap_bytes >= ev.bytes) {
      d.gap_bytes -= ev.bytes;
      stats_.gap_bytes -= std::min(stats_.gap_bytes, ev.bytes);
    }
  }
  d.next_position = std::max(d.next_position, ev.position + ev.bytes);
  d.bytes_seen += ev.bytes;
  ++d.events;
  return out;
}

const Connection* ConnectionTracker::on_close(const ingest::ConnClose& ev) {
  auto it = index_.find(ev.key);
  if (it == index_.end()) return nullptr;
  Connection& c = *it->second;
  // Events lost at the very end show up only against the kernel's final totals.
  for (auto [dir, total] : {std::pair{Direction::kEgress, ev.bytes_egress}, {Direction::kIngress, ev.bytes_ingress}}) {
    DirectionStats& d = c.stats(dir);
    if (total > d.next_position) {
      d.gap_bytes += total - d.next_position;
      stats_.gap_bytes += total - d.next_position;
      ++d.gaps;
      ++stats_.gap_events;
      d.next_position = total;
    }
  }
  if (!c.closed) ++stats_.closed;
  c.closed = true;
  c.closed_ns = ev.ts_ns;
  return &c;
}

std::vector<ConnKey> ConnectionTracker::on_process_exit(uint32_t pid, uint64_t ts_ns) {
  std::vector<ConnKey> keys;
  auto it = by_pid_.find(pid);
  if (it == by_pid_.end()) return keys;
  for (const ConnKey& k : it->second) {
    Connection& c = *index_.at(k);
    if (c.closed) continue;
    c.closed = true;
    c.closed_ns = ts_ns;
    ++stats_.closed;
    keys.push_back(k);
  }
  return keys;
}

size_t ConnectionTracker::expire(uint64_t now_ns) {
  size_t removed = 0;
  // Walk from the least recently active end; stop at the first that stays.
  for (auto it = lru_.end(); it != lru_.begin();) {
    --it;
    bool closed_done = it->closed && now_ns >= it->closed_ns + limits_.linger_ns;
    bool idle = now_ns >= it->last_ns + limits_.idle_timeout_ns;
    if (!closed_done && !idle) {
      if (!it->closed) break;  // open and recent: everything before it is more recent
      continue;
    }
    if (idle && !it->closed) ++stats_.expired_idle;
    auto victim = it++;
    erase(victim);
    ++removed;
  }
  return removed;
}

const Connection* ConnectionTracker::find(const ConnKey& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &*it->second;
}

Connection* ConnectionTracker::find_mutable(const ConnKey& key) {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &*it->second;
}

}  // namespace kotel::connections
