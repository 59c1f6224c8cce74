#pragma once
// The one seam between OTLP encoding and the wire: a transport carries an
// already-encoded Export<Signal>ServiceRequest to the receiver and brings its
// answer back, over gRPC (<Signal>Service/Export) or HTTP/protobuf (POST to
// the signal's URL). It knows nothing of spans, logs or metrics.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "exporters/common/export_result.h"
#include "exporters/otlp/otlp_target.h"

namespace kotel::otlp {

enum class Signal : uint8_t { kTraces, kMetrics, kLogs };

class Transport {
 public:
  virtual ~Transport() = default;
  // On kOk `response` holds the receiver's encoded Export<Signal>ServiceResponse
  // (maybe empty). `timeout` shortens the target's own (never lengthens it).
  virtual exporters::ExportResult send(std::string_view request, std::chrono::milliseconds timeout,
                                       std::string& response) = 0;
  virtual const std::string& describe() const = 0;  // "otlp/grpc http://127.0.0.1:4317"
};

// gRPC: TLS when the endpoint is https (or has no scheme and is not insecure),
// deadline, gzip and headers per call; retry decision from the status.
std::unique_ptr<Transport> make_grpc_transport(const OtlpTarget& target, Signal signal);
// HTTP/protobuf: the endpoint is the full URL; 429/502/503/504 and no answer
// retryable (Retry-After honoured), other errors permanent; keep-alive.
std::unique_ptr<Transport> make_http_transport(const OtlpTarget& target);

std::string user_agent();  // "kotel/<version>"

}  // namespace kotel::otlp
