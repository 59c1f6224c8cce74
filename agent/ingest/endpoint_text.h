#pragma once
// Text forms of socket addresses: "10.0.0.1" for v4 (also v4-mapped v6), RFC
// 5952 text for v6.

#include <array>
#include <string>
#include <string_view>

#include "ingest/events.h"

namespace kotel::ingest {

std::string address_text(const Endpoint& e);
// The same text written into `buf` (room for the longest v6 form): no allocation.
using AddressText = std::array<char, 46>;
std::string_view address_text(const Endpoint& e, AddressText& buf);
bool is_v4_mapped(const Endpoint& e);

}  // namespace kotel::ingest
