#pragma once
// The OTLP resource of an observed process: its identity plus the agent's own
// attributes. Shared by every signal's conversion.

#include <string>
#include <utility>
#include <vector>

#include "opentelemetry/proto/resource/v1/resource.pb.h"
#include "spans/span.h"

namespace kotel::otlp {

// The semantic-conventions version kotel's attribute names follow.
inline constexpr const char* kSchemaUrl = "https://opentelemetry.io/schemas/1.26.0";

// Attributes the agent adds to every resource: telemetry.distro.name/version
// and the agent's own OTEL_RESOURCE_ATTRIBUTES (a process's own values win).
struct AgentResource {
  std::vector<std::pair<std::string, std::string>> attributes;
};
AgentResource default_agent_resource(std::vector<std::pair<std::string, std::string>> from_env);

// An attribute value as OTLP's AnyValue (every signal's attributes).
void set_any_value(const spans::AttributeValue& v, opentelemetry::proto::common::v1::AnyValue* out);

// `r` may be null: service.name is then "unknown_service".
void fill_resource(const model::Resource* r, const AgentResource& agent, opentelemetry::proto::resource::v1::Resource* out);

}  // namespace kotel::otlp
