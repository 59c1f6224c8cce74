#pragma once
// OTLP/JSON encoding (the OTLP specification's JSON mapping of the protobuf
// messages): lowerCamelCase keys, enums as integers, and trace/span ids as
// hex strings, not proto3 JSON's base64.

#include <string>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace kotel::otlp {

// One line (no newline) holding `request` as OTLP/JSON.
std::string to_otlp_json(const opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest& request);

// Rewrites the base64 values of "traceId", "spanId" and "parentSpanId" in a
// proto3 JSON text as lowercase hex, in place.
void ids_base64_to_hex(std::string& json);

}  // namespace kotel::otlp
