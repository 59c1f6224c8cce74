#include "exporters/otlp/http_export.h"

#include "exporters/otlp/trace_exporter.h"

namespace kotel::otlp {
namespace {

HttpRequestOptions options(const OtlpTarget& t) {
  HttpRequestOptions o;
  o.url = t.endpoint;
  o.headers = t.headers;
  o.timeout = t.timeout;
  o.gzip = t.gzip;
  o.ca_file = t.ca_file;
  o.client_cert_file = t.client_cert_file;
  o.client_key_file = t.client_key_file;
  o.user_agent = user_agent();
  return o;
}

exporters::ExportStatus to_status(HttpOutcome o) {
  switch (o) {
    case HttpOutcome::kOk: return exporters::ExportStatus::kOk;
    case HttpOutcome::kRetryable: return exporters::ExportStatus::kRetryable;
    default: return exporters::ExportStatus::kPermanent;
  }
}

}  // namespace

HttpExport::HttpExport(const OtlpTarget& target) : client_(options(target)) {}

exporters::ExportResult HttpExport::send(const std::string& body, google::protobuf::MessageLite* response,
                                         std::chrono::milliseconds timeout) {
  HttpResult h = client_.post(body, "application/x-protobuf", timeout);
  exporters::ExportResult r;
  r.status = to_status(h.outcome);
  r.retry_after = h.retry_after;
  r.error = h.error;
  if (h.outcome == HttpOutcome::kOk && !h.body.empty()) response->ParseFromString(h.body);
  return r;
}

}  // namespace kotel::otlp
