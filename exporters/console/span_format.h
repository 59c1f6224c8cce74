#pragma once
// One readable line per finished span, for `kotel agent --print spans`:
//   <time> SPAN SERVER <service>[pid] "GET /users/{id}" 200 1.234ms trace=<32 hex> span=<16 hex>
//     parent=<16 hex>|- (<source>) key=value ...

#include <string>
#include <string_view>

#include "spans/span.h"

namespace kotel::console {

std::string format_span(const spans::Span& span, std::string_view time);
// An attribute value as the console shows it: strings with spaces, quotes or
// control bytes quoted and escaped.
void append_value(std::string& out, const spans::AttributeValue& v);
// "HH:MM:SS.micros" in local time.
std::string local_time_text(uint64_t unix_ns);

}  // namespace kotel::console
