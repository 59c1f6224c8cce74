#pragma once

#include "config/config.h"

namespace kotel::cli {

// Runs the agent until SIGINT/SIGTERM. Throws core::ConfigError for a bad
// OTEL_* setting, core::FatalError when the host cannot run it.
int run_agent(const config::Config& cfg);

}  // namespace kotel::cli
