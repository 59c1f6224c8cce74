// Logs: records made, lost and cut.
#include "runtime/self_metrics/families.h"

namespace kotel::runtime {

// Log records by source and what was lost on the way (kernel and agent).
void add_logs_families(const SelfMetricsInput& in, std::vector<MetricFamily>& out) {
  const auto& k = in.kernel;
  const auto& p = in.pipeline;
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
}

}  // namespace kotel::runtime
