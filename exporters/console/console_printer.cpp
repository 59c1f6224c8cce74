#include "exporters/console/console_printer.h"

#include <cstdio>

#include "exporters/console/event_format.h"
#include "exporters/console/log_format.h"
#include "exporters/console/span_format.h"

namespace kotel::console {

ConsolePrinter::LineSink ConsolePrinter::to_stdout() {
  return [](const std::string& line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
  };
}

void ConsolePrinter::event(const ingest::Event& ev, const connections::Connection* conn, std::string_view comm,
                           uint64_t unix_ns) {
  lines_(format_event(ev, conn, {comm}, local_time_text(unix_ns)));
}

void ConsolePrinter::connection(const connections::Connection& c, std::string_view comm, uint64_t unix_ns) {
  lines_(format_connection_summary(c, {comm}, local_time_text(unix_ns)));
}

void ConsolePrinter::span(const spans::Span& s) {
  // Not rendered in place: the admin's span history (kotel explain, top)
  // reads the HTTP facts after this, and the exporters render on their thread.
  lines_(format_span(s, local_time_text(s.start_unix_ns)));
}

void ConsolePrinter::log(const logs::LogRecord& r) {
  lines_(format_log(r, local_time_text(r.time_unix_ns ? r.time_unix_ns : r.observed_unix_ns)));
}

}  // namespace kotel::console
