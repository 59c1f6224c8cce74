#pragma once

#include "config/config.h"

namespace kotel::cli {

// Runs the agent until SIGINT/SIGTERM. Throws core::FatalError on start-up failure.
int run_agent(const config::Config& cfg);

}  // namespace kotel::cli
