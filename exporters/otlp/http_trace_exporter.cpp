// OTLP/HTTP with protobuf bodies for traces: POST the request, read partial
// success from a 200, and the retry decision from the status (429/502/503/504
// and no answer are retryable, honouring Retry-After; 400 never is).

#include "exporters/otlp/http_client.h"
#include "exporters/otlp/trace_exporter.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace kotel::otlp {
namespace {

namespace collector = opentelemetry::proto::collector::trace::v1;

exporters::ExportStatus to_status(HttpOutcome o) {
  switch (o) {
    case HttpOutcome::kOk: return exporters::ExportStatus::kOk;
    case HttpOutcome::kRetryable: return exporters::ExportStatus::kRetryable;
    default: return exporters::ExportStatus::kPermanent;
  }
}

class HttpTraceExporter final : public TraceExporter {
 public:
  HttpTraceExporter(OtlpTarget target, AgentResource resource)
      : resource_(std::move(resource)), describe_("otlp/http " + target.endpoint), client_(options(target)) {}

  exporters::ExportResult send(std::span<const spans::Span> batch, std::chrono::milliseconds timeout) override {
    google::protobuf::Arena arena;  // one free for the whole batch
    auto* request = google::protobuf::Arena::CreateMessage<collector::ExportTraceServiceRequest>(&arena);
    to_export_request(batch, resource_, request);
    std::string body;
    request->SerializeToString(&body);
    (void)timeout;  // the client's own timeout (OTEL_EXPORTER_OTLP_TIMEOUT) bounds each post
    HttpResult h = client_.post(body);
    exporters::ExportResult r;
    r.status = to_status(h.outcome);
    r.retry_after = h.retry_after;
    r.error = h.error;
    if (h.outcome == HttpOutcome::kOk) {
      collector::ExportTraceServiceResponse response;
      if (!h.body.empty() && response.ParseFromString(h.body) && response.has_partial_success()) {
        r.rejected = static_cast<uint64_t>(response.partial_success().rejected_spans());
        r.error = response.partial_success().error_message();
      }
    }
    return r;
  }

  std::string describe() const override { return describe_; }

 private:
  static HttpRequestOptions options(const OtlpTarget& t) {
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

  AgentResource resource_;
  std::string describe_;
  HttpClient client_;
};

}  // namespace

std::unique_ptr<TraceExporter> make_http_trace_exporter(OtlpTarget target, AgentResource resource) {
  return std::make_unique<HttpTraceExporter>(std::move(target), std::move(resource));
}

}  // namespace kotel::otlp
