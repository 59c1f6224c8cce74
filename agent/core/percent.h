#pragma once
// Percent-decoding (RFC 3986 section 2.1): baggage values, Jaeger headers,
// OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES.

#include <cstdint>
#include <string>
#include <string_view>

namespace kotel::core {

enum class PlusIs : uint8_t { kPlus, kSpace };  // kSpace: form encoding, as Jaeger clients send

// Appends the decoding of `in` to *out. A '%' not followed by two hex digits
// fails (out is then restored). Decoded bytes that are not UTF-8 are replaced
// by U+FFFD, one per maximal invalid subpart (W3C Baggage, section 3.3.1.3).
bool percent_decode(std::string_view in, PlusIs plus, std::string* out);

// Replaces invalid UTF-8 in out[from..] by U+FFFD, in place.
void sanitize_utf8(std::string* out, size_t from);

}  // namespace kotel::core
