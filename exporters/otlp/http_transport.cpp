// OTLP/HTTP with protobuf bodies: POST the encoded request to the signal's
// URL, map the outcome (429/502/503/504 and no answer retryable, honouring
// Retry-After; 400 never), hand back the response body.

#include "exporters/otlp/http_client.h"
#include "exporters/otlp/otlp_transport.h"

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

class HttpTransport final : public Transport {
 public:
  explicit HttpTransport(const OtlpTarget& target)
      : client_(options(target)), describe_("otlp/http " + target.endpoint) {}

  exporters::ExportResult send(std::string_view request, std::chrono::milliseconds timeout,
                               std::string& response) override {
    HttpResult h = client_.post(request, "application/x-protobuf", timeout);
    exporters::ExportResult r;
    r.status = to_status(h.outcome);
    r.retry_after = h.retry_after;
    r.error = std::move(h.error);
    response = h.outcome == HttpOutcome::kOk ? std::move(h.body) : std::string();
    return r;
  }

  const std::string& describe() const override { return describe_; }

 private:
  HttpClient client_;
  std::string describe_;
};

}  // namespace

std::unique_ptr<Transport> make_http_transport(const OtlpTarget& target) {
  return std::make_unique<HttpTransport>(target);
}

}  // namespace kotel::otlp
