#pragma once
// Shared by the OTLP configuration tests: a fake environment to read from.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "config/otlp_config.h"

namespace kotel::config::testing {

using Env = std::map<std::string, std::string>;

// Short names for the tables.
inline constexpr auto kHttp = OtlpProtocol::kHttpProtobuf;
inline constexpr auto kGrpc = OtlpProtocol::kGrpc;
inline constexpr auto kT = Signal::kTraces;
inline constexpr auto kM = Signal::kMetrics;
inline constexpr auto kL = Signal::kLogs;
inline constexpr const char* kGen = "OTEL_EXPORTER_OTLP_ENDPOINT";
inline constexpr const char* kTr = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

inline core::Result<OtlpConfig> load(const Env& env) {
  return otlp_config_from_env([env](std::string_view name) -> std::optional<std::string> {
    auto it = env.find(std::string(name));
    if (it == env.end()) return std::nullopt;
    return it->second;
  });
}

}  // namespace kotel::config::testing
