#pragma once
// The HTTP/1 part of the pipeline: one stitcher per HTTP connection, whose
// exchanges become spans. Connections leave when they close, when their
// process exits, or when the tracker forgets them.

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>

#include "config/user_probe_config.h"
#include "connections/tracker.h"
#include "protocols/http1/stitch.h"
#include "protocols/redis/redis_stitch.h"
#include "spans/http_span_builder.h"

namespace kotel::pipeline {

class HttpStage {
 public:
  using ResourceLookup = std::function<std::shared_ptr<const model::Resource>(uint32_t pid)>;
  using RuntimeLookup = std::function<discovery::Runtime(uint32_t pid)>;
  // `runtimes` (may be empty: all native) is asked once per HTTP connection.
  HttpStage(spans::SpanSettings settings, std::unique_ptr<spans::IdSource> ids, ResourceLookup resources,
            core::MonotonicToRealtime clock, spans::HttpSpanBuilder::SpanSink sink, RuntimeLookup runtimes = {});

  void on_data(connections::Connection& conn, const ingest::Data& ev, uint64_t gap_bytes);
  void on_close(connections::Connection& conn, uint64_t ts_ns);
  // Drops the stitchers of connections the tracker no longer has.
  void tick(const connections::ConnectionTracker& tracker, uint64_t now_ns);
  void forget_process(uint32_t pid) { builder_.forget_process(pid); }
  // A call of a user-declared probe: an INTERNAL span, child of the request
  // its thread serves (the thread rule).
  void on_user_probe(const ingest::UserProbeHit& hit, const config::UserProbeConfig& probe);
  // A Redis call on a client connection: a CLIENT span, parents by the thread rule.
  void on_redis_call(const connections::Connection& conn, protocols::redis::RedisCall&& call);

  size_t connections() const { return stitchers_.size(); }
  const protocols::http1::StitchStats& stitch_stats() const { return stitch_stats_; }
  const spans::HttpSpanBuilder& builder() const { return builder_; }

 private:
  std::vector<std::string> capture_names_;
  std::vector<std::string_view> capture_views_;
  protocols::http1::HeaderCapture capture_;
  std::unique_ptr<spans::IdSource> ids_;
  spans::HttpSpanBuilder builder_;
  protocols::http1::StitchStats stitch_stats_;
  // Per HTTP connection: its stitcher, its process's resource and runtime
  // (looked up once per connection, not per span).
  struct PerConnection final : connections::ProtocolState {
    PerConnection(protocols::http1::Stitcher s, std::shared_ptr<const model::Resource> r, discovery::Runtime rt)
        : stitcher(std::move(s)), resource(std::move(r)), runtime(rt) {}
    protocols::http1::Stitcher stitcher;
    std::shared_ptr<const model::Resource> resource;
    discovery::Runtime runtime;
  };
  ResourceLookup resources_;
  RuntimeLookup runtimes_;
  std::unordered_map<ingest::ConnKey, PerConnection, ingest::ConnKeyHash> stitchers_;
  uint64_t last_sweep_ns_ = 0;
};

}  // namespace kotel::pipeline
