// OTLP/gRPC for traces: one channel, reconnecting quickly after the receiver
// comes back; headers as metadata; gzip per call; TLS when the endpoint is https.

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <sstream>

#include "core/version.h"
#include "exporters/otlp/grpc_status.h"
#include "exporters/otlp/trace_exporter.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

namespace kotel::otlp {
namespace {

namespace collector = opentelemetry::proto::collector::trace::v1;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class GrpcTraceExporter final : public TraceExporter {
 public:
  GrpcTraceExporter(OtlpTarget target, AgentResource resource)
      : target_(std::move(target)), resource_(std::move(resource)) {
    std::string host = target_.endpoint;
    bool tls = false;
    if (host.starts_with("https://")) {
      tls = true;
      host = host.substr(8);
    } else if (host.starts_with("http://")) {
      host = host.substr(7);
    } else {
      tls = !target_.insecure;
    }
    if (auto slash = host.find('/'); slash != std::string::npos) host.resize(slash);
    std::shared_ptr<grpc::ChannelCredentials> creds;
    if (tls) {
      grpc::SslCredentialsOptions ssl;
      if (!target_.ca_file.empty()) ssl.pem_root_certs = read_file(target_.ca_file);
      if (!target_.client_cert_file.empty()) ssl.pem_cert_chain = read_file(target_.client_cert_file);
      if (!target_.client_key_file.empty()) ssl.pem_private_key = read_file(target_.client_key_file);
      creds = grpc::SslCredentials(ssl);
    } else {
      creds = grpc::InsecureChannelCredentials();
    }
    grpc::ChannelArguments args;
    args.SetUserAgentPrefix(user_agent());
    // A receiver that was down is retried within seconds, not minutes.
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 500);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 5000);
    args.SetMaxReceiveMessageSize(4 << 20);
    channel_ = grpc::CreateCustomChannel(host, creds, args);
    stub_ = collector::TraceService::NewStub(channel_);
    describe_ = "otlp/grpc " + target_.endpoint;
  }

  exporters::ExportResult send(std::span<const spans::Span> batch, std::chrono::milliseconds timeout) override {
    // One arena per batch: thousands of small messages and strings freed at once.
    google::protobuf::Arena arena;
    auto* request = google::protobuf::Arena::CreateMessage<collector::ExportTraceServiceRequest>(&arena);
    to_export_request(batch, resource_, request);
    collector::ExportTraceServiceResponse response;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + timeout);
    if (target_.gzip) ctx.set_compression_algorithm(GRPC_COMPRESS_GZIP);
    for (const auto& [k, v] : target_.headers) ctx.AddMetadata(k, v);
    grpc::Status status = stub_->Export(&ctx, *request, &response);
    exporters::ExportResult r;
    if (status.ok()) {
      if (response.has_partial_success()) {
        r.rejected = static_cast<uint64_t>(response.partial_success().rejected_spans());
        r.error = response.partial_success().error_message();
      }
      return r;
    }
    auto delay = retry_delay_from_details(status.error_details());
    r.status = classify_grpc_status(status.error_code(), delay.has_value());
    r.retry_after = delay;
    r.error = "gRPC " + std::to_string(status.error_code()) + " from " + target_.endpoint + ": " + status.error_message();
    return r;
  }

  std::string describe() const override { return describe_; }

 private:
  OtlpTarget target_;
  AgentResource resource_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<collector::TraceService::Stub> stub_;
  std::string describe_;
};

}  // namespace

std::string user_agent() { return std::string("kotel/") + core::kVersion; }

std::unique_ptr<TraceExporter> make_grpc_trace_exporter(OtlpTarget target, AgentResource resource) {
  return std::make_unique<GrpcTraceExporter>(std::move(target), std::move(resource));
}

}  // namespace kotel::otlp
