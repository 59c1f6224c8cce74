#pragma once
// The one OTLP exporter, whatever the signal and the transport: encodes a
// batch of spans or log records, or a metrics snapshot, into its reused
// buffer (OtlpEncoder), hands the bytes to its transport (gRPC or HTTP), and
// reads the receiver's partial success. Called on one exporter thread.

#include <chrono>
#include <memory>
#include <span>
#include <string>

#include "exporters/common/export_result.h"
#include "exporters/otlp/otlp_encoder.h"
#include "exporters/otlp/otlp_transport.h"
#include "exporters/otlp/trace_exporter.h"

namespace kotel::otlp {

class OtlpExporter final : public TraceExporter {
 public:
  OtlpExporter(std::unique_ptr<Transport> transport, Signal signal, AgentResource resource);

  exporters::ExportResult send(std::span<const spans::Span> batch, std::chrono::milliseconds timeout) override;
  exporters::ExportResult send(std::span<const logs::LogRecord> batch, std::chrono::milliseconds timeout);
  exporters::ExportResult send(const metrics::MetricsSnapshot& snapshot, std::chrono::milliseconds timeout);
  std::string describe() const override { return transport_->describe(); }

 private:
  exporters::ExportResult deliver(std::string_view request, std::chrono::milliseconds timeout);

  std::unique_ptr<Transport> transport_;
  Signal signal_;
  OtlpEncoder encoder_;
  std::string response_;
};

// gRPC or HTTP/protobuf to `target`, for one signal.
std::unique_ptr<OtlpExporter> make_otlp_exporter(const OtlpTarget& target, bool grpc, Signal signal,
                                                 AgentResource resource);

}  // namespace kotel::otlp
