#include "exporters/otlp/otlp_exporter.h"

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace kotel::otlp {
namespace {

namespace collector = opentelemetry::proto::collector;

// The items the receiver refused and why, from Export<Signal>ServiceResponse
// (decoded with the generated classes: once per batch, off the hot path).
template <typename Response>
void read_partial_success(std::string_view bytes, exporters::ExportResult& r) {
  Response response;
  if (bytes.empty() || !response.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      !response.has_partial_success())
    return;
  const auto& p = response.partial_success();
  if constexpr (std::is_same_v<Response, collector::trace::v1::ExportTraceServiceResponse>)
    r.rejected = static_cast<uint64_t>(p.rejected_spans());
  else if constexpr (std::is_same_v<Response, collector::logs::v1::ExportLogsServiceResponse>)
    r.rejected = static_cast<uint64_t>(p.rejected_log_records());
  else
    r.rejected = static_cast<uint64_t>(p.rejected_data_points());
  r.error = p.error_message();
}

}  // namespace

OtlpExporter::OtlpExporter(std::unique_ptr<Transport> transport, Signal signal, AgentResource resource)
    : transport_(std::move(transport)), signal_(signal), encoder_(std::move(resource)) {}

exporters::ExportResult OtlpExporter::send(std::span<const spans::Span> batch, std::chrono::milliseconds timeout) {
  return deliver(encoder_.traces(batch), timeout);
}

exporters::ExportResult OtlpExporter::send(std::span<const logs::LogRecord> batch,
                                           std::chrono::milliseconds timeout) {
  return deliver(encoder_.logs(batch), timeout);
}

exporters::ExportResult OtlpExporter::send(const metrics::MetricsSnapshot& snapshot,
                                           std::chrono::milliseconds timeout) {
  return deliver(encoder_.metrics(snapshot), timeout);
}

exporters::ExportResult OtlpExporter::deliver(std::string_view request, std::chrono::milliseconds timeout) {
  exporters::ExportResult r = transport_->send(request, timeout, response_);
  if (r.status != exporters::ExportStatus::kOk) return r;
  switch (signal_) {
    case Signal::kTraces: read_partial_success<collector::trace::v1::ExportTraceServiceResponse>(response_, r); break;
    case Signal::kLogs: read_partial_success<collector::logs::v1::ExportLogsServiceResponse>(response_, r); break;
    case Signal::kMetrics:
      read_partial_success<collector::metrics::v1::ExportMetricsServiceResponse>(response_, r);
      break;
  }
  return r;
}

std::unique_ptr<OtlpExporter> make_otlp_exporter(const OtlpTarget& target, bool grpc, Signal signal,
                                                 AgentResource resource) {
  auto transport = grpc ? make_grpc_transport(target, signal) : make_http_transport(target);
  return std::make_unique<OtlpExporter>(std::move(transport), signal, std::move(resource));
}

std::unique_ptr<TraceExporter> make_grpc_trace_exporter(OtlpTarget target, AgentResource resource) {
  return make_otlp_exporter(target, true, Signal::kTraces, std::move(resource));
}

std::unique_ptr<TraceExporter> make_http_trace_exporter(OtlpTarget target, AgentResource resource) {
  return make_otlp_exporter(target, false, Signal::kTraces, std::move(resource));
}

}  // namespace kotel::otlp
