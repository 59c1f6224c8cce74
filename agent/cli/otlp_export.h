#pragma once
// The agent's OTLP trace export, built from the OTEL_* configuration: a trace
// exporter (gRPC or HTTP/protobuf) behind a batch processor. The pipeline
// offers spans and never waits; stop() flushes within a deadline.

#include <chrono>
#include <memory>
#include <string>

#include "config/otlp_config.h"
#include "exporters/common/batch_processor.h"
#include "exporters/otlp/trace_exporter.h"
#include "spans/span.h"

namespace kotel::cli {

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

}  // namespace kotel::cli
