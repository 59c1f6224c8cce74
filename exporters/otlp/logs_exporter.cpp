// OTLP logs over gRPC (LogsService/Export) and HTTP/protobuf (POST /v1/logs),
// on the transports the trace exporter uses; partial success read and counted.

#include "exporters/otlp/logs_exporter.h"

#include "exporters/otlp/grpc_channel.h"
#include "exporters/otlp/http_export.h"
#include "exporters/otlp/logs_convert.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.grpc.pb.h"

namespace kotel::otlp {
namespace {

namespace collector = opentelemetry::proto::collector::logs::v1;

void read_partial_success(const collector::ExportLogsServiceResponse& response, exporters::ExportResult& r) {
  if (!response.has_partial_success()) return;
  r.rejected = static_cast<uint64_t>(response.partial_success().rejected_log_records());
  r.error = response.partial_success().error_message();
}

class GrpcLogsExporter final : public LogsExporter {
 public:
  GrpcLogsExporter(OtlpTarget target, AgentResource resource)
      : target_(std::move(target)), resource_(std::move(resource)),
        stub_(collector::LogsService::NewStub(make_channel(target_))), describe_("otlp/grpc " + target_.endpoint) {}

  exporters::ExportResult send(std::span<const logs::LogRecord> batch, std::chrono::milliseconds timeout) override {
    google::protobuf::Arena arena;  // one free for the whole batch
    auto* request = google::protobuf::Arena::CreateMessage<collector::ExportLogsServiceRequest>(&arena);
    to_export_request(batch, resource_, request);
    collector::ExportLogsServiceResponse response;
    grpc::ClientContext ctx;
    prepare_call(&ctx, target_, timeout);
    grpc::Status status = stub_->Export(&ctx, *request, &response);
    if (!status.ok()) return failed_call(status, target_.endpoint);
    exporters::ExportResult r;
    read_partial_success(response, r);
    return r;
  }
  std::string describe() const override { return describe_; }

 private:
  OtlpTarget target_;
  AgentResource resource_;
  std::unique_ptr<collector::LogsService::Stub> stub_;
  std::string describe_;
};

class HttpLogsExporter final : public LogsExporter {
 public:
  HttpLogsExporter(OtlpTarget target, AgentResource resource)
      : resource_(std::move(resource)), describe_("otlp/http " + target.endpoint), post_(target) {}

  exporters::ExportResult send(std::span<const logs::LogRecord> batch, std::chrono::milliseconds timeout) override {
    google::protobuf::Arena arena;
    auto* request = google::protobuf::Arena::CreateMessage<collector::ExportLogsServiceRequest>(&arena);
    to_export_request(batch, resource_, request);
    collector::ExportLogsServiceResponse response;
    exporters::ExportResult r = post_.send(request->SerializeAsString(), &response, timeout);
    if (r.status == exporters::ExportStatus::kOk) read_partial_success(response, r);
    return r;
  }
  std::string describe() const override { return describe_; }

 private:
  AgentResource resource_;
  std::string describe_;
  HttpExport post_;
};

}  // namespace

std::unique_ptr<LogsExporter> make_grpc_logs_exporter(OtlpTarget target, AgentResource resource) {
  return std::make_unique<GrpcLogsExporter>(std::move(target), std::move(resource));
}

std::unique_ptr<LogsExporter> make_http_logs_exporter(OtlpTarget target, AgentResource resource) {
  return std::make_unique<HttpLogsExporter>(std::move(target), std::move(resource));
}

}  // namespace kotel::otlp
