#pragma once
// The OTLP resource of an observed process: its identity plus the agent's own
// attributes. Shared by every signal's conversion.

#include <string>
#include <utility>
#include <vector>

#include "exporters/otlp/agent_resource.h"
#include "opentelemetry/proto/resource/v1/resource.pb.h"
#include "spans/span.h"

namespace kotel::otlp {

// An attribute value as OTLP's AnyValue (every signal's attributes).
void set_any_value(const spans::AttributeValue& v, opentelemetry::proto::common::v1::AnyValue* out);

// `r` may be null: service.name is then "unknown_service".
void fill_resource(const model::Resource* r, const AgentResource& agent, opentelemetry::proto::resource::v1::Resource* out);

}  // namespace kotel::otlp
