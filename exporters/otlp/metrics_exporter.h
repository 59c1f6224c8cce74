#pragma once
// Sends RED metrics snapshots to an OTLP receiver over gRPC
// (MetricsService/Export) or HTTP/protobuf (POST /v1/metrics).

#include <chrono>
#include <memory>
#include <string>

#include "exporters/common/export_result.h"
#include "exporters/otlp/metrics_convert.h"
#include "exporters/otlp/otlp_target.h"

namespace kotel::otlp {

class MetricsExporter {
 public:
  virtual ~MetricsExporter() = default;
  virtual exporters::ExportResult send(const metrics::MetricsSnapshot& snapshot, std::chrono::milliseconds timeout) = 0;
  virtual std::string describe() const = 0;
};

std::unique_ptr<MetricsExporter> make_grpc_metrics_exporter(OtlpTarget target, AgentResource resource);
std::unique_ptr<MetricsExporter> make_http_metrics_exporter(OtlpTarget target, AgentResource resource);

}  // namespace kotel::otlp
