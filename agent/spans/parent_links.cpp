#include "spans/parent_links.h"

#include <algorithm>
#include <cstring>

#include "spans/open_span.h"

namespace kotel::spans {

std::string thread_rule_off_name(ThreadRuleOff off, std::string_view runtime) {
  switch (off) {
    case ThreadRuleOff::kRuntime: return std::string(runtime.empty() ? "shared" : runtime) + "_runtime";
    case ThreadRuleOff::kMultiplexing: return "multiplexing_thread";
    default: return "";
  }
}

// Idle threads go first, but those known to multiplex keep their mark while
// others can go: a forgotten mark would let the thread rule guess again.
void ThreadActivity::make_room() {
  std::erase_if(by_thread_, [](const auto& kv) { return kv.second.active.empty() && !kv.second.multiplexing; });
  if (by_thread_.size() >= kMaxThreads)
    std::erase_if(by_thread_, [](const auto& kv) { return kv.second.active.empty(); });
}

void ThreadActivity::begin(uint32_t pid, uint32_t tid, uint64_t token, LinkContext ctx, bool shared_threads) {
  auto it = by_thread_.find(key(pid, tid));
  if (it == by_thread_.end()) {
    if (by_thread_.size() >= kMaxThreads) make_room();
    if (by_thread_.size() >= kMaxThreads) {
      ++forgotten_;
      return;
    }
    it = by_thread_.emplace(key(pid, tid), Thread{}).first;
  }
  Thread& t = it->second;
  t.shared_threads = shared_threads;
  // A new request read before the previous one was answered: this thread
  // serves several at a time (an event loop), not one from read to response.
  if (!t.active.empty()) t.multiplexing = true;
  if (t.active.size() >= kMaxPerThread) {  // requests that never end would pile up: forget the oldest
    t.active.erase(t.active.begin());
    ++forgotten_;
  }
  t.active.push_back({token, std::move(ctx)});
}

void ThreadActivity::end(uint32_t pid, uint32_t tid, uint64_t token) {
  auto it = by_thread_.find(key(pid, tid));
  if (it == by_thread_.end()) return;
  auto& active = it->second.active;
  active.erase(std::remove_if(active.begin(), active.end(), [&](const Active& a) { return a.token == token; }),
               active.end());
  // An idle thread keeps its (empty) entry: the next request reuses it without
  // allocating, and its multiplexing mark stays. Entries of idle threads go
  // when the table fills.
}

void ThreadActivity::update(uint32_t pid, uint32_t tid, uint64_t token, LinkContext ctx) {
  auto it = by_thread_.find(key(pid, tid));
  if (it == by_thread_.end()) return;
  for (auto& a : it->second.active) {
    if (a.token == token) {
      a.ctx = std::move(ctx);
      return;
    }
  }
}

ThreadActivity::Evidence ThreadActivity::evidence(uint32_t pid, uint32_t tid) const {
  auto it = by_thread_.find(key(pid, tid));
  if (it == by_thread_.end()) return {};
  const Thread& t = it->second;
  Evidence e;
  e.in_flight = t.active.size();
  e.off = t.shared_threads ? ThreadRuleOff::kRuntime : t.multiplexing ? ThreadRuleOff::kMultiplexing : ThreadRuleOff::kNo;
  if (e.off == ThreadRuleOff::kNo && e.in_flight == 1) e.parent = &t.active.front().ctx;
  return e;
}

size_t TupleLinks::KeyHash::operator()(const Key& k) const {
  uint64_t a, b, c, d;
  std::memcpy(&a, k.client.addr.data() + 8, 8);
  std::memcpy(&b, k.server.addr.data() + 8, 8);
  std::memcpy(&c, k.client.addr.data(), 8);
  std::memcpy(&d, k.server.addr.data(), 8);
  uint64_t h = a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL) * 0xbf58476d1ce4e5b9ULL ^ c ^ (d << 1);
  return static_cast<size_t>(h ^ (uint64_t{k.client.port} << 16 | k.server.port) * 0x94d049bb133111ebULL);
}

