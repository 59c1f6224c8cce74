#pragma once
// Config -> what each stage takes: the kernel side's options (cgroup paths
// resolved to ids), the span builder's and the logs stage's settings.

#include "config/config.h"
#include "config/otlp_config.h"
#include "pipeline/logs_stage.h"
#include "probes/probe_options.h"
#include "spans/span_settings.h"

namespace kotel::runtime {

// Throws core::FatalError for a cgroup path that does not resolve.
probes::ProbeOptions probe_options(const config::Config& cfg);
spans::SpanSettings span_settings(const config::Config& cfg, const config::OtlpConfig& otlp);
// OTEL_TRACES_SAMPLER(_ARG) and the config file's per-service ratios.
spans::SamplerConfig sampler_config(const config::Config& cfg, const config::OtlpConfig& otlp);
pipeline::LogSettings log_settings(const config::Config& cfg);

}  // namespace kotel::runtime
