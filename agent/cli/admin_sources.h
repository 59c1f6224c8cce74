#pragma once
// What `kotel agent` hands the admin API: its pipeline, probes and exporters.

#include <memory>
#include <vector>

#include "admin/agent_admin.h"
#include "cli/otlp_export.h"
#include "ingest/event_reader.h"

namespace kotel::cli {

admin::AdminSources admin_sources(const pipeline::EventPipeline& pipe, const ingest::EventReader& reader,
                                  const probes::BpfProbes& probes,
                                  const std::vector<std::unique_ptr<TraceExport>>& trace_exports,
                                  const MetricsExport* metrics_export);

}  // namespace kotel::cli
