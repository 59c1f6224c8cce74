#pragma once
// What `kotel agent --print` shows, handed over as values: the pipeline
// decides what is shown, the console exporter (exporters/console) how it
// reads. Called on the reader thread.

#include <cstdint>
#include <string_view>

#include "connections/connection.h"
#include "ingest/events.h"
#include "logs/log_record.h"
#include "spans/span.h"

namespace kotel::pipeline {

class ConsoleSink {
 public:
  virtual ~ConsoleSink() = default;
  // --print events: every kernel event, with its tracked connection (may be null).
  virtual void event(const ingest::Event& ev, const connections::Connection* conn, std::string_view comm,
                     uint64_t unix_ns) = 0;
  // --print connections: a connection that ended.
  virtual void connection(const connections::Connection& c, std::string_view comm, uint64_t unix_ns) = 0;
  // --print spans: a finished span, before the admin and the exporters see it.
  virtual void span(const spans::Span& s) = 0;
  // --print logs.
  virtual void log(const logs::LogRecord& r) = 0;
};

}  // namespace kotel::pipeline
