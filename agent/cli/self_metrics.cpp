#include "cli/self_metrics.h"

#include <fstream>
#include <string>

#include "core/version.h"


namespace kotel::cli {
namespace {

using prometheus::MetricFamily;
using prometheus::MetricType;
using prometheus::Sample;

MetricFamily counter(std::string name, std::string help, double value) {
  return {std::move(name), std::move(help), MetricType::kCounter, {Sample{{}, value}}};
}

MetricFamily gauge(std::string name, std::string help, double value) {
  return {std::move(name), std::move(help), MetricType::kGauge, {Sample{{}, value}}};
}

MetricFamily labelled(std::string name, std::string help, MetricType type, const char* label,
                      std::vector<std::pair<std::string, double>> values) {
  MetricFamily f{std::move(name), std::move(help), type, {}};
  for (auto& [l, v] : values) f.samples.push_back(Sample{{{label, l}}, v});
  return f;
}

}  // namespace

std::vector<MetricFamily> self_metrics(const SelfMetricsInput& in) {
  const auto& k = in.kernel;
  const auto& p = in.pipeline;
  std::vector<MetricFamily> out;
  out.push_back({"kotel_build_info", "kotel version and git revision.", MetricType::kGauge,
                 {Sample{{{"version", core::kVersion}, {"revision", core::kGitRevision}}, 1}}});

  MetricFamily hooks{"kotel_hook_state", "1 for each hook in its current state (attached, FAILED, disabled).",
                     MetricType::kGauge, {}};
  for (const auto& h : in.hooks) hooks.samples.push_back(Sample{{{"hook", h.hook}, {"state", to_string(h.state)}}, 1});
  out.push_back(std::move(hooks));

  out.push_back(labelled("kotel_bpf_hook_runs_total", "BPF program runs that passed the first filters, per hook family.",
                         MetricType::kCounter, "hook",
                         {{"sock_io", k.at(probes::KernelCounter::kSockIoHits)},
                          {"sys_exit", k.at(probes::KernelCounter::kSysExitHits)},
                          {"close", k.at(probes::KernelCounter::kCloseHits)},
                          {"sock_state", k.at(probes::KernelCounter::kSockStateHits)},
                          {"sched", k.at(probes::KernelCounter::kSchedHits)}}));
  out.push_back(counter("kotel_bpf_events_total", "Events the kernel side handed to the ring/perf buffer.",
                        k.at(probes::KernelCounter::kEventsSent)));
  out.push_back(labelled("kotel_bpf_events_dropped_total", "Events the kernel side could not deliver, by reason.",
                         MetricType::kCounter, "reason",
                         {{"ring_full", k.at(probes::KernelCounter::kDropRingFull)},
                          {"map_full", k.at(probes::KernelCounter::kDropMapFull)}}));
  // KOTEL_CNT_DROP_MISSING_STASH stays in the ABI but is not exported: no hook
  // stashes arguments between enter and exit, so it cannot happen.
  out.push_back(counter("kotel_bpf_payload_truncated_total",
                        "Data events whose payload was cut at the configured prefix (byte counts stay exact).",
                        k.at(probes::KernelCounter::kPayloadTruncated)));
  out.push_back(counter("kotel_bpf_payload_read_faults_total", "Payload copies from user memory that failed.",
                        k.at(probes::KernelCounter::kReadFault)));
  out.push_back(counter("kotel_bpf_unattributed_io_total",
                        "Socket I/O not from a known syscall on its fd (io_uring, kernel sockets): not traced.",
                        k.at(probes::KernelCounter::kUnattributed)));
  out.push_back(counter("kotel_tls_calls_total", "SSL_read/SSL_write calls of traced processes (TLS uprobes).",
                        k.at(probes::KernelCounter::kTlsCalls)));
  out.push_back(labelled("kotel_tls_plaintext_lost_total", "SSL calls whose plaintext could not be delivered, by reason.",
                         MetricType::kCounter, "reason",
                         {{"no_entry", static_cast<double>(k.at(probes::KernelCounter::kTlsNoStash))},
                          {"no_socket", static_cast<double>(k.at(probes::KernelCounter::kTlsNoFd))},
                          {"no_connection", static_cast<double>(k.at(probes::KernelCounter::kTlsNoConn))}}));
  if (in.tls) {
    out.push_back(gauge("kotel_tls_libraries_attached", "OpenSSL library files (or executables) with the uprobes on now.",
                        static_cast<double>(in.tls->files_attached)));
    out.push_back(gauge("kotel_tls_processes", "Processes using a library file kotel has attached to.",
                        static_cast<double>(in.tls->processes)));
    out.push_back(counter("kotel_tls_attach_failures_total", "OpenSSL files whose uprobes the kernel refused (not retried).",
                          static_cast<double>(in.tls->attach_failures)));
    out.push_back(counter("kotel_tls_detaches_total", "OpenSSL files let go when their last process went.",
                          static_cast<double>(in.tls->detaches)));
  }
  out.push_back(counter("kotel_bpf_connections_filtered_total", "Connections ignored by port/cgroup filters.",
                        k.at(probes::KernelCounter::kConnFiltered)));

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
  const auto& s = p.spans;
  out.push_back(labelled("kotel_spans_total", "Spans built from HTTP exchanges.", MetricType::kCounter, "kind",
                         {{"server", s.server_spans}, {"client", s.client_spans}}));
  out.push_back(labelled("kotel_span_parents_total",
                         "How each span's parent was found: trace headers, the serving thread, the connection's "
                         "other end on this host, or none (a root).",
                         MetricType::kCounter, "source",
                         {{"header", s.parent_header}, {"thread", s.parent_thread}, {"tuple", s.parent_tuple},
                          {"none", s.parent_none}}));
  out.push_back(counter("kotel_span_late_tuple_links_total",
                        "Tuple links made after the server's read was seen before the client's send (loopback "
                        "wake-up skew); counted in the tuple source too.",
                        s.late_tuple_links));
  out.push_back(counter("kotel_span_names_overflowed_total",
                        "Spans named '{overflow}': their service passed the cap on distinct route templates.",
                        p.span_names_overflowed));
  out.push_back(gauge("kotel_http_connections", "HTTP/1 connections being stitched now.",
                      static_cast<double>(p.http_connections)));
  const auto& st = p.stitch;
  out.push_back(counter("kotel_http_exchanges_total", "HTTP/1 request/response pairs stitched.", st.exchanges));
  out.push_back(labelled("kotel_http_spans_lost_total",
                         "HTTP/1 messages that could not become spans, by reason.", MetricType::kCounter, "reason",
                         {{"orphan_response", st.orphan_responses},
                          {"unusable_head", st.unusable_heads},
                          {"lost_boundary", st.lost_exchanges},
                          {"pipeline_overflow", st.pipeline_overflow}}));
  out.push_back(labelled("kotel_http_degraded_total",
                         "Spans built from imperfect data, by what was wrong (each is marked on the span).",
                         MetricType::kCounter, "reason",
                         {{"truncated_head", st.truncated_heads},
                          {"lost_body", st.lost_bodies},
                          {"no_response", st.no_response}}));
  out.push_back(counter("kotel_http_invalid_heads_total", "Bytes where an HTTP/1 head should start that are not one.",
                        st.invalid_heads));
  out.push_back(labelled("kotel_trace_context_invalid_total",
                         "Propagation headers ignored because they were invalid, by format.", MetricType::kCounter,
                         "format",
                         {{"traceparent", s.context.invalid_traceparent},
                          {"tracestate", s.context.invalid_tracestate},
                          {"baggage", s.context.invalid_baggage},
                          {"b3", s.context.invalid_b3},
                          {"jaeger", s.context.invalid_jaeger}}));
  out.push_back(counter("kotel_baggage_dropped_total", "Valid baggage entries dropped by the W3C size limits.",
                        s.context.baggage_dropped));
  out.push_back(labelled("kotel_admin_view_dropped_total",
                         "Items a live admin view (kotel tail, kotel top) lost because it fell behind.",
                         MetricType::kCounter, "stream",
                         {{"spans", static_cast<double>(in.admin_span_view_drops)},
                          {"events", static_cast<double>(in.admin_event_view_drops)},
                          {"logs", static_cast<double>(in.admin_log_view_drops)}}));
  if (!in.exports.empty()) {
    auto family = [](std::string name, std::string help, MetricType type) {
      return MetricFamily{std::move(name), std::move(help), type, {}};
    };
    MetricFamily items = family("kotel_export_items_total", "Items accepted by the receiver.", MetricType::kCounter);
    MetricFamily dropped = family("kotel_export_dropped_total", "Items that were not exported, by reason.",
                                  MetricType::kCounter);
    MetricFamily queued = family("kotel_export_queue_items", "Items waiting in the export queue.", MetricType::kGauge);
    MetricFamily attempts = family("kotel_export_attempts_total", "Export calls made, retries included.",
                                   MetricType::kCounter);
    MetricFamily failures = family("kotel_export_failures_total", "Export calls that failed.", MetricType::kCounter);
    MetricFamily seconds = family("kotel_export_success_seconds_total", "Time spent in export calls that succeeded.",
                                  MetricType::kCounter);
    for (const auto& x : in.exports) {
      const auto& e = *x.stats;
      std::vector<std::pair<std::string, std::string>> l{{"signal", x.signal}, {"exporter", x.exporter}};
      items.samples.push_back(Sample{l, static_cast<double>(e.exported.load())});
      for (auto [reason, v] : {std::pair{"queue_full", e.dropped_queue_full.load()},
                               {"refused", e.dropped_permanent.load()},
                               {"retries_exhausted", e.dropped_retries.load()},
                               {"shutdown", e.dropped_shutdown.load()},
                               {"rejected_by_receiver", e.rejected.load()}}) {
        auto lr = l;
        lr.push_back({"reason", reason});
        dropped.samples.push_back(Sample{lr, static_cast<double>(v)});
      }
      queued.samples.push_back(Sample{l, static_cast<double>(e.queued.load())});
      attempts.samples.push_back(Sample{l, static_cast<double>(e.attempts.load())});
      failures.samples.push_back(Sample{l, static_cast<double>(e.failures.load())});
      seconds.samples.push_back(Sample{l, static_cast<double>(e.latency_ns_sum.load()) / 1e9});
    }
    for (auto* f : {&items, &dropped, &queued, &attempts, &failures, &seconds}) out.push_back(std::move(*f));
  }
  if (p.logs) {
    const auto& l = p.log_stats;
    out.push_back(labelled("kotel_log_records_total", "Log records made, by source.", MetricType::kCounter, "source",
                           {{"stdout", static_cast<double>(l.records_from(logs::LogSource::kStdout))},
                            {"stderr", static_cast<double>(l.records_from(logs::LogSource::kStderr))},
                            {"kernel", static_cast<double>(l.records_from(logs::LogSource::kKernel))}}));
    out.push_back(labelled("kotel_log_records_dropped_total",
                           "Log lines or writes lost, by reason (rate_limited: over --log-rate-limit; "
                           "excluded_service: --logs-exclude-service; ring_full, read_fault: in the kernel).",
                           MetricType::kCounter, "reason",
                           {{"rate_limited", static_cast<double>(l.dropped_rate_limited)},
                            {"excluded_service", static_cast<double>(l.dropped_excluded_service)},
                            {"ring_full", static_cast<double>(k.at(probes::KernelCounter::kLogDropRingFull))},
                            {"read_fault", static_cast<double>(k.at(probes::KernelCounter::kLogReadFault))}}));
    out.push_back(counter("kotel_log_bytes_captured_total", "Bytes of stdout/stderr writes captured.",
                          static_cast<double>(l.bytes_captured)));
    out.push_back(counter("kotel_log_writes_total", "Writes to stdout/stderr captured in the kernel.",
                          static_cast<double>(k.at(probes::KernelCounter::kLogWrites))));
    out.push_back(counter("kotel_log_writes_failed_total",
                          "Writes to stdout/stderr that returned an error (EAGAIN on a full non-blocking pipe, "
                          "EPIPE...): they wrote nothing, so nothing was captured; the retry is.",
                          static_cast<double>(k.at(probes::KernelCounter::kLogWriteFailed))));
    out.push_back(counter("kotel_log_writes_truncated_total",
                          "Writes longer than --log-payload-bytes: only their prefix was captured.",
                          static_cast<double>(k.at(probes::KernelCounter::kLogTruncated))));
    out.push_back(counter("kotel_log_lines_truncated_total",
                          "Log records cut (longer than --log-max-record-bytes, or from a cut write).",
                          static_cast<double>(l.lines_truncated)));
    out.push_back(counter("kotel_log_lines_partial_total",
                          "Log records sent without their newline (idle 1 s, process exit).",
                          static_cast<double>(p.log_lines.partial_flushed)));
  }
  if (!in.programs.empty()) {
    MetricFamily runs{"kotel_bpf_program_runs_total", "Runs of each kotel BPF program (kernel stats, --bpf-stats).",
                      MetricType::kCounter, {}};
    MetricFamily time{"kotel_bpf_program_run_seconds_total",
                      "Time spent in each kotel BPF program (kernel stats, --bpf-stats).", MetricType::kCounter, {}};
    for (const auto& p : in.programs) {
      runs.samples.push_back(Sample{{{"hook", p.hook}}, static_cast<double>(p.runs)});
      time.samples.push_back(Sample{{{"hook", p.hook}}, static_cast<double>(p.run_time_ns) / 1e9});
    }
    out.push_back(std::move(runs));
    out.push_back(std::move(time));
  }
  if (const auto* k8s = in.kubernetes.stats) {
    auto n = [](const std::atomic<uint64_t>& v) { return static_cast<double>(v.load()); };
    out.push_back(gauge("kotel_kubernetes_pods", "Pods of this node known from the API server.",
                        static_cast<double>(in.kubernetes.pods)));
    out.push_back(gauge("kotel_kubernetes_synced",
                        "1 when the pod list and watch are working, 0 when the API server fails (no k8s attributes for new pods).",
                        k8s->synced.load() ? 1 : 0));
    out.push_back(labelled("kotel_kubernetes_api_failures_total",
                           "API server calls that failed (each is retried with backoff).", MetricType::kCounter, "call",
                           {{"list", n(k8s->list_failures)}, {"watch", n(k8s->watch_failures)}}));
    out.push_back(counter("kotel_kubernetes_lists_total", "Complete pod lists.", n(k8s->lists)));
    out.push_back(counter("kotel_kubernetes_watch_events_total", "Pod added, modified and deleted events applied.",
                          n(k8s->watch_events)));
    out.push_back(counter("kotel_kubernetes_relists_total",
                          "Lists made again because the watch's resourceVersion expired (410 Gone).",
                          n(k8s->relists_gone)));
    out.push_back(counter("kotel_kubernetes_invalid_total", "Pods or watch events that could not be read (skipped).",
                          n(k8s->invalid)));
  }
  out.push_back(gauge("process_resident_memory_bytes", "Resident memory of the kotel agent.",
                      static_cast<double>(in.rss_bytes)));
  return out;
}

PipelineSnapshot snapshot_of(const pipeline::EventPipeline& pipe, uint64_t transport_lost) {
  PipelineSnapshot s{pipe.stats(), pipe.tracker().stats(), pipe.tracker().size(), transport_lost};
  if (const auto* http = pipe.http()) {
    s.stitch = http->stitch_stats();
    s.spans = http->builder().stats();
    s.http_connections = http->connections();
    s.span_names_overflowed = http->builder().templates_overflowed();
  }
  if (const auto* l = pipe.logs()) {
    s.logs = true;
    s.log_stats = l->stats();
    s.log_lines = l->assembler_stats();
  }
  return s;
}

uint64_t resident_memory_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

}  // namespace kotel::cli
