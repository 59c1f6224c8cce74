#include "runtime/stats_log.h"

#include <spdlog/spdlog.h>

#include <string>

namespace kotel::runtime {

void log_stats(const probes::BpfProbes& probes, const pipeline::EventPipeline& pipe, const ingest::EventReader& reader,
               const char* when) {
  auto k = probes.read_counters();
  const auto& s = pipe.stats();
  const auto& t = pipe.tracker().stats();
  std::string kernel;
  for (const auto& [name, idx] : probes::counter_names()) {
    if (k.at(idx)) kernel += " " + name + "=" + std::to_string(k.at(idx));
  }
  spdlog::info("{}: records={} decode_errors={} transport_lost={} conns_tracked={} opened={} closed={} gaps={} "
               "gap_bytes={} evicted={} | kernel:{}",
               when, s.records, s.decode_errors, reader.transport_lost(), pipe.tracker().size(), t.opened, t.closed,
               t.gap_events, t.gap_bytes, t.evicted_cap, kernel);
  if (const auto* http = pipe.http()) {
    const auto& b = http->builder().stats();
    const auto& st = http->stitch_stats();
    spdlog::info("{}: spans server={} client={} parents header={} thread={} tuple={} none={} | http exchanges={} "
                 "truncated_heads={} no_response={} lost: orphan_responses={} unusable_heads={} lost_boundary={}",
                 when, b.server_spans, b.client_spans, b.parent_header, b.parent_thread, b.parent_tuple,
                 b.parent_none, st.exchanges, st.truncated_heads, st.no_response, st.orphan_responses,
                 st.unusable_heads, st.lost_exchanges);
  }
  if (const auto* logs = pipe.logs()) {
    const auto& l = logs->stats();
    spdlog::info("{}: logs records stdout={} stderr={} kernel={} bytes={} truncated={} partial={} | dropped "
                 "rate_limited={} excluded_service={} ring_full={} read_fault={}",
                 when, l.records_from(logs::LogSource::kStdout), l.records_from(logs::LogSource::kStderr),
               l.records_from(logs::LogSource::kKernel), l.bytes_captured, l.lines_truncated,
                 logs->assembler_stats().partial_flushed, l.dropped_rate_limited, l.dropped_excluded_service,
                 probes.read_counters().at(probes::KernelCounter::kLogDropRingFull), probes.read_counters().at(probes::KernelCounter::kLogReadFault));
  }
}

}  // namespace kotel::runtime
