#pragma once
// The agent's own health as Prometheus metric families: what the kernel side
// saw and dropped, what the pipeline decoded and tracked, which hooks are live.

#include <cstdint>
#include <optional>
#include <vector>

#include "exporters/common/batch_processor.h"
#include "exporters/prometheus/metrics_server.h"
#include "exporters/prometheus/text_format.h"
#include "kubernetes/pod_watcher.h"
#include "pipeline/event_pipeline.h"
#include "probes/attach_report.h"
#include "probes/bpf_probes.h"
#include "probes/kernel_counters.h"
#include "probes/tls/tls_attacher.h"
#include "probes/user/user_probes.h"

namespace kotel::runtime {

struct PipelineSnapshot {
  pipeline::PipelineStats stats;
  connections::TrackerStats tracker;
  uint64_t tracked = 0;
  uint64_t transport_lost = 0;
  // HTTP: zero when spans are off.
  protocols::http1::StitchStats stitch;
  spans::SpanBuilderStats spans;
  uint64_t http_connections = 0;
  protocols::redis::RedisStats redis;  // zero when spans are off
  uint64_t span_names_overflowed = 0;
  // From the reader thread: records per second over the last second, and how
  // full the ring buffer got.
  double records_per_second = 0;
  uint64_t buffer_size_bytes = 0;
  uint64_t buffer_peak_used_bytes = 0;
  // Logs: zero when off.
  bool logs = false;
  pipeline::LogStats log_stats;
  logs::AssemblerStats log_lines;
};

// Copies what the scrape needs from the pipeline (on the reader thread).
PipelineSnapshot snapshot_of(const pipeline::EventPipeline& pipe, uint64_t transport_lost);

struct SelfMetricsInput {
  probes::KernelCounters kernel;
  PipelineSnapshot pipeline;
  std::vector<probes::HookStatus> hooks;
  uint64_t rss_bytes = 0;
  struct Export {
    const char* exporter;  // "otlp" | "file"
    const exporters::BatchStats* stats;
    const char* signal = "traces";  // "traces" | "metrics" (items are snapshots) | "logs"
  };
  std::vector<Export> exports;  // exporters in use
  std::vector<probes::BpfProbes::ProgramStats> programs;  // with --bpf-stats
  // Items live admin views (kotel tail/top) lost by falling behind.
  uint64_t admin_span_view_drops = 0, admin_event_view_drops = 0, admin_log_view_drops = 0;
  std::optional<probes::tls::AttacherStats> tls;          // with TLS capture on
  const prometheus::EndpointStats* endpoint = nullptr;    // the /metrics endpoint itself
  struct Series {
    uint64_t http = 0, tcp = 0;  // RED and TCP series kept now
    uint64_t expired = 0;        // dropped as stale
  } series;
  // User-declared probes: the kernel's counts and the call durations (none: empty).
  std::vector<probes::user::UserProbeStatus> user_probes;
  std::vector<std::pair<std::string, metrics::Histogram>> user_probe_durations;
  struct Kubernetes {
    const kubernetes::WatcherStats* stats = nullptr;  // null: Kubernetes metadata off
    size_t pods = 0;
  } kubernetes;
};

std::vector<prometheus::MetricFamily> self_metrics(const SelfMetricsInput& in);
// VmRSS of this process, 0 when /proc is unreadable.
uint64_t resident_memory_bytes();

}  // namespace kotel::runtime
