#include "exporters/otlp/otlp_export.h"

#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "spans/http_attributes.h"

namespace kotel::otlp {

namespace {

otlp::OtlpTarget target_of(const config::OtlpSignalConfig& t) {
  otlp::OtlpTarget target;
  target.endpoint = t.endpoint;
  target.headers = t.headers;
  target.timeout = t.timeout;
  target.gzip = t.gzip;
  target.insecure = t.insecure;
  target.ca_file = t.certificate;
  target.client_cert_file = t.client_certificate;
  target.client_key_file = t.client_key;
  return target;
}

// The queue's bounds: OTEL_*_MAX_QUEUE_SIZE items when set, and the byte budget.
void set_queue(const config::BatchConfig& b, size_t budget_bytes, exporters::BatchOptions* o) {
  constexpr size_t kItemsWithoutALimit = 1u << 20;  // the budget decides first
  o->max_queue = b.max_queue_size_set ? b.max_queue_size : kItemsWithoutALimit;
  o->max_queue_bytes = budget_bytes;
}

// What a batch processor sent at stop and in total, and what it lost by reason.
void log_totals(const char* signal, const std::string& describe, const char* unit, size_t sent, size_t abandoned,
                const exporters::BatchStats& s) {
  spdlog::info("{} {}: flushed {} {} at stop, abandoned {}; in total exported {}, dropped {} (queue full {}, "
               "refused {}, retries exhausted {}, at stop {}), rejected by the receiver {}",
               signal, describe, sent, unit, abandoned, s.exported.load(),
               s.dropped_queue_full.load() + s.dropped_permanent.load() + s.dropped_retries.load() +
                   s.dropped_shutdown.load(),
               s.dropped_queue_full.load(), s.dropped_permanent.load(), s.dropped_retries.load(),
               s.dropped_shutdown.load(), s.rejected.load());
}

}  // namespace

std::unique_ptr<TraceExport> TraceExport::from_config(const config::OtlpConfig& cfg) {
  const auto& t = cfg.traces;
  if (!t.otlp) return nullptr;
  otlp::OtlpTarget target = target_of(t);
  auto resource = otlp::default_agent_resource(cfg.resource_attributes);
  std::shared_ptr<otlp::TraceExporter> exporter =
      t.protocol == config::OtlpProtocol::kGrpc ? otlp::make_grpc_trace_exporter(std::move(target), std::move(resource))
                                                : otlp::make_http_trace_exporter(std::move(target), std::move(resource));
  exporters::BatchOptions o;
  set_queue(cfg.spans, cfg.export_queue_bytes, &o);
  o.max_batch = cfg.spans.max_export_batch_size;
  o.schedule_delay = cfg.spans.schedule_delay;
  o.export_timeout = cfg.spans.export_timeout;
  return std::unique_ptr<TraceExport>(new TraceExport(std::move(exporter), o, "otlp"));
}

std::unique_ptr<TraceExport> TraceExport::to_file(const std::string& path, const config::OtlpConfig& cfg) {
  exporters::BatchOptions o;
  o.schedule_delay = std::chrono::seconds(1);
  set_queue(cfg.spans, cfg.export_queue_bytes, &o);
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
      "traces " + describe_, send, options, [](const std::string& line) { spdlog::warn("{}", line); },
      [](const spans::Span& s) { return spans::approximate_bytes(s); });
}

void TraceExport::stop(std::chrono::milliseconds deadline) {
  auto [sent, abandoned] = processor_->shutdown(deadline);
  log_totals("traces", describe_, "spans", sent, abandoned, processor_->stats());
}

std::unique_ptr<LogExport> LogExport::from_config(const config::OtlpConfig& cfg) {
  const auto& l = cfg.logs;
  if (!l.otlp) return nullptr;
  auto resource = otlp::default_agent_resource(cfg.resource_attributes);
  std::shared_ptr<otlp::OtlpExporter> exporter = otlp::make_otlp_exporter(
      target_of(l), l.protocol == config::OtlpProtocol::kGrpc, otlp::Signal::kLogs, std::move(resource));
  exporters::BatchOptions o;
  set_queue(cfg.logs_batch, cfg.export_queue_bytes, &o);
  o.max_batch = cfg.logs_batch.max_export_batch_size;
  o.schedule_delay = cfg.logs_batch.schedule_delay;
  o.export_timeout = cfg.logs_batch.export_timeout;
  return std::unique_ptr<LogExport>(new LogExport(std::move(exporter), o));
}

LogExport::LogExport(std::shared_ptr<otlp::OtlpExporter> exporter, exporters::BatchOptions options)
    : exporter_(std::move(exporter)), describe_(exporter_->describe()) {
  auto send = [e = exporter_](std::span<const logs::LogRecord> batch, std::chrono::milliseconds timeout) {
    return e->send(batch, timeout);
  };
  processor_ = std::make_unique<exporters::BatchProcessor<logs::LogRecord>>(
      "logs " + describe_, send, options, [](const std::string& line) { spdlog::warn("{}", line); },
      [](const logs::LogRecord& r) { return logs::approximate_bytes(r); });
}

void LogExport::stop(std::chrono::milliseconds deadline) {
  auto [sent, abandoned] = processor_->shutdown(deadline);
  log_totals("logs", describe_, "records", sent, abandoned, processor_->stats());
}

std::unique_ptr<MetricsExport> MetricsExport::from_config(const config::OtlpConfig& cfg, Source source) {
  const auto& m = cfg.metrics;
  if (!m.otlp) return nullptr;
  auto resource = otlp::default_agent_resource(cfg.resource_attributes);
  auto exporter = otlp::make_otlp_exporter(target_of(m), m.protocol == config::OtlpProtocol::kGrpc,
                                           otlp::Signal::kMetrics, std::move(resource));
  return std::unique_ptr<MetricsExport>(
      new MetricsExport(std::move(exporter), std::move(source), cfg.metric_export_interval, cfg.metric_export_timeout));
}

MetricsExport::MetricsExport(std::unique_ptr<otlp::OtlpExporter> exporter, Source source,
                             std::chrono::milliseconds interval, std::chrono::milliseconds timeout)
    : exporter_(std::move(exporter)), source_(std::move(source)), interval_(interval), timeout_(timeout),
      describe_(exporter_->describe()) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      lock.unlock();
      export_once(timeout_);
      lock.lock();
    }
  });
}

MetricsExport::~MetricsExport() { stop(std::chrono::milliseconds(0)); }

void MetricsExport::export_once(std::chrono::milliseconds timeout) {
  metrics::MetricsSnapshot snapshot = source_();
  if (snapshot.server.empty() && snapshot.client.empty() && snapshot.tcp.empty()) return;  // nothing measured yet
  stats_.offered.fetch_add(1, std::memory_order_relaxed);
  stats_.attempts.fetch_add(1, std::memory_order_relaxed);
  auto r = exporter_->send(snapshot, timeout);
  if (r.status == exporters::ExportStatus::kOk) {
    stats_.exported.fetch_add(1, std::memory_order_relaxed);
    exported_through_.store(snapshot.time_unix_ns, std::memory_order_relaxed);
  } else {
    stats_.failures.fetch_add(1, std::memory_order_relaxed);
    stats_.last_error.set(r.error);
    spdlog::warn("metrics {}: export failed (the next one carries the same totals): {}", describe_, r.error);
  }
}

void MetricsExport::stop(std::chrono::milliseconds deadline) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (deadline.count() > 0) {
    export_once(deadline);
    spdlog::info("metrics {}: {} exports, {} failed", describe_, exports(), failures());
  }
}

}  // namespace kotel::otlp
