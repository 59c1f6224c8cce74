#pragma once
// The console exporter: each thing `--print` shows as one readable line,
// handed to a line sink (stdout in the agent, a vector in tests).

#include <functional>
#include <string>

#include "pipeline/console_sink.h"

namespace kotel::console {

class ConsolePrinter final : public pipeline::ConsoleSink {
 public:
  using LineSink = std::function<void(const std::string&)>;
  explicit ConsolePrinter(LineSink lines) : lines_(std::move(lines)) {}
  // Lines to stdout, one per call (the reader flushes after each batch).
  static LineSink to_stdout();

  void event(const ingest::Event& ev, const connections::Connection* conn, std::string_view comm,
             uint64_t unix_ns) override;
  void connection(const connections::Connection& c, std::string_view comm, uint64_t unix_ns) override;
  void span(const spans::Span& s) override;
  void log(const logs::LogRecord& r) override;

 private:
  LineSink lines_;
};

}  // namespace kotel::console
