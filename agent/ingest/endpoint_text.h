#pragma once
// Text forms of socket addresses: "10.0.0.1" for v4 (also v4-mapped v6), RFC
// 5952 text for v6.

#include <string>

#include "ingest/events.h"

namespace kotel::ingest {

std::string address_text(const Endpoint& e);
bool is_v4_mapped(const Endpoint& e);

}  // namespace kotel::ingest
