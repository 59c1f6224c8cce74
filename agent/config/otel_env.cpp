#include "config/otel_env.h"

#include <utility>
#include <vector>

namespace kotel::config {

EnvLookup otel_env(const Config& cfg) {
  std::vector<std::pair<std::string, std::string>> overrides;
  for (auto [name, value] : {std::pair{"OTEL_EXPORTER_OTLP_ENDPOINT", &cfg.otlp_endpoint},
                             {"OTEL_EXPORTER_OTLP_PROTOCOL", &cfg.otlp_protocol},
                             {"OTEL_EXPORTER_OTLP_HEADERS", &cfg.otlp_headers},
                             {"OTEL_EXPORTER_OTLP_COMPRESSION", &cfg.otlp_compression},
                             {"OTEL_EXPORTER_OTLP_TIMEOUT", &cfg.otlp_timeout_ms},
                             {"OTEL_EXPORTER_OTLP_CERTIFICATE", &cfg.otlp_certificate}})
    if (!value->empty()) overrides.emplace_back(name, *value);
  return [overrides, env = process_env()](std::string_view name) -> std::optional<std::string> {
    for (const auto& [k, v] : overrides)
      if (k == name) return v;
    return env(name);
  };
}

}  // namespace kotel::config
