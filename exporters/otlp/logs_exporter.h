#pragma once
// Sends batches of log records to an OTLP receiver: over gRPC
// (LogsService/Export) or HTTP/protobuf (POST /v1/logs). Called on one
// exporter thread.

#include <chrono>
#include <memory>
#include <span>
#include <string>

#include "exporters/common/export_result.h"
#include "exporters/otlp/otlp_target.h"
#include "exporters/otlp/resource_convert.h"
#include "logs/log_record.h"

namespace kotel::otlp {

class LogsExporter {
 public:
  virtual ~LogsExporter() = default;
  virtual exporters::ExportResult send(std::span<const logs::LogRecord> batch, std::chrono::milliseconds timeout) = 0;
  virtual std::string describe() const = 0;  // "otlp/grpc http://127.0.0.1:4317"
};

std::unique_ptr<LogsExporter> make_grpc_logs_exporter(OtlpTarget target, AgentResource resource);
std::unique_ptr<LogsExporter> make_http_logs_exporter(OtlpTarget target, AgentResource resource);

}  // namespace kotel::otlp
