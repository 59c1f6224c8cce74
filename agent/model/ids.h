#pragma once
// Trace and span ids as W3C Trace Context and OTLP carry them: raw bytes.

#include <array>
#include <cstdint>

namespace kotel::model {

using TraceId = std::array<uint8_t, 16>;
using SpanId = std::array<uint8_t, 8>;

}  // namespace kotel::model
