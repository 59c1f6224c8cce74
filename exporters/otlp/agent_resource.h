#pragma once
// What every OTLP request says about where its data comes from, whatever the
// encoding: the agent's own resource attributes and the schema URL.

#include <string>
#include <utility>
#include <vector>

namespace kotel::otlp {

// The semantic-conventions version kotel's attribute names follow.
inline constexpr const char* kSchemaUrl = "https://opentelemetry.io/schemas/1.26.0";

// Attributes the agent adds to every resource: telemetry.distro.name/version
// and the agent's own OTEL_RESOURCE_ATTRIBUTES (a process's own values win).
struct AgentResource {
  std::vector<std::pair<std::string, std::string>> attributes;
};
AgentResource default_agent_resource(std::vector<std::pair<std::string, std::string>> from_env);

}  // namespace kotel::otlp
