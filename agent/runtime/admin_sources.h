#pragma once
// What `kotel agent` hands the admin API: its pipeline, probes and exporters.

#include <memory>
#include <vector>

#include "admin/agent_admin.h"
#include "exporters/otlp/otlp_export.h"
#include "ingest/event_reader.h"

namespace kotel::runtime {

admin::AdminSources admin_sources(const pipeline::EventPipeline& pipe, const ingest::EventReader& reader,
                                  const probes::BpfProbes& probes,
                                  const std::vector<std::unique_ptr<otlp::TraceExport>>& trace_exports,
                                  const otlp::MetricsExport* metrics_export);

}  // namespace kotel::runtime
