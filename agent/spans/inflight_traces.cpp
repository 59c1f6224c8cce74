#include "spans/inflight_traces.h"

#include <algorithm>
#include <cstring>

namespace kotel::spans {

size_t InflightTraces::KeyHash::operator()(const Key& k) const {
  uint64_t low = 0;  // trace ids are random: their low half hashes well enough
  std::memcpy(&low, k.trace.data() + 8, sizeof low);
  return static_cast<size_t>(low ^ (uint64_t{k.pid} * 0x9E3779B97F4A7C15ULL));
}

void InflightTraces::begin(uint32_t pid, uint64_t token, const LinkContext& ctx, const SpanId& header_parent,
                           uint64_t now_ns) {
  if (by_token_.size() >= kMaxRequests && !make_room(now_ns)) {
    ++forgotten_;
    return;
  }
  by_token_.emplace(token, Request{pid, ctx, header_parent, now_ns});
  by_trace_[Key{pid, ctx.trace_id}].push_back(token);
}

void InflightTraces::unindex(uint64_t token, const Request& r) {
  auto it = by_trace_.find(Key{r.pid, r.ctx.trace_id});
  if (it == by_trace_.end()) return;
  std::erase(it->second, token);
  if (it->second.empty()) by_trace_.erase(it);
}

void InflightTraces::end(uint64_t token) {
  auto it = by_token_.find(token);
  if (it == by_token_.end()) return;
  unindex(token, it->second);
  by_token_.erase(it);
}

void InflightTraces::update(uint64_t token, const LinkContext& ctx) {
  auto it = by_token_.find(token);
  if (it == by_token_.end()) return;
  unindex(token, it->second);
  it->second.ctx = ctx;
  by_trace_[Key{it->second.pid, ctx.trace_id}].push_back(token);
}

InflightTraces::Match InflightTraces::find(uint32_t pid, const TraceId& trace, const SpanId& parent) const {
  Match m;
  auto it = by_trace_.find(Key{pid, trace});
  if (it == by_trace_.end()) return m;
  m.count = it->second.size();
  for (uint64_t token : it->second) {
    const Request& r = by_token_.at(token);
    if (r.ctx.span_id == parent || r.header_parent == parent) m.names_known_span = true;
  }
  if (m.count == 1) m.only = &by_token_.at(it->second.front()).ctx;
  return m;
}

// Requests whose end was never seen (a connection lost mid-request) must not
// fill the table for good: when full, the ones older than kMaxAgeNs go.
bool InflightTraces::make_room(uint64_t now_ns) {
  if (last_sweep_ns_ && now_ns - last_sweep_ns_ < 1'000'000'000) return false;  // one scan a second at most
  last_sweep_ns_ = now_ns;
  for (auto it = by_token_.begin(); it != by_token_.end();) {
    if (now_ns - it->second.begun_ns > kMaxAgeNs) {
      unindex(it->first, it->second);
      it = by_token_.erase(it);
      ++forgotten_;
    } else {
      ++it;
    }
  }
  return by_token_.size() < kMaxRequests;
}

}  // namespace kotel::spans
