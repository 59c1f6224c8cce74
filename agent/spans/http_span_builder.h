#pragma once
// HTTP exchanges -> OpenTelemetry spans. A request read by a process is a
// SERVER span, one it sent a CLIENT span. Ids and the parent are fixed when
// the request starts (so children that begin before it ends can point at it);
// attributes, name and status when the exchange completes.
//
// Parent, best evidence first (recorded in `kotel.parent.source`):
//  1. trace context headers on the request (traceparent, b3, uber-trace-id);
//  2. for a client call: the server request its thread is serving, when
//     its thread serves one request at a time (ThreadActivity::evidence) and
//     its process runs no runtime whose tasks share threads (Go, Node, BEAM:
//     discovery/executable_runtime.h);
//  3. for a server request: the client span on the other end of the same
//     connection, when both ends are on this host.
// A client request whose own headers continue the trace of exactly one
// request its process serves is that request's child (InflightTraces),
// before the thread is asked: the application carried that request's context.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "connections/connection.h"
#include "core/clock.h"
#include "discovery/executable_runtime.h"
#include "protocols/context/context.h"
#include "protocols/http1/stitch.h"
#include "spans/id_source.h"
#include "spans/inflight_traces.h"
#include "spans/open_span.h"
#include "spans/parent_links.h"
#include "spans/route_template.h"
#include "spans/sdk_processes.h"
#include "spans/span.h"
#include "spans/span_settings.h"

namespace kotel::spans {

struct SpanBuilderStats {
  uint64_t server_spans = 0;
  uint64_t client_spans = 0;
  uint64_t parent_header = 0;
  uint64_t parent_thread = 0;
  uint64_t parent_tuple = 0;
  uint64_t parent_none = 0;
  uint64_t thread_rule_off_runtime = 0;       // client spans of Go, Node, BEAM processes: thread not asked
  uint64_t thread_rule_off_multiplexing = 0;  // client spans of threads seen serving two requests at once
  uint64_t truncated = 0;        // spans from a head the capture cut
  uint64_t header_conflicts = 0; // a tuple link named another trace than the headers: headers won
  uint64_t late_tuple_links = 0; // tuple links made after the server's read came first (skew)
  uint64_t late_links_retraced = 0; // ... that changed the server span's trace id
  uint64_t baggage_capped = 0;      // baggage entries over the per-request caps: not exported
  uint64_t sampled_out = 0;         // spans head sampling left out of the export (metrics still count them)
  uint64_t parent_by_trace = 0;     // client spans whose headers' trace named one served request (in header)
  uint64_t sdk_spans = 0;           // spans of processes that export their own (SdkProcesses)
  uint64_t sdk_withheld = 0;        // ... not exported (--sdk-processes skip-spans)
  uint64_t sdk_processes_marked = 0;
  uint64_t inflight_forgotten = 0;  // served requests InflightTraces had no room for
  uint64_t internal_spans = 0;      // from user-declared probes
  uint64_t db_spans = 0;            // database/cache calls (Redis)
  uint64_t internal_parent_thread = 0;  // ... that had a parent by the thread rule
  protocols::context::ContextStats context;
};

// A call inside a process that becomes an INTERNAL span (a user-declared
// probe): its thread, its times on the kernel clock, its attributes.
struct InternalCall {
  uint32_t pid = 0;
  uint32_t tid = 0;
  uint64_t start_ns = 0, end_ns = 0;
  std::string name;
  std::vector<Attribute> attributes;
};

// A database or cache call seen on a client connection: a CLIENT span.
struct DbCall {
  uint32_t pid = 0;
  uint32_t tid = 0;
  uint64_t start_ns = 0, end_ns = 0;
  DbSummary summary;
  std::string query_text;  // literals already replaced by '?'
  const connections::Connection* conn = nullptr;
};

class HttpSpanBuilder final : public protocols::http1::ExchangeSink {
 public:
  using SpanSink = std::function<void(Span&&)>;
  HttpSpanBuilder(SpanSettings settings, IdSource& ids, core::MonotonicToRealtime clock, SpanSink sink);

  // The connection the next exchanges belong to, the resource of its
  // process and the runtime it runs: set before feeding its stitcher.
  // `conn` and `resource` must outlive the calls.
  void set_connection(const connections::Connection* conn, const std::shared_ptr<const Resource>* resource,
                      discovery::Runtime runtime = discovery::Runtime::kNative) {
    conn_ = conn;
    resource_ = resource;
    runtime_ = runtime;
  }
  void request_started(protocols::http1::Exchange& ex) override;
  void exchange_done(std::unique_ptr<protocols::http1::Exchange> ex) override;
  // An INTERNAL span for `call`: the child of the request its thread serves
  // when the thread rule applies (thread-per-request, not a shared-thread
  // runtime), else a root.
  void internal_span(InternalCall call, std::shared_ptr<const Resource> resource, discovery::Runtime runtime);
  // A CLIENT span for a database/cache call: parents as for an HTTP client
  // call made on that thread (the thread rule).
  void db_span(DbCall call, std::shared_ptr<const Resource> resource, discovery::Runtime runtime);
  // Periodic housekeeping; `now_ns` on the kernel clock.
  void tick(uint64_t now_ns) { tuples_.expire(now_ns); }
  // The process exited: a new one with its pid is not an SDK process.
  void forget_process(uint32_t pid) { sdk_.forget(pid); }

  const SpanBuilderStats& stats() const;
  const ThreadActivity& threads() const { return threads_; }
  const TupleLinks& tuples() const { return tuples_; }
  const SdkProcesses& sdk_processes() const { return sdk_; }
  const SpanSettings& settings() const { return settings_; }
  uint64_t templates_overflowed() const { return templates_.overflowed(); }

 private:
  std::shared_ptr<const Baggage> pick_baggage(const std::vector<protocols::context::BaggageEntry>& entries);
  bool link_early_server(OpenSpan& client, OpenSpan& server);
  // Trace, parent and sampling of a span made on thread (pid, tid) outside an
  // HTTP exchange: the thread's request when the thread rule applies, else a root.
  void parent_from_thread(Span& span, uint32_t pid, uint32_t tid, discovery::Runtime runtime, const std::string& service);
  void withhold_if_needed(Span& span, uint32_t pid);
  void look_for_sdk(const OpenSpan& client, const protocols::http1::Exchange& ex,
                    const protocols::context::IncomingContext& incoming, const InflightTraces::Match& served);

  SpanSettings settings_;
  std::shared_ptr<const SpanSettings> shared_settings_;  // for the spans' facts
  IdSource& ids_;
  core::MonotonicToRealtime clock_;
  SpanSink sink_;
  const connections::Connection* conn_ = nullptr;
  const std::shared_ptr<const Resource>* resource_ = nullptr;
  discovery::Runtime runtime_ = discovery::Runtime::kNative;
  ThreadActivity threads_;
  TupleLinks tuples_;
  InflightTraces inflight_;
  SdkProcesses sdk_;
  TemplateLimiter templates_;
  // (service, path) -> admitted route template, direct-mapped: a service's
  // paths repeat, and templating plus admitting them again costs three hash
  // lookups and a scan. A collision just recomputes.
  struct NameCacheEntry {
    std::string service;
    std::string path;
    std::string name;  // admitted template
  };
  static constexpr size_t kNameCacheSlots = 16384;  // ~2 MB at most
  std::vector<NameCacheEntry> name_cache_;
  std::string_view template_of(std::string_view service, std::string_view path);
  mutable SpanBuilderStats stats_;
  uint64_t next_token_ = 1;
};

}  // namespace kotel::spans
