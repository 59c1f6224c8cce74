#include "cli/otlp_export.h"

#include <spdlog/spdlog.h>

namespace kotel::cli {

std::unique_ptr<TraceExport> TraceExport::from_config(const config::OtlpConfig& cfg) {
  const auto& t = cfg.traces;
  if (!t.otlp) return nullptr;
  otlp::OtlpTarget target;
  target.endpoint = t.endpoint;
  target.headers = t.headers;
  target.timeout = t.timeout;
  target.gzip = t.gzip;
  target.insecure = t.insecure;
  target.ca_file = t.certificate;
  target.client_cert_file = t.client_certificate;
  target.client_key_file = t.client_key;
  auto resource = otlp::default_agent_resource(cfg.resource_attributes);
  std::shared_ptr<otlp::TraceExporter> exporter =
      t.protocol == config::OtlpProtocol::kGrpc ? otlp::make_grpc_trace_exporter(std::move(target), std::move(resource))
                                                : otlp::make_http_trace_exporter(std::move(target), std::move(resource));
  exporters::BatchOptions o;
  o.max_queue = cfg.spans.max_queue_size;
  o.max_batch = cfg.spans.max_export_batch_size;
  o.schedule_delay = cfg.spans.schedule_delay;
  o.export_timeout = cfg.spans.export_timeout;
  return std::unique_ptr<TraceExport>(new TraceExport(std::move(exporter), o, "otlp"));
}

std::unique_ptr<TraceExport> TraceExport::to_file(const std::string& path, const config::OtlpConfig& cfg) {
  exporters::BatchOptions o;
  o.schedule_delay = std::chrono::seconds(1);
  o.max_queue = cfg.spans.max_queue_size;
  o.max_batch = cfg.spans.max_export_batch_size;
  auto exporter = otlp::make_file_trace_exporter(path, otlp::default_agent_resource(cfg.resource_attributes));
  return std::unique_ptr<TraceExport>(new TraceExport(std::move(exporter), o, "file"));
}

TraceExport::TraceExport(std::shared_ptr<otlp::TraceExporter> exporter, exporters::BatchOptions options,
                         const char* kind)
    : exporter_(std::move(exporter)), describe_(exporter_->describe()), kind_(kind) {
  auto send = [e = exporter_](std::span<const spans::Span> batch, std::chrono::milliseconds timeout) {
    return e->send(batch, timeout);
  };
  processor_ = std::make_unique<exporters::BatchProcessor<spans::Span>>(
      "traces " + describe_, send, options, [](const std::string& line) { spdlog::warn("{}", line); });
}

void TraceExport::stop(std::chrono::milliseconds deadline) {
  auto [sent, abandoned] = processor_->shutdown(deadline);
  const auto& s = processor_->stats();
  spdlog::info("traces {}: flushed {} spans at stop, abandoned {}; in total exported {}, dropped {} (queue full {}, "
               "refused {}, retries exhausted {}, at stop {}), rejected by the receiver {}",
               describe_, sent, abandoned, s.exported.load(),
               s.dropped_queue_full.load() + s.dropped_permanent.load() + s.dropped_retries.load() +
                   s.dropped_shutdown.load(),
               s.dropped_queue_full.load(), s.dropped_permanent.load(), s.dropped_retries.load(),
               s.dropped_shutdown.load(), s.rejected.load());
}

}  // namespace kotel::cli
