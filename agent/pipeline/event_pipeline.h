#pragma once
// The reader thread's pipeline: decode -> connection tracking -> protocol
// detection -> HTTP/1 stitching and spans (HttpStage), TCP findings for the
// metrics, log records (LogsStage); what --print selects goes to a console
// sink, every event to a tap while someone watches. Owns no kernel object:
// what it wants the kernel to do (forget a dead process's connections, stop
// copying payload) goes out through KernelControl.

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config.h"
#include "connections/tracker.h"
#include "core/clock.h"
#include "discovery/process_table.h"
#include "discovery/runtime_catalog.h"
#include "ingest/events.h"
#include "metrics/tcp_inference.h"
#include "metrics/tcp_metrics.h"
#include "metrics/user_probe_metrics.h"
#include "pipeline/console_sink.h"
#include "pipeline/http_stage.h"
#include "pipeline/redis_stage.h"
#include "pipeline/logs_stage.h"
#include "pipeline/resource_catalog.h"

namespace kotel::pipeline {

struct KernelControl {
  std::function<void(uint32_t pid, int32_t fd)> forget_connection;
  std::function<void(uint64_t gen)> mute_payload;  // stop payload copies for a connection
  std::function<void(uint32_t pid)> process_exec;  // a process started a new program (TLS library discovery)
  std::function<void(uint32_t pid)> process_exit;
  std::function<void(uint32_t parent, uint32_t child)> process_fork;  // a new process (not a thread)
};

struct PipelineStats {
  uint64_t records = 0;
  uint64_t decode_errors = 0;
  std::array<uint64_t, static_cast<size_t>(ingest::EventKind::kCount)> by_kind{};  // events decoded, by kind
  uint64_t events(ingest::EventKind k) const { return by_kind[static_cast<size_t>(k)]; }
  uint64_t payload_bytes = 0;
  uint64_t http1_connections = 0;
  uint64_t redis_connections = 0;  // Redis client connections followed
  uint64_t muted_connections = 0;
  uint64_t spans = 0;  // not a protocol kotel parses: payload switched off in the kernel
  uint64_t tls_connections = 0;  // connections whose plaintext came from SSL calls
};

// One decoded event for an observer (kotel tail events), valid during the call.
struct EventView {
  uint64_t unix_ns = 0;
  uint32_t pid = 0;  // 0: the event names no process
  ingest::EventKind kind = ingest::EventKind::kOpen;
  std::string_view service;  // of `pid`, empty when unknown
  const ingest::Event* event = nullptr;
  const connections::Connection* conn = nullptr;  // its tracked connection, may be null
  std::string_view comm;                          // of `pid`, may be empty
};

class EventPipeline {
 public:
  using EventTap = std::function<void(const EventView&)>;
  // `console` receives what `print` selects (none without one).
  EventPipeline(config::PrintMode print, connections::TrackerLimits limits, core::MonotonicToRealtime clock,
                KernelControl control, std::shared_ptr<ConsoleSink> console = nullptr);

  void on_record(std::span<const std::byte> record);
  void on_event(const ingest::Event& ev);
  // Perf buffers are per CPU: with reordering on, records wait in a batch that
  // flush() sorts by kernel timestamp before applying. Ring buffer: off.
  void set_reorder(bool on) { reorder_ = on; }
  // HTTP exchanges become spans, printed with --print spans and handed to
  // `sink` (may be empty). Ids come from `ids`
  // (default: the kernel's random source).
  void enable_spans(spans::SpanSettings settings, spans::HttpSpanBuilder::SpanSink sink,
                    std::unique_ptr<spans::IdSource> ids = nullptr);
  const HttpStage* http() const { return http_.get(); }
  const RedisStage* redis() const { return redis_.get(); }
  // TCP connects, retransmits and resets counted per process and peer into
  // `metrics` (owned by the caller, outlives the pipeline).
  void enable_tcp_metrics(metrics::TcpMetrics* metrics) { tcp_metrics_ = metrics; }
  // Calls of the user's probes (config `probes:`): each feeds `metrics` and,
  // with spans on and the probe's `span`, becomes an INTERNAL span.
  void enable_user_probes(std::vector<config::UserProbeConfig> probes, metrics::UserProbeMetrics* metrics) {
    user_probes_ = std::move(probes);
    user_probe_metrics_ = metrics;
  }
  // Pod attributes (k8s.*) on the resources of processes in this node's pods.
  void enable_kubernetes(KubernetesView view) { resources_.enable_kubernetes(std::move(view)); }
  // Every event, after tracking, goes to `tap` while `wanted()` is true (checked
  // per event: the line is only formatted for someone). Reader thread.
  void set_event_tap(std::function<bool()> wanted, EventTap tap) {
    tap_wanted_ = std::move(wanted);
    tap_ = std::move(tap);
  }
  // Writes to stdout/stderr and kernel events become log records, printed
  // with --print logs and handed to `sink` (may be empty). Call after
  // enable_spans so records carry the trace context of the request served.
  // With `wanted`, events reach the stage only while it returns true (checked
  // per event: records are made only for someone).
  void enable_logs(LogSettings settings, LogsStage::Sink sink, std::function<bool()> wanted = {});
  const LogsStage* logs() const { return logs_.get(); }
  void flush();
  // Periodic housekeeping (expiry). `now_ns` is CLOCK_MONOTONIC.
  void tick(uint64_t now_ns);

  const PipelineStats& stats() const { return stats_; }
  const connections::ConnectionTracker& tracker() const { return tracker_; }
  connections::ConnectionTracker& tracker() { return tracker_; }

 private:
  void show_event(const ingest::Event& ev, const connections::Connection* conn);
  void apply(const ingest::Event& ev);
  void classify(const ingest::Data& ev, connections::Connection* c);
  void start_tls(connections::Connection& c);
  void close_http(const ingest::ConnKey& key, uint64_t ts_ns);
  LogsStage* live_logs() const { return logs_ && (!logs_wanted_ || logs_wanted_()) ? logs_.get() : nullptr; }
  void tcp_findings();
  void tcp_record(uint32_t pid, const ingest::Endpoint& peer, metrics::TcpEvent event);
  void tcp_record_rtt(uint32_t pid, const ingest::Endpoint& peer, uint32_t srtt_us);
  void meter_open_connections();

  config::PrintMode print_;
  connections::ConnectionTracker tracker_;
  discovery::ProcessTable processes_;
  discovery::RuntimeCatalog runtimes_;  // Go, Node...: whether a thread says whose call it makes
  core::MonotonicToRealtime clock_;
  KernelControl control_;
  std::shared_ptr<ConsoleSink> console_;
  std::function<bool()> tap_wanted_;
  EventTap tap_;
  PipelineStats stats_;
  bool reorder_ = false;
  std::vector<ingest::Event> pending_;
  ResourceCatalog resources_{local_host_name()};
  std::unique_ptr<HttpStage> http_;
  std::unique_ptr<RedisStage> redis_;  // with spans on
  std::unique_ptr<LogsStage> logs_;
  std::function<bool()> logs_wanted_;
  metrics::TcpInference tcp_;
  std::vector<metrics::TcpFinding> findings_;  // reused per event
  metrics::TcpMetrics* tcp_metrics_ = nullptr;
  std::vector<config::UserProbeConfig> user_probes_;
  metrics::UserProbeMetrics* user_probe_metrics_ = nullptr;
  void on_user_probe(const ingest::UserProbeHit& hit);
};

}  // namespace kotel::pipeline
