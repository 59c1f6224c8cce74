#include "runtime/admin_sources.h"

#include "runtime/self_metrics/self_metrics.h"

namespace kotel::runtime {

admin::AdminSources admin_sources(const pipeline::EventPipeline& pipe, const ingest::EventReader& reader,
                                  const probes::BpfProbes& probes,
                                  const std::vector<std::unique_ptr<otlp::TraceExport>>& trace_exports,
                                  const otlp::MetricsExport* metrics_export) {
  admin::AdminSources s;
  s.pipe = &pipe;
  s.transport_lost = [&reader] { return reader.transport_lost(); };
  s.probes = &probes;
  s.transport = reader.name();
  s.io_hooks = probes.io_hooks() == probes::IoHooks::kSocket ? "socket" : "syscall";
  for (const auto& e : trace_exports) s.exports.push_back({"traces", e->kind(), &e->stats()});
  if (metrics_export) s.exports.push_back({"metrics", "otlp", &metrics_export->stats()});
  s.rss_bytes = [] { return resident_memory_bytes(); };
  return s;
}

}  // namespace kotel::runtime
