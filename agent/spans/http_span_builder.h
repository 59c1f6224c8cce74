#pragma once
// HTTP exchanges -> OpenTelemetry spans. A request read by a process is a
// SERVER span, one it sent a CLIENT span. Ids and the parent are fixed when
// the request starts (so children that begin before it ends can point at it);
// attributes, name and status when the exchange completes.
//
// Parent, best evidence first (recorded in `kotel.parent.source`):
//  1. trace context headers on the request (traceparent, b3, uber-trace-id);
//  2. for a client call: the server request its thread is serving;
//  3. for a server request: the client span on the other end of the same
//     connection, when both ends are on this host.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "connections/connection.h"
#include "core/clock.h"
#include "protocols/context/context.h"
#include "protocols/http1/stitch.h"
#include "spans/id_source.h"
#include "spans/parent_links.h"
#include "spans/route_template.h"
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
  uint64_t truncated = 0;        // spans from a head the capture cut
  uint64_t header_conflicts = 0; // a tuple link named another trace than the headers: headers won
  protocols::context::ContextStats context;
};

class HttpSpanBuilder final : public protocols::http1::ExchangeSink {
 public:
  using SpanSink = std::function<void(Span&&)>;
  using ResourceLookup = std::function<std::shared_ptr<const Resource>(uint32_t pid)>;

  HttpSpanBuilder(SpanSettings settings, IdSource& ids, ResourceLookup resources, core::MonotonicToRealtime clock,
                  SpanSink sink);

  // The connection the next exchanges belong to: set before feeding its stitcher.
  void set_connection(const connections::Connection* conn) { conn_ = conn; }
  void request_started(protocols::http1::Exchange& ex) override;
  void exchange_done(std::unique_ptr<protocols::http1::Exchange> ex) override;
  // Periodic housekeeping; `now_ns` on the kernel clock.
  void tick(uint64_t now_ns) { tuples_.expire(now_ns); }

  const SpanBuilderStats& stats() const { return stats_; }
  const ThreadActivity& threads() const { return threads_; }
  const TupleLinks& tuples() const { return tuples_; }
  uint64_t templates_overflowed() const { return templates_.overflowed(); }

 private:
  struct Pending;
  std::shared_ptr<const Baggage> pick_baggage(const std::vector<protocols::context::BaggageEntry>& entries) const;
  void add_attributes(const protocols::http1::Exchange& ex, const Pending& p, Span& span) const;

  SpanSettings settings_;
  IdSource& ids_;
  ResourceLookup resources_;
  core::MonotonicToRealtime clock_;
  SpanSink sink_;
  const connections::Connection* conn_ = nullptr;
  ThreadActivity threads_;
  TupleLinks tuples_;
  TemplateLimiter templates_;
  // path -> route_template(path): a service's paths repeat, templating them
  // again costs more than a lookup. Cleared when full.
  struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::string, ViewHash, std::equal_to<>> template_cache_;
  const std::string& template_of(std::string_view path);
  SpanBuilderStats stats_;
  uint64_t next_token_ = 1;
};

}  // namespace kotel::spans
