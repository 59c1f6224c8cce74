#include "runtime/log_capture.h"

namespace kotel::runtime {

LogCapture log_capture_of(const config::Config& cfg, const config::OtlpConfig& otlp) {
  if (cfg.logs == config::LogsMode::kOn) return LogCapture::kOn;
  if (cfg.logs == config::LogsMode::kOff) return LogCapture::kOff;
  if (cfg.print == config::PrintMode::kLogs || otlp.logs.otlp) return LogCapture::kOn;
  return cfg.admin_socket != "off" ? LogCapture::kOnDemand : LogCapture::kOff;
}

const char* log_capture_name(LogCapture c) {
  return c == LogCapture::kOn ? "on" : c == LogCapture::kOnDemand ? "on demand" : "off";
}

}  // namespace kotel::runtime
