#include "exporters/console/log_format.h"

#include <fmt/format.h>

#include "exporters/console/span_format.h"
#include "core/hex.h"

namespace kotel::console {

std::string format_log(const logs::LogRecord& r, std::string_view time) {
  std::string service = r.resource ? r.resource->service_name : "?";
  std::string_view where = r.source == logs::LogSource::kKernel ? std::string_view(r.event_name)
                                                                : std::string_view(logs::source_name(r.source));
  std::string out = fmt::format("{} LOG {:<6} {}[{}] {} ", time, r.severity.number ? r.severity.text : "-", service,
                                r.pid, where);
  append_value(out, spans::AttributeValue(r.body));
  if (r.has_trace()) {
    out += " trace=" + core::to_hex(r.trace_id);
    out += " span=" + core::to_hex(r.span_id);
  }
  for (const auto& a : r.attributes) {
    if (a.key == std::string_view("log.iostream")) continue;  // shown above
    out += fmt::format(" {}=", a.key.view());
    append_value(out, a.value);
  }
  return out;
}

}  // namespace kotel::console
