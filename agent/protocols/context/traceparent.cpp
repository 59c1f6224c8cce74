// W3C Trace Context, "traceparent Header" and "Versioning of traceparent".
#include "protocols/context/context.h"
#include "core/text.h"

namespace kotel::protocols::context {
using core::decode_lower_hex;
using core::all_zero;
namespace {
// "00-" + 32 + "-" + 16 + "-" + 2
constexpr size_t kV00Size = 55;
constexpr size_t kTraceIdAt = 3, kSpanIdAt = 36, kFlagsAt = 53;
}  // namespace

std::optional<SpanContext> parse_traceparent(std::string_view v) {
  v = core::trim_ows(v);
  // Shorter than version 00 is invalid in every version.
  if (v.size() < kV00Size) return std::nullopt;
  uint8_t version = 0;
  if (!decode_lower_hex(v.substr(0, 2), {&version, 1}) || v[2] != '-') return std::nullopt;
  if (version == 0xff) return std::nullopt;
  // Version 00 is exactly 55 characters; a higher version may add fields,
  // each after a '-', which this version knows nothing about.
  if (v.size() > kV00Size && (version == 0 || v[kV00Size] != '-')) return std::nullopt;
  if (v[kSpanIdAt - 1] != '-' || v[kFlagsAt - 1] != '-') return std::nullopt;
  SpanContext sc;
  uint8_t flags = 0;
  if (!decode_lower_hex(v.substr(kTraceIdAt, 32), sc.trace_id) ||
      !decode_lower_hex(v.substr(kSpanIdAt, 16), sc.span_id) || !decode_lower_hex(v.substr(kFlagsAt, 2), {&flags, 1}))
    return std::nullopt;
  if (all_zero(sc.trace_id) || all_zero(sc.span_id)) return std::nullopt;
  sc.sampled = (flags & 0x01) != 0;
  return sc;
}

}  // namespace kotel::protocols::context
