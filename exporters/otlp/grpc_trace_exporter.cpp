// OTLP/gRPC for traces: TraceService/Export on the shared channel set-up.

#include "core/version.h"
#include "exporters/otlp/grpc_channel.h"
#include "exporters/otlp/trace_exporter.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

namespace kotel::otlp {
namespace {

namespace collector = opentelemetry::proto::collector::trace::v1;

class GrpcTraceExporter final : public TraceExporter {
 public:
  GrpcTraceExporter(OtlpTarget target, AgentResource resource)
      : target_(std::move(target)), resource_(std::move(resource)),
        stub_(collector::TraceService::NewStub(make_channel(target_))), describe_("otlp/grpc " + target_.endpoint) {}

  exporters::ExportResult send(std::span<const spans::Span> batch, std::chrono::milliseconds timeout) override {
    // One arena per batch: thousands of small messages and strings freed at once.
    google::protobuf::Arena arena;
    auto* request = google::protobuf::Arena::CreateMessage<collector::ExportTraceServiceRequest>(&arena);
    to_export_request(batch, resource_, request);
    collector::ExportTraceServiceResponse response;
    grpc::ClientContext ctx;
    prepare_call(&ctx, target_, timeout);
    grpc::Status status = stub_->Export(&ctx, *request, &response);
    if (!status.ok()) return failed_call(status, target_.endpoint);
    exporters::ExportResult r;
    if (response.has_partial_success()) {
      r.rejected = static_cast<uint64_t>(response.partial_success().rejected_spans());
      r.error = response.partial_success().error_message();
    }
    return r;
  }

  std::string describe() const override { return describe_; }

 private:
  OtlpTarget target_;
  AgentResource resource_;
  std::unique_ptr<collector::TraceService::Stub> stub_;
  std::string describe_;
};

}  // namespace

std::string user_agent() { return std::string("kotel/") + core::kVersion; }

std::unique_ptr<TraceExporter> make_grpc_trace_exporter(OtlpTarget target, AgentResource resource) {
  return std::make_unique<GrpcTraceExporter>(std::move(target), std::move(resource));
}

}  // namespace kotel::otlp
