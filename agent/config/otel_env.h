#pragma once
// The OTEL_* environment as the agent reads it: the process's own, with what
// the flags or the config file set (--otlp-endpoint for
// OTEL_EXPORTER_OTLP_ENDPOINT...) in place of the matching variables.

#include "config/config.h"
#include "config/otlp_config.h"

namespace kotel::config {

EnvLookup otel_env(const Config& cfg);

}  // namespace kotel::config
