#include "logs/log_record.h"

namespace kotel::logs {

const char* source_name(LogSource s) {
  switch (s) {
    case LogSource::kStdout: return "stdout";
    case LogSource::kStderr: return "stderr";
    case LogSource::kKernel: return "kernel";
  }
  return "unknown";
}

}  // namespace kotel::logs
