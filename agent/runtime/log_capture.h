#pragma once
// When stdout/stderr are captured: always, only while `kotel tail logs` runs
// (--logs auto with nothing else consuming records; needs the admin socket),
// or never. Capturing puts every syscall of the host on the tracing slow path,
// hence on demand by default.

#include "config/config.h"
#include "config/otlp_config.h"

namespace kotel::runtime {

enum class LogCapture { kOff, kOn, kOnDemand };

LogCapture log_capture_of(const config::Config& cfg, const config::OtlpConfig& otlp);
const char* log_capture_name(LogCapture c);  // "on" | "on demand" | "off"

}  // namespace kotel::runtime
