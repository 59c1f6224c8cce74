// The reader and the connection tracker.
#include "runtime/self_metrics/families.h"

namespace kotel::runtime {

// Records read and decoded, the ring buffer, tracked connections and their gaps.
void add_pipeline_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out) {
  const auto& r = in.pipeline.redis;
  out.push_back(counter("kotel_redis_calls_total", "Redis calls (command + reply) made into CLIENT spans.",
                        static_cast<double>(r.calls)));
  out.push_back(labelled("kotel_redis_connections_stopped_total",
                         "Redis client connections no longer followed: bytes lost or cut mid-command by "
                         "--payload-bytes, not RESP, or a reply to nothing (lost_sync); SUBSCRIBE/MONITOR streams "
                         "(streaming). Their later calls make no spans.",
                         MetricType::kCounter, "reason",
                         {{"lost_sync", static_cast<double>(r.lost_sync)},
                          {"streaming", static_cast<double>(r.stopped_streaming)}}));
  out.push_back(counter("kotel_redis_unanswered_total",
                        "Redis commands still waiting for their reply when their connection closed: no span.",
                        static_cast<double>(r.unanswered)));
  const auto& p = in.pipeline;
  out.push_back(counter("kotel_transport_lost_total", "Records the perf buffer itself reported lost.", p.transport_lost));
  out.push_back(counter("kotel_records_total", "Records read from the kernel.", p.stats.records));
  out.push_back(gauge("kotel_records_per_second", "Records read from the kernel per second, over the last second.",
                      p.records_per_second));
  if (p.buffer_size_bytes) {
    out.push_back(gauge("kotel_ring_buffer_size_bytes", "Size of the BPF ring buffer.",
                        static_cast<double>(p.buffer_size_bytes)));
    out.push_back(gauge("kotel_ring_buffer_peak_used_bytes",
                        "Most bytes waiting in the ring buffer when the reader woke, over the last 10-20 s "
                        "(near the size: events are about to be dropped).",
                        static_cast<double>(p.buffer_peak_used_bytes)));
  }
  out.push_back(counter("kotel_decode_errors_total", "Records that failed to decode.", p.stats.decode_errors));
  out.push_back(gauge("kotel_connections_tracked", "Connections in the tracker now.", static_cast<double>(p.tracked)));
  out.push_back(counter("kotel_connections_opened_total", "Connections the tracker has seen open.", p.tracker.opened));
  out.push_back(counter("kotel_connections_closed_total", "Connections the tracker has seen close.", p.tracker.closed));
  out.push_back(counter("kotel_connections_discovered_total",
                        "Connections first seen mid-stream (older than the agent, or whose open was missed).",
                        p.tracker.discovered));
  out.push_back(labelled("kotel_connections_evicted_total", "Connections dropped from the tracker before they closed.",
                         MetricType::kCounter, "reason",
                         {{"cap", p.tracker.evicted_cap}, {"idle", p.tracker.expired_idle}}));
  out.push_back(labelled("kotel_connections_classified_total",
                         "Connections by the protocol their first bytes showed; 'other' stops payload copies.",
                         MetricType::kCounter, "protocol",
                         {{"http1", p.stats.http1_connections}, {"other", p.stats.muted_connections}}));
  out.push_back(counter("kotel_connection_gaps_total", "Holes in a connection's byte stream (lost events).",
                        p.tracker.gap_events));
  out.push_back(counter("kotel_connection_lost_bytes_total", "Bytes moved by syscalls whose events were lost.",
                        p.tracker.gap_bytes));
  out.push_back(counter("kotel_connection_events_reordered_total",
                        "Data events that arrived after a later one of their connection and direction (perf buffer "
                        "order, or a thread that read the same socket concurrently).",
                        p.tracker.reordered));
}

}  // namespace kotel::runtime