void TupleLinks::client_request(const ingest::Tuple& tuple, uint64_t ts_ns, LinkContext ctx) {
  Key k{tuple.local, tuple.remote};
  auto it = by_tuple_.find(k);
  if (it == by_tuple_.end()) {
    if (by_tuple_.size() >= kMaxTuples) std::erase_if(by_tuple_, [](const auto& kv) { return kv.second.empty(); });
    if (by_tuple_.size() >= kMaxTuples) {
      ++forgotten_;
      return;
    }
    it = by_tuple_.emplace(k, std::vector<Waiting>{}).first;
  }
  if (it->second.size() >= kMaxPerTuple) {  // nobody on this host reads them
    it->second.erase(it->second.begin());
    ++forgotten_;
  }
  it->second.push_back({ts_ns, std::move(ctx)});
}

std::optional<LinkContext> TupleLinks::server_request(const ingest::Tuple& tuple, uint64_t ts_ns) {
  auto it = by_tuple_.find(Key{tuple.remote, tuple.local});
  if (it == by_tuple_.end()) return std::nullopt;
  auto& waiting = it->second;
  // A request is read after it was sent (give or take the skew): anything
  // queued later is not this one.
  if (waiting.empty() || waiting.front().ts_ns > ts_ns + kSkewNs) return std::nullopt;
  LinkContext ctx = std::move(waiting.front().ctx);
  waiting.erase(waiting.begin());  // an emptied entry stays for the connection's next request; expire() drops it
  return ctx;
}

void TupleLinks::server_unlinked(const ingest::Tuple& tuple, uint64_t ts_ns, std::weak_ptr<OpenSpan> server) {
  Key k{tuple.remote, tuple.local};
  auto it = unlinked_servers_.find(k);
  if (it == unlinked_servers_.end()) {
    if (unlinked_servers_.size() >= kMaxTuples) expire_unlinked();
    if (unlinked_servers_.size() >= kMaxTuples) return;  // only a late link is lost: nothing to count
    it = unlinked_servers_.emplace(k, std::vector<Unlinked>{}).first;
  }
  auto& servers = it->second;
  std::erase_if(servers, [](const Unlinked& u) { return u.server.expired(); });
  if (servers.size() >= kMaxPerTuple) servers.erase(servers.begin());
  servers.push_back({ts_ns, std::move(server)});
}

std::shared_ptr<OpenSpan> TupleLinks::claim_server(const ingest::Tuple& tuple, uint64_t ts_ns) {
  if (unlinked_servers_.empty()) return nullptr;
  auto it = unlinked_servers_.find(Key{tuple.local, tuple.remote});
  if (it == unlinked_servers_.end()) return nullptr;
  auto& servers = it->second;
  std::shared_ptr<OpenSpan> claimed;
  for (auto u = servers.begin(); u != servers.end(); ++u) {
    uint64_t apart = u->ts_ns > ts_ns ? u->ts_ns - ts_ns : ts_ns - u->ts_ns;
    if (apart > kSkewNs) continue;
    claimed = u->server.lock();
    if (!claimed) continue;
    servers.erase(u);
    break;
  }
  if (servers.empty()) unlinked_servers_.erase(it);
  return claimed;
}

void TupleLinks::expire_unlinked() {
  for (auto it = unlinked_servers_.begin(); it != unlinked_servers_.end();) {
    std::erase_if(it->second, [](const Unlinked& u) { return u.server.expired(); });
    it = it->second.empty() ? unlinked_servers_.erase(it) : std::next(it);
  }
}

void TupleLinks::expire(uint64_t now_ns) {
  expire_unlinked();
  for (auto it = by_tuple_.begin(); it != by_tuple_.end();) {
    auto& waiting = it->second;
    auto stale = std::find_if(waiting.begin(), waiting.end(),
                              [&](const Waiting& w) { return w.ts_ns + kMaxAgeNs >= now_ns; });
    forgotten_ += static_cast<uint64_t>(stale - waiting.begin());
    waiting.erase(waiting.begin(), stale);
    it = waiting.empty() ? by_tuple_.erase(it) : std::next(it);
  }
}

}  // namespace kotel::spans
