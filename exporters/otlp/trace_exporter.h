#pragma once
// Sends batches of spans: to an OTLP receiver over gRPC (TraceService/Export)
// or HTTP/protobuf (POST /v1/traces), both the one OtlpExporter
// (otlp_exporter.h), or to an OTLP/JSON file. Called on one exporter thread.

#include <chrono>
#include <memory>
#include <span>
#include <string>

#include "exporters/common/export_result.h"
#include "exporters/otlp/otlp_target.h"
#include "exporters/otlp/agent_resource.h"
#include "spans/span.h"

namespace kotel::otlp {

class TraceExporter {
 public:
  virtual ~TraceExporter() = default;
  virtual exporters::ExportResult send(std::span<const spans::Span> batch, std::chrono::milliseconds timeout) = 0;
  virtual std::string describe() const = 0;  // "otlp/grpc http://127.0.0.1:4317"
};

std::unique_ptr<TraceExporter> make_grpc_trace_exporter(OtlpTarget target, AgentResource resource);
std::unique_ptr<TraceExporter> make_http_trace_exporter(OtlpTarget target, AgentResource resource);
// OTLP/JSON lines appended to a file (opened now; failures reported per batch).
std::unique_ptr<TraceExporter> make_file_trace_exporter(std::string path, AgentResource resource);

}  // namespace kotel::otlp
