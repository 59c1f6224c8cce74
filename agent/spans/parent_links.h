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
#include <string_view>
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

// Why a thread was not asked which request a client call belongs to. "This
// thread serves exactly one request" is evidence only where a thread serves
// one request at a time, from its read to its response (thread-per-request).
enum class ThreadRuleOff : uint8_t {
  kNo = 0,            // asked (a parent when it served exactly one request)
  kRuntime = 1,       // the process runs a runtime whose tasks share threads (Go, Node, BEAM)
  kMultiplexing = 2,  // the thread was seen serving two requests at once: an event loop
};
// "runtime" (with the runtime's name: "go_runtime") or "multiplexing_thread".
std::string thread_rule_off_name(ThreadRuleOff off, std::string_view runtime);

class ThreadActivity {
 public:
  static constexpr size_t kMaxThreads = 65536;
  static constexpr size_t kMaxPerThread = 16;

  // `token` tells one request from another on the same thread.
  // `shared_threads`: the process's runtime runs many tasks per thread, so
  // the thread says nothing about whose call it makes.
  void begin(uint32_t pid, uint32_t tid, uint64_t token, LinkContext ctx, bool shared_threads = false);
  void end(uint32_t pid, uint32_t tid, uint64_t token);
  // The request's context changed (a late tuple link): its later children see the new one.
  void update(uint32_t pid, uint32_t tid, uint64_t token, LinkContext ctx);

  struct Evidence {
    const LinkContext* parent = nullptr;  // the one request the thread serves, when that is evidence
    size_t in_flight = 0;                 // requests the thread serves now
    ThreadRuleOff off = ThreadRuleOff::kNo;
  };
  // What the thread says about a call it makes now. With several requests in
  // flight (an event loop) any pick would often be wrong (measured: wrong for
  // 57-99.9% of calls at concurrency 4+), so none; and once a thread was seen
  // with two at once, never again: with one in flight, a call from a timer or
  // a background task on that loop would take it as parent.
  Evidence evidence(uint32_t pid, uint32_t tid) const;
  // The request the thread is serving, when that is evidence (see evidence()).
  const LinkContext* current(uint32_t pid, uint32_t tid) const { return evidence(pid, tid).parent; }
  // How many requests the thread is serving now.
  size_t in_flight(uint32_t pid, uint32_t tid) const { return evidence(pid, tid).in_flight; }
  // Threads serving a request now.
  size_t threads() const {
    return std::count_if(by_thread_.begin(), by_thread_.end(), [](const auto& kv) { return !kv.second.active.empty(); });
  }
  // Threads seen serving two requests at once (remembered while the table has room).
  size_t multiplexing_threads() const {
    return std::count_if(by_thread_.begin(), by_thread_.end(), [](const auto& kv) { return kv.second.multiplexing; });
  }
  uint64_t forgotten() const { return forgotten_; }

 private:
  struct Active {
    uint64_t token;
    LinkContext ctx;
  };
  struct Thread {
    std::vector<Active> active;
    bool multiplexing = false;    // sticks: an event loop stays one
    bool shared_threads = false;  // as its process's last request said
  };
  static uint64_t key(uint32_t pid, uint32_t tid) { return (uint64_t{pid} << 32) | tid; }
  void make_room();
  std::unordered_map<uint64_t, Thread> by_thread_;
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
