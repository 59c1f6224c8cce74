#pragma once
// kotel spans -> OTLP ExportTraceServiceRequest: one ResourceSpans per observed
// process (its resource plus the agent's own attributes), one scope "kotel".
// Pure: no I/O.

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
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

void to_export_request(std::span<const spans::Span> spans, const AgentResource& agent,
                       opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest* out);

}  // namespace kotel::otlp
