// OTLP metrics over gRPC or HTTP/protobuf, on the transports the traces use.

#include "exporters/otlp/metrics_exporter.h"

#include "exporters/otlp/grpc_channel.h"
#include "exporters/otlp/http_export.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.grpc.pb.h"

namespace kotel::otlp {
namespace {

namespace collector = opentelemetry::proto::collector::metrics::v1;

class GrpcMetricsExporter final : public MetricsExporter {
 public:
  GrpcMetricsExporter(OtlpTarget target, AgentResource resource)
      : target_(std::move(target)), resource_(std::move(resource)),
        stub_(collector::MetricsService::NewStub(make_channel(target_))) {}

  exporters::ExportResult send(const metrics::MetricsSnapshot& snapshot, std::chrono::milliseconds timeout) override {
    collector::ExportMetricsServiceRequest request;
    to_export_request(snapshot, resource_, &request);
    collector::ExportMetricsServiceResponse response;
    grpc::ClientContext ctx;
    prepare_call(&ctx, target_, timeout);
    grpc::Status status = stub_->Export(&ctx, request, &response);
    if (!status.ok()) return failed_call(status, target_.endpoint);
    exporters::ExportResult r;
    if (response.has_partial_success()) {
      r.rejected = static_cast<uint64_t>(response.partial_success().rejected_data_points());
      r.error = response.partial_success().error_message();
    }
    return r;
  }
  std::string describe() const override { return "otlp/grpc " + target_.endpoint; }

 private:
  OtlpTarget target_;
  AgentResource resource_;
  std::unique_ptr<collector::MetricsService::Stub> stub_;
};

class HttpMetricsExporter final : public MetricsExporter {
 public:
  HttpMetricsExporter(OtlpTarget target, AgentResource resource)
      : resource_(std::move(resource)), describe_("otlp/http " + target.endpoint), post_(target) {}

  exporters::ExportResult send(const metrics::MetricsSnapshot& snapshot, std::chrono::milliseconds timeout) override {
    collector::ExportMetricsServiceRequest request;
    to_export_request(snapshot, resource_, &request);
    collector::ExportMetricsServiceResponse response;
    exporters::ExportResult r = post_.send(request.SerializeAsString(), &response, timeout);
    if (r.status == exporters::ExportStatus::kOk && response.has_partial_success()) {
      r.rejected = static_cast<uint64_t>(response.partial_success().rejected_data_points());
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

std::unique_ptr<MetricsExporter> make_grpc_metrics_exporter(OtlpTarget target, AgentResource resource) {
  return std::make_unique<GrpcMetricsExporter>(std::move(target), std::move(resource));
}

std::unique_ptr<MetricsExporter> make_http_metrics_exporter(OtlpTarget target, AgentResource resource) {
  return std::make_unique<HttpMetricsExporter>(std::move(target), std::move(resource));
}

}  // namespace kotel::otlp
