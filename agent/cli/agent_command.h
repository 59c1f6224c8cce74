#pragma once

#include "config/config.h"
#include "config/otlp_config.h"

namespace kotel::cli {

// The OTEL_* environment, with what the flags or the config file set in place
// of the matching variables (--otlp-endpoint for OTEL_EXPORTER_OTLP_ENDPOINT...).
config::EnvLookup otel_env(const config::Config& cfg);

// Runs the agent until SIGINT/SIGTERM. Throws core::FatalError on start-up failure.
int run_agent(const config::Config& cfg);

}  // namespace kotel::cli
