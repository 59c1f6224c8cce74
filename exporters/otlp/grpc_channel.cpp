#include "exporters/otlp/grpc_channel.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "exporters/otlp/grpc_status.h"
#include "exporters/otlp/otlp_transport.h"

namespace kotel::otlp {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::shared_ptr<grpc::Channel> make_channel(const OtlpTarget& target) {
  std::string host = target.endpoint;
  bool tls = false;
  if (host.starts_with("https://")) {
    tls = true;
    host = host.substr(8);
  } else if (host.starts_with("http://")) {
    host = host.substr(7);
  } else {
    tls = !target.insecure;
  }
  if (auto slash = host.find('/'); slash != std::string::npos) host.resize(slash);
  std::shared_ptr<grpc::ChannelCredentials> creds;
  if (tls) {
    grpc::SslCredentialsOptions ssl;
    if (!target.ca_file.empty()) ssl.pem_root_certs = read_file(target.ca_file);
    if (!target.client_cert_file.empty()) ssl.pem_cert_chain = read_file(target.client_cert_file);
    if (!target.client_key_file.empty()) ssl.pem_private_key = read_file(target.client_key_file);
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
  return grpc::CreateCustomChannel(host, creds, args);
}

void prepare_call(grpc::ClientContext* ctx, const OtlpTarget& target, std::chrono::milliseconds timeout) {
  // The call's own limit (the batch processor's, or the shutdown's) and the
  // endpoint's OTEL_EXPORTER_OTLP_TIMEOUT, whichever ends first: as the HTTP
  // client does. The deadline covers connecting too.
  ctx->set_deadline(std::chrono::system_clock::now() + std::min(timeout, target.timeout));
  if (target.gzip) ctx->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  for (const auto& [k, v] : target.headers) ctx->AddMetadata(k, v);
}

exporters::ExportResult failed_call(const grpc::Status& status, const std::string& endpoint) {
  exporters::ExportResult r;
  auto delay = retry_delay_from_details(status.error_details());
  r.status = classify_grpc_status(status.error_code(), delay.has_value());
  r.retry_after = delay;
  r.error = "gRPC " + std::to_string(status.error_code()) + " from " + endpoint + ": " + status.error_message();
  return r;
}

}  // namespace kotel::otlp
