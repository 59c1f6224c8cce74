// Spans as OTLP/JSON lines in a file: one ExportTraceServiceRequest per batch
// per line, appended and flushed, readable by any OTLP/JSON tool.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "exporters/otlp/json_lines.h"
#include "exporters/otlp/trace_convert.h"
#include "exporters/otlp/trace_exporter.h"

namespace kotel::otlp {
namespace {

namespace collector = opentelemetry::proto::collector::trace::v1;

class FileTraceExporter final : public TraceExporter {
 public:
  FileTraceExporter(std::string path, AgentResource resource)
      : path_(std::move(path)), resource_(std::move(resource)) {
    // 0600: spans name services, peers, paths and baggage; an existing file keeps its mode.
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd >= 0) file_ = ::fdopen(fd, "a");
    if (!file_) {
      error_ = "cannot open " + path_ + ": " + std::strerror(errno);
      if (fd >= 0) ::close(fd);
    }
  }
  ~FileTraceExporter() override {
    if (file_) std::fclose(file_);
  }

  exporters::ExportResult send(std::span<const spans::Span> batch, std::chrono::milliseconds) override {
    if (!file_) return {exporters::ExportStatus::kPermanent, std::nullopt, 0, error_};
    collector::ExportTraceServiceRequest request;
    to_export_request(batch, resource_, &request);
    std::string line = to_otlp_json(request);
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0)
      return {exporters::ExportStatus::kRetryable, std::nullopt, 0, "writing " + path_ + ": " + std::strerror(errno)};
    return {};
  }

  std::string describe() const override { return "otlp/json file " + path_; }

 private:
  std::string path_;
  AgentResource resource_;
  FILE* file_;
  std::string error_;
};

}  // namespace

std::unique_ptr<TraceExporter> make_file_trace_exporter(std::string path, AgentResource resource) {
  return std::make_unique<FileTraceExporter>(std::move(path), std::move(resource));
}

}  // namespace kotel::otlp
