#pragma once
// kotel spans -> OTLP ExportTraceServiceRequest: one ResourceSpans per observed
// process (its resource plus the agent's own attributes), one scope "kotel".
// Pure: no I/O.

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "exporters/otlp/resource_convert.h"
#include "spans/span.h"

namespace kotel::otlp {

void to_export_request(std::span<const spans::Span> spans, const AgentResource& agent,
                       opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest* out);

}  // namespace kotel::otlp
