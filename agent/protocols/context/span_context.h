#pragma once
// The remote parent a request carries, whichever propagation format carried it,
// and the counters every context parser feeds.

#include <array>
#include <cstdint>

namespace kotel::protocols::context {

struct SpanContext {
  std::array<uint8_t, 16> trace_id{};  // 64-bit ids (B3, Jaeger) are left-padded with zeros; never all zero
  std::array<uint8_t, 8> span_id{};    // the caller's span: our span's parent; never all zero
  // The caller's sampling decision. B3 may leave it out ("defer: the receiver
  // decides"); kotel records every request it sees, so a deferred decision
  // counts as sampled. traceparent and uber-trace-id always carry it.
  bool sampled = true;

  bool operator==(const SpanContext&) const = default;
};

enum class ContextFormat : uint8_t { kNone = 0, kTraceparent = 1, kB3Single = 2, kB3Multi = 3, kJaeger = 4 };

// "none", "traceparent", "b3", "b3multi", "jaeger" (the OTEL_PROPAGATORS names).
const char* context_format_name(ContextFormat f);

// What the parsers ignored. Invalid input never becomes a context; it is counted.
struct ContextStats {
  uint64_t invalid_traceparent = 0;
  uint64_t invalid_tracestate = 0;
  uint64_t invalid_baggage = 0;  // W3C baggage list-members and Jaeger uberctx- headers
  uint64_t baggage_dropped = 0;  // valid, but over BaggageLimits
  uint64_t invalid_b3 = 0;
  uint64_t invalid_jaeger = 0;  // uber-trace-id
};

}  // namespace kotel::protocols::context
