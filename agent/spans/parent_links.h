#pragma once
// The two kinds of evidence kotel has, besides headers, that one span is the
// parent of another:
//  - ThreadActivity: which server requests each thread is serving now, so a
//    client call the thread makes meanwhile is their child;
//  - TupleLinks: client requests sent on this host, by connection 4-tuple, so
//    the server that reads them on the other end (also on this host) is their
//    child.
// Both are bounded; what they forget is counted.

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/events.h"
#include "spans/span.h"

namespace kotel::spans {

struct OpenSpan;  // spans/open_span.h

struct BaggageItem {
  std::string key;
  std::string value;
};
using Baggage = std::vector<BaggageItem>;

// A client request's service-graph edge, completed by the server on the other
// end when that server is on this host.
struct ClientEdge {
  std::string server_service;
  bool seen_by_server = false;
};

// What a child span inherits.
struct LinkContext {
  TraceId trace_id{};
  SpanId span_id{};
  bool sampled = true;
  std::string trace_state;
  std::shared_ptr<const Baggage> baggage;  // shared: inherited by every span downstream
  std::string service;                     // the parent's service (service-graph edges)
  std::shared_ptr<ClientEdge> edge;        // tuple links only
};

class ThreadActivity {
 public:
  static constexpr size_t kMaxThreads = 65536;
  static constexpr size_t kMaxPerThread = 16;

  // `token` tells one request from another on the same thread.
  void begin(uint32_t pid, uint32_t tid, uint64_t token, LinkContext ctx);
  void end(uint32_t pid, uint32_t tid, uint64_t token);
  // The request's context changed (a late tuple link): its later children see the new one.
  void update(uint32_t pid, uint32_t tid, uint64_t token, LinkContext ctx);
  // The request the thread is serving, when it serves exactly one. With
  // several in flight (an event loop) any pick would often be wrong
  // (measured: wrong for 57-99.9% of calls at concurrency 4+), so none.
  const LinkContext* current(uint32_t pid, uint32_t tid) const;
  // How many requests the thread is serving now.
  size_t in_flight(uint32_t pid, uint32_t tid) const;
  // Threads serving a request now.
  size_t threads() const {
    return std::count_if(by_thread_.begin(), by_thread_.end(), [](const auto& kv) { return !kv.second.empty(); });
  }
  uint64_t forgotten() const { return forgotten_; }

 private:
  struct Active {
    uint64_t token;
    LinkContext ctx;
  };
  static uint64_t key(uint32_t pid, uint32_t tid) { return (uint64_t{pid} << 32) | tid; }
  std::unordered_map<uint64_t, std::vector<Active>> by_thread_;
  uint64_t forgotten_ = 0;
};

class TupleLinks {
 public:
  static constexpr size_t kMaxTuples = 65536;
  static constexpr size_t kMaxPerTuple = 64;
  static constexpr uint64_t kMaxAgeNs = 60'000'000'000;
  // On loopback the reader can wake and finish its recv before the sender's
  // sock_send_length fires (it runs after the send returns), so the server's
  // read may come first in time and in the event stream. Measured skews are
  // microseconds; within this window the two are the same request.
  static constexpr uint64_t kSkewNs = 1'000'000;

  // A client sent a request on the connection `tuple` (its own view: local =
  // client end).
  void client_request(const ingest::Tuple& tuple, uint64_t ts_ns, LinkContext ctx);
  // A server read a request on `tuple` (its view: local = server end): the
  // oldest client request waiting on that connection, if any.
  std::optional<LinkContext> server_request(const ingest::Tuple& tuple, uint64_t ts_ns);
  // A server that read a request on `tuple` (its view) before any client
  // request waited there: it waits in turn, as long as `server` (its span
  // state) lives, for a client request that was sent just before.
  void server_unlinked(const ingest::Tuple& tuple, uint64_t ts_ns, std::weak_ptr<OpenSpan> server);
  // A client sends on `tuple` (its view): a server on the other end that
  // already read this request within kSkewNs, if any.
  std::shared_ptr<OpenSpan> claim_server(const ingest::Tuple& tuple, uint64_t ts_ns);
  // Drops entries older than kMaxAgeNs (the server is not on this host).
  void expire(uint64_t now_ns);
  // Client requests waiting for their server.
  size_t size() const {
    size_t n = 0;
    for (const auto& kv : by_tuple_) n += kv.second.size();
    return n;
  }
  uint64_t forgotten() const { return forgotten_; }

 private:
  struct Key {
    ingest::Endpoint client, server;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  struct Waiting {
    uint64_t ts_ns;
    LinkContext ctx;
  };
  struct Unlinked {
    uint64_t ts_ns;
    std::weak_ptr<OpenSpan> server;
  };
  // A vector, not a deque: it holds one or two requests almost always, and a
  // deque's 512-byte block per connection costs cache misses.
  std::unordered_map<Key, std::vector<Waiting>, KeyHash> by_tuple_;
  std::unordered_map<Key, std::vector<Unlinked>, KeyHash> unlinked_servers_;
  void expire_unlinked();  // servers whose span ended
  uint64_t forgotten_ = 0;
};

}  // namespace kotel::spans
