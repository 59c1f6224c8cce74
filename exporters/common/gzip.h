#pragma once
// gzip (RFC 1952) of a whole buffer, for OTLP/HTTP bodies and /metrics.

#include <string>
#include <string_view>

namespace kotel::common {

// `level` as zlib's: 1 fastest ... 9 smallest, -1 zlib's default (6).
std::string gzip_compress(std::string_view data, int level = -1);

// Whether an Accept-Encoding header value allows gzip (a q=0 refuses it).
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace kotel::common
