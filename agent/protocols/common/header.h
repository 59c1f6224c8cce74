#pragma once
// One header field as a protocol parser saw it. Views into the caller's bytes.

#include <string_view>

namespace kotel::protocols {

struct Header {
  std::string_view name;   // as sent; compare case-insensitively
  std::string_view value;  // leading/trailing whitespace trimmed
};

}  // namespace kotel::protocols
