// OTLP/gRPC with the request already encoded: the unary Export call made on
// raw bytes (a ByteBuffer), as the generated stub would make it with a message.

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/client_unary_call.h>

#include "core/version.h"
#include "exporters/otlp/grpc_channel.h"
#include "exporters/otlp/otlp_transport.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.grpc.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.grpc.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

namespace kotel::otlp {
namespace {

namespace collector = opentelemetry::proto::collector;

// "/opentelemetry.proto.collector.trace.v1.TraceService/Export", from the generated services.
std::string export_method(Signal s) {
  const char* service = s == Signal::kTraces    ? collector::trace::v1::TraceService::service_full_name()
                        : s == Signal::kMetrics ? collector::metrics::v1::MetricsService::service_full_name()
                                                : collector::logs::v1::LogsService::service_full_name();
  return std::string("/") + service + "/Export";
}

class GrpcTransport final : public Transport {
 public:
  GrpcTransport(const OtlpTarget& target, Signal signal)
      : target_(target), channel_(make_channel(target_)), method_name_(export_method(signal)),
        method_(method_name_.c_str(), grpc::internal::RpcMethod::NORMAL_RPC, channel_),
        describe_("otlp/grpc " + target_.endpoint) {}

  exporters::ExportResult send(std::string_view request, std::chrono::milliseconds timeout,
                               std::string& response) override {
    // gRPC owns what it sends: one copy of the batch into its slice.
    grpc::Slice slice(request.data(), request.size());
    grpc::ByteBuffer in(&slice, 1), out;
    grpc::ClientContext ctx;
    prepare_call(&ctx, target_, timeout);
    // What a generated stub's Export() does, on bytes: a blocking call on this thread.
    grpc::Status status =
        grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(channel_.get(), method_, &ctx, in, &out);
    if (!status.ok()) return failed_call(status, target_.endpoint);
    response.clear();
    std::vector<grpc::Slice> slices;
    if (out.Length() && out.Dump(&slices).ok())
      for (const auto& s : slices) response.append(reinterpret_cast<const char*>(s.begin()), s.size());
    return {};
  }

  const std::string& describe() const override { return describe_; }

 private:
  OtlpTarget target_;
  std::shared_ptr<grpc::Channel> channel_;
  std::string method_name_;  // method_ points into it
  grpc::internal::RpcMethod method_;
  std::string describe_;
};

}  // namespace

std::string user_agent() { return std::string("kotel/") + core::kVersion; }

std::unique_ptr<Transport> make_grpc_transport(const OtlpTarget& target, Signal signal) {
  return std::make_unique<GrpcTransport>(target, signal);
}

}  // namespace kotel::otlp
