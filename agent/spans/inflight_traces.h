#pragma once
// Server requests in flight per process, by trace id. A client call whose own
// trace context (sent by the application) names the trace of exactly one
// request its process serves now is that request's child: the application
// carried the context from that request, whatever thread or task made the call.
// The header's parent id cannot say so: it is the upstream's span (context
// forwarded as received) or the application's own SDK span.

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "spans/parent_links.h"

namespace kotel::spans {

class InflightTraces {
 public:
  static constexpr size_t kMaxRequests = 65536;
  static constexpr uint64_t kMaxAgeNs = 300'000'000'000;  // older than this when full: forgotten

  // `header_parent`: the parent id the request's own headers named (zero: none).
  void begin(uint32_t pid, uint64_t token, const LinkContext& ctx, const SpanId& header_parent, uint64_t now_ns);
  void end(uint64_t token);
  // The request's context changed (a late tuple link can change its trace).
  void update(uint64_t token, const LinkContext& ctx);

  struct Match {
    const LinkContext* only = nullptr;  // the one request of `pid` in that trace
    size_t count = 0;                   // requests of `pid` in that trace now
    bool names_known_span = false;      // `parent` is one of their span ids or their callers' ids
  };
  Match find(uint32_t pid, const TraceId& trace, const SpanId& parent) const;

  size_t size() const { return by_token_.size(); }
  uint64_t forgotten() const { return forgotten_; }

 private:
  struct Request {
    uint32_t pid;
    LinkContext ctx;
    SpanId header_parent;
    uint64_t begun_ns;
  };
  struct Key {
    uint32_t pid;
    TraceId trace;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  void unindex(uint64_t token, const Request& r);
  bool make_room(uint64_t now_ns);
  std::unordered_map<uint64_t, Request> by_token_;
  std::unordered_map<Key, std::vector<uint64_t>, KeyHash> by_trace_;
  uint64_t forgotten_ = 0;
  uint64_t last_sweep_ns_ = 0;
};

}  // namespace kotel::spans
