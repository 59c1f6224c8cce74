#pragma once
// The agent's periodic and final stats lines (--stats-interval-s): what was
// read, tracked, made into spans and log records, and lost, in the log.

#include "ingest/event_reader.h"
#include "pipeline/event_pipeline.h"
#include "probes/bpf_probes.h"

namespace kotel::runtime {

// `when`: "stats" | "final".
void log_stats(const probes::BpfProbes& probes, const pipeline::EventPipeline& pipe, const ingest::EventReader& reader,
               const char* when);

}  // namespace kotel::runtime
