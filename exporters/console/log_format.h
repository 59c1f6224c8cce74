#pragma once
// One readable line per log record, for `kotel agent --print logs`:
//   <time> LOG ERROR  <service>[pid] stderr "body" trace=<32 hex> span=<16 hex> key=value ...
// Kernel records show their event name in place of the stream.

#include <string>
#include <string_view>

#include "logs/log_record.h"

namespace kotel::console {

std::string format_log(const logs::LogRecord& r, std::string_view time);

}  // namespace kotel::console
