#pragma once
// What every OTLP/HTTP exporter shares, whatever the signal: POST the
// serialized request, map the outcome (429/502/503/504 and no answer
// retryable, honouring Retry-After; 400 never), read the response message.

#include <google/protobuf/message_lite.h>

#include <chrono>
#include <string>

#include "exporters/common/export_result.h"
#include "exporters/otlp/http_client.h"
#include "exporters/otlp/otlp_target.h"

namespace kotel::otlp {

class HttpExport {
 public:
  explicit HttpExport(const OtlpTarget& target);
  // On success `response` holds the receiver's Export<Signal>ServiceResponse.
  // `timeout` shortens the configured one (never lengthens it).
  exporters::ExportResult send(const std::string& body, google::protobuf::MessageLite* response,
                               std::chrono::milliseconds timeout);

 private:
  HttpClient client_;
};

}  // namespace kotel::otlp
