// OTLP/HTTP with protobuf bodies for traces: POST /v1/traces, partial success
// read from the response.

#include "exporters/otlp/http_export.h"
#include "exporters/otlp/trace_exporter.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace kotel::otlp {
namespace {

namespace collector = opentelemetry::proto::collector::trace::v1;

class HttpTraceExporter final : public TraceExporter {
 public:
  HttpTraceExporter(OtlpTarget target, AgentResource resource)
      : resource_(std::move(resource)), describe_("otlp/http " + target.endpoint), post_(target) {}

  exporters::ExportResult send(std::span<const spans::Span> batch, std::chrono::milliseconds timeout) override {
    google::protobuf::Arena arena;  // one free for the whole batch
    auto* request = google::protobuf::Arena::CreateMessage<collector::ExportTraceServiceRequest>(&arena);
    to_export_request(batch, resource_, request);
    collector::ExportTraceServiceResponse response;
    exporters::ExportResult r = post_.send(request->SerializeAsString(), &response, timeout);
    if (r.status == exporters::ExportStatus::kOk && response.has_partial_success()) {
      r.rejected = static_cast<uint64_t>(response.partial_success().rejected_spans());
      r.error = response.partial_success().error_message();
    }
    return r;
  }

  std::string describe() const override { return describe_; }

 private:
  AgentResource resource_;
  std::string describe_;
  HttpExport post_;
};

}  // namespace

std::unique_ptr<TraceExporter> make_http_trace_exporter(OtlpTarget target, AgentResource resource) {
  return std::make_unique<HttpTraceExporter>(std::move(target), std::move(resource));
}

}  // namespace kotel::otlp
