#pragma once
// The request head of a /metrics, /healthz or /readyz call: the few fields
// the endpoint uses, read from bytes with bounds. Pure.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kotel::prometheus {

inline constexpr size_t kMaxRequestHead = 8192;  // Prometheus sends a few hundred bytes

struct HttpRequest {
  std::string method;  // GET | HEAD (others are refused)
  std::string path;    // without the query
  std::string accept;
  std::string accept_encoding;
  std::string authorization;
};

// Where the head ends (after its blank line), or npos while it is incomplete.
size_t request_head_end(std::string_view bytes);
core::Result<HttpRequest> parse_request_head(std::string_view head);

}  // namespace kotel::prometheus
