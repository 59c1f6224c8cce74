#pragma once
// The agent's OTLP trace export, built from the OTEL_* configuration: a trace
// exporter (gRPC or HTTP/protobuf) behind a batch processor. The pipeline
// offers spans and never waits; stop() flushes within a deadline.

#include <chrono>
#include <functional>
#include <memory>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "config/otlp_config.h"
#include "exporters/common/batch_processor.h"
#include "exporters/otlp/otlp_exporter.h"
#include "exporters/otlp/trace_exporter.h"
#include "metrics/http_metrics.h"
#include "spans/span.h"

namespace kotel::otlp {

class TraceExport {
 public:
  // nullptr when traces are not exported over OTLP.
  static std::unique_ptr<TraceExport> from_config(const config::OtlpConfig& cfg);
  // OTLP/JSON lines appended to `path`, batched each second.
  static std::unique_ptr<TraceExport> to_file(const std::string& path, const config::OtlpConfig& cfg);

  void offer(spans::Span&& span) { processor_->offer(std::move(span)); }
  // Stops intake, sends what is queued until `deadline`, logs what was sent
  // and what was abandoned.
  void stop(std::chrono::milliseconds deadline);
  const exporters::BatchStats& stats() const { return processor_->stats(); }
  const std::string& describe() const { return describe_; }
  const char* kind() const { return kind_; }  // "otlp" | "file"

 private:
  TraceExport(std::shared_ptr<otlp::TraceExporter> exporter, exporters::BatchOptions options, const char* kind);

  std::shared_ptr<otlp::TraceExporter> exporter_;
  std::string describe_;
  const char* kind_;
  std::unique_ptr<exporters::BatchProcessor<spans::Span>> processor_;
};

// The log records over OTLP (OTEL_LOGS_EXPORTER, OTEL_EXPORTER_OTLP_LOGS_*,
// OTEL_BLRP_*): a logs exporter behind a batch processor, like the traces.
class LogExport {
 public:
  // nullptr when logs are not exported over OTLP.
  static std::unique_ptr<LogExport> from_config(const config::OtlpConfig& cfg);
  void offer(logs::LogRecord&& r) { processor_->offer(std::move(r)); }
  void stop(std::chrono::milliseconds deadline);
  const exporters::BatchStats& stats() const { return processor_->stats(); }
  const std::string& describe() const { return describe_; }

 private:
  LogExport(std::shared_ptr<otlp::OtlpExporter> exporter, exporters::BatchOptions options);

  std::shared_ptr<otlp::OtlpExporter> exporter_;
  std::string describe_;
  std::unique_ptr<exporters::BatchProcessor<logs::LogRecord>> processor_;
};

// The RED and TCP metrics over OTLP: every OTEL_METRIC_EXPORT_INTERVAL a cumulative
// snapshot is sent. A failed export loses nothing: the next snapshot carries
// the same totals. stop() sends a last one.
class MetricsExport {
 public:
  using Source = std::function<metrics::MetricsSnapshot()>;  // called on the export thread
  static std::unique_ptr<MetricsExport> from_config(const config::OtlpConfig& cfg, Source source);
  ~MetricsExport();
  void stop(std::chrono::milliseconds deadline);
  const std::string& describe() const { return describe_; }
  // offered: snapshots taken; exported: snapshots accepted; failures, last
  // error. Never dropped or queued: each snapshot carries every total so far.
  const exporters::BatchStats& stats() const { return stats_; }
  uint64_t exports() const { return stats_.attempts.load(); }
  // The snapshot time of the last export the receiver accepted (0: none yet):
  // series unchanged since then may be dropped, their last values are out.
  uint64_t exported_through() const { return exported_through_.load(std::memory_order_relaxed); }
  uint64_t failures() const { return stats_.failures.load(); }

 private:
  MetricsExport(std::unique_ptr<otlp::OtlpExporter> exporter, Source source, std::chrono::milliseconds interval,
                std::chrono::milliseconds timeout);
  void export_once(std::chrono::milliseconds timeout);

  std::unique_ptr<otlp::OtlpExporter> exporter_;
  Source source_;
  std::chrono::milliseconds interval_, timeout_;
  std::string describe_;
  exporters::BatchStats stats_;
  std::atomic<uint64_t> exported_through_{0};
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kotel::otlp
