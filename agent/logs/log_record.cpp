#include "logs/log_record.h"

#include "model/memory_size.h"

namespace kotel::logs {

const char* source_name(LogSource s) {
  switch (s) {
    case LogSource::kStdout: return "stdout";
    case LogSource::kStderr: return "stderr";
    case LogSource::kKernel: return "kernel";
  }
  return "unknown";
}

size_t approximate_bytes(const LogRecord& r) {
  return sizeof(LogRecord) + model::heap_bytes(r.body) + model::heap_bytes(r.event_name) +
         model::heap_bytes(r.severity.text) + model::approximate_bytes(r.attributes);
}

}  // namespace kotel::logs
