#include "runtime/self_metrics/self_metrics.h"

#include <fstream>
#include <string>

#include "runtime/self_metrics/families.h"

namespace kotel::runtime {

std::vector<MetricFamily> self_metrics(const SelfMetricsInput& in) {
  std::vector<MetricFamily> out;
  add_kernel_families(in, out);
  add_tls_families(in, out);
  add_pipeline_families(in, out);
  add_span_families(in, out);
  add_export_families(in, out);
  add_logs_families(in, out);
  add_kubernetes_families(in, out);
  add_user_probe_families(in, out);
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
  if (const auto* r = pipe.redis()) s.redis = r->stats();
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

}  // namespace kotel::runtime
