#pragma once
// An in-process OTLP trace receiver for the project's own tests: gRPC and
// HTTP/protobuf on 127.0.0.1, recording every request, with injectable
// failures (status codes, Retry-After, delays). The reference sink in
// ../shared/tools/otlp-sink checks conformance separately.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace kotel::testing {

struct ReceiverBehaviour {
  int fail_first = 0;              // answer this many requests with the failure below
  int grpc_code = 14;              // UNAVAILABLE
  int http_status = 503;
  int retry_after_s = -1;          // HTTP Retry-After on failures; -1: none
  std::chrono::milliseconds delay{0};  // before every answer
  int64_t reject_spans = 0;        // partial success on accepted requests
};

class OtlpReceiver {
 public:
  // port 0: pick a free one.
  explicit OtlpReceiver(ReceiverBehaviour behaviour = {}, uint16_t grpc_port = 0, uint16_t http_port = 0);
  ~OtlpReceiver();

  uint16_t grpc_port() const { return grpc_port_; }
  uint16_t http_port() const { return http_port_; }
  std::string grpc_endpoint() const { return "http://127.0.0.1:" + std::to_string(grpc_port_); }
  std::string http_endpoint() const { return "http://127.0.0.1:" + std::to_string(http_port_) + "/v1/traces"; }

  // Waits until `n` spans were accepted or `timeout` passes; returns the count.
  size_t wait_for_spans(size_t n, std::chrono::milliseconds timeout);
  size_t spans() const;
  int requests() const { return requests_.load(); }
  std::vector<opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest> accepted() const;
  std::vector<std::string> content_encodings() const;  // HTTP requests' Content-Encoding, in order
  std::vector<std::string> header_values(const std::string& name) const;  // a request header / metadata, per request

  // Decides the answer to the next request; records it when accepted.
  struct Verdict {
    bool accept;
    int64_t reject;
  };
  Verdict admit();
  void record(opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest req, std::string encoding,
              std::string header);
  const ReceiverBehaviour& behaviour() const { return behaviour_; }

 private:
  struct Impl;
  ReceiverBehaviour behaviour_;
  std::atomic<int> requests_{0};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest> accepted_;
  std::vector<std::string> encodings_, headers_;
  size_t span_count_ = 0;
  uint16_t grpc_port_ = 0, http_port_ = 0;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kotel::testing
