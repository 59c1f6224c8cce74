#include "otlp_receiver.h"

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <zlib.h>

#include <stdexcept>
#include <thread>

#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

namespace kotel::testing {
namespace collector = opentelemetry::proto::collector::trace::v1;

namespace {

std::string gunzip(const std::string& in) {
  z_stream zs{};
  inflateInit2(&zs, 16 + MAX_WBITS);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

class TraceServiceImpl final : public collector::TraceService::Service {
 public:
  explicit TraceServiceImpl(OtlpReceiver* r) : r_(r) {}
  grpc::Status Export(grpc::ServerContext* ctx, const collector::ExportTraceServiceRequest* req,
                      collector::ExportTraceServiceResponse* resp) override {
    auto v = r_->admit();
    if (!v.accept)
      return grpc::Status(static_cast<grpc::StatusCode>(r_->behaviour().grpc_code), "injected failure");
    std::string header;
    auto it = ctx->client_metadata().find("x-kotel-test");
    if (it != ctx->client_metadata().end()) header.assign(it->second.data(), it->second.size());
    std::string encoding;
    for (const auto& [k, v] : ctx->client_metadata())
      if (k == "grpc-encoding") encoding.assign(v.data(), v.size());
    r_->record(*req, encoding == "identity" ? "" : encoding, header);
    if (v.reject) resp->mutable_partial_success()->set_rejected_spans(v.reject);
    return grpc::Status::OK;
  }

 private:
  OtlpReceiver* r_;
};

}  // namespace

struct OtlpReceiver::Impl {
  std::unique_ptr<TraceServiceImpl> service;
  std::unique_ptr<grpc::Server> grpc;
  httplib::Server http;
  std::thread http_thread;
};

OtlpReceiver::OtlpReceiver(ReceiverBehaviour behaviour, uint16_t grpc_port, uint16_t http_port)
    : behaviour_(behaviour), impl_(std::make_unique<Impl>()) {
  impl_->service = std::make_unique<TraceServiceImpl>(this);
  grpc::ServerBuilder builder;
  int chosen = 0;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(grpc_port), grpc::InsecureServerCredentials(), &chosen);
  builder.RegisterService(impl_->service.get());
  impl_->grpc = builder.BuildAndStart();
  grpc_port_ = static_cast<uint16_t>(chosen);

  impl_->http.Post("/v1/traces", [this](const httplib::Request& req, httplib::Response& res) {
    auto v = admit();
    if (!v.accept) {
      res.status = behaviour_.http_status;
      if (behaviour_.retry_after_s >= 0) res.set_header("Retry-After", std::to_string(behaviour_.retry_after_s));
      return;
    }
    std::string encoding = req.get_header_value("Content-Encoding");
    std::string body = req.body;  // httplib may have inflated it already
    if (encoding == "gzip")
      if (std::string inflated = gunzip(req.body); !inflated.empty()) body = std::move(inflated);
    collector::ExportTraceServiceRequest parsed;
    if (req.get_header_value("Content-Type") != "application/x-protobuf" || !parsed.ParseFromString(body)) {
      res.status = 400;
      return;
    }
    record(std::move(parsed), encoding, req.get_header_value("x-kotel-test"));
    collector::ExportTraceServiceResponse out;
    if (v.reject) out.mutable_partial_success()->set_rejected_spans(v.reject);
    res.set_content(out.SerializeAsString(), "application/x-protobuf");
  });
  // httplib decompresses gzip bodies itself only when built with zlib support;
  // this receiver inflates them explicitly to see the raw encoding.
  impl_->http.set_payload_max_length(64 << 20);
  bool bound;
  if (http_port) {
    bound = impl_->http.bind_to_port("127.0.0.1", http_port);
    http_port_ = http_port;
  } else {
    int port = impl_->http.bind_to_any_port("127.0.0.1");
    bound = port > 0;
    http_port_ = static_cast<uint16_t>(port);
  }
  if (!impl_->grpc || !bound)
    throw std::runtime_error("test receiver cannot listen on 127.0.0.1:" + std::to_string(grpc_port) + "/" +
                             std::to_string(http_port));
  impl_->http_thread = std::thread([this] { impl_->http.listen_after_bind(); });
  // httplib 0.11's stop() is a no-op until the accept loop runs: wait for it,
  // or a receiver destroyed at once would never join.
  while (!impl_->http.is_running()) std::this_thread::yield();
}

OtlpReceiver::~OtlpReceiver() {
  impl_->http.stop();
  if (impl_->http_thread.joinable()) impl_->http_thread.join();
  impl_->grpc->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
}

OtlpReceiver::Verdict OtlpReceiver::admit() {
  int n = requests_.fetch_add(1);
  if (behaviour_.delay.count()) std::this_thread::sleep_for(behaviour_.delay);  // the slow receiver under test
  return {n >= behaviour_.fail_first, behaviour_.reject_spans};
}

void OtlpReceiver::record(collector::ExportTraceServiceRequest req, std::string encoding, std::string header) {
  size_t n = 0;
  for (const auto& rs : req.resource_spans())
    for (const auto& ss : rs.scope_spans()) n += static_cast<size_t>(ss.spans_size());
  std::lock_guard lock(mu_);
  accepted_.push_back(std::move(req));
  encodings_.push_back(std::move(encoding));
  headers_.push_back(std::move(header));
  span_count_ += n;
  cv_.notify_all();
}

size_t OtlpReceiver::wait_for_spans(size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return span_count_ >= n; });
  return span_count_;
}

size_t OtlpReceiver::spans() const {
  std::lock_guard lock(mu_);
  return span_count_;
}

std::vector<collector::ExportTraceServiceRequest> OtlpReceiver::accepted() const {
  std::lock_guard lock(mu_);
  return accepted_;
}

std::vector<std::string> OtlpReceiver::content_encodings() const {
  std::lock_guard lock(mu_);
  return encodings_;
}

std::vector<std::string> OtlpReceiver::header_values(const std::string&) const {
  std::lock_guard lock(mu_);
  return headers_;
}

}  // namespace kotel::testing
