// Which of a request's headers carries its remote parent, in precedence order.
#include "protocols/context/baggage_budget.h"
#include "protocols/context/context.h"
#include "core/text.h"

namespace kotel::protocols::context {
namespace {

enum class Kind : uint8_t {
  kOther,
  kTraceparent,
  kTracestate,
  kBaggage,
  kB3,
  kB3TraceId,
  kB3SpanId,
  kB3Sampled,
  kB3Flags,
  kUberTraceId,
  kUberctx,
};

// Most headers are rejected on their length alone.
Kind classify(std::string_view name) {
  using core::iequals_lower;
  switch (name.size()) {
    case 2:
      if (iequals_lower(name, "b3")) return Kind::kB3;
      break;
    case 7:
      if (iequals_lower(name, "baggage")) return Kind::kBaggage;
      break;
    case 10:
      if (iequals_lower(name, "tracestate")) return Kind::kTracestate;
      if (iequals_lower(name, "x-b3-flags")) return Kind::kB3Flags;
      break;
    case 11:
      if (iequals_lower(name, "traceparent")) return Kind::kTraceparent;
      if (iequals_lower(name, "x-b3-spanid")) return Kind::kB3SpanId;
      break;
    case 12:
      if (iequals_lower(name, "x-b3-traceid")) return Kind::kB3TraceId;
      if (iequals_lower(name, "x-b3-sampled")) return Kind::kB3Sampled;
      break;
    case 13:
      if (iequals_lower(name, "uber-trace-id")) return Kind::kUberTraceId;
      break;
    default:
      break;
  }
  // Any length from 8 ("uberctx-" without a key is counted invalid).
  return core::istarts_with_lower(name, "uberctx-") ? Kind::kUberctx : Kind::kOther;
}

// The context headers of one request: views into the caller's headers.
struct Found {
  const Header* traceparent = nullptr;
  size_t traceparents = 0;
  const Header* b3 = nullptr;
  const Header* b3_trace_id = nullptr;
  const Header* b3_span_id = nullptr;
  const Header* b3_sampled = nullptr;
  const Header* b3_flags = nullptr;
  const Header* uber_trace_id = nullptr;
  bool tracestate = false;
  bool baggage = false;  // baggage or uberctx-
};

void first(const Header** slot, const Header& h) {
  if (*slot == nullptr) *slot = &h;
}

Found find_context_headers(std::span<const Header> headers) {
  Found f;
  for (const Header& h : headers) {
    switch (classify(h.name)) {
      case Kind::kTraceparent:
        first(&f.traceparent, h);
        ++f.traceparents;
        break;
      case Kind::kTracestate:
        f.tracestate = true;
        break;
      case Kind::kBaggage:
      case Kind::kUberctx:
        f.baggage = true;
        break;
      case Kind::kB3:
        first(&f.b3, h);
        break;
      case Kind::kB3TraceId:
        first(&f.b3_trace_id, h);
        break;
      case Kind::kB3SpanId:
        first(&f.b3_span_id, h);
        break;
      case Kind::kB3Sampled:
        first(&f.b3_sampled, h);
        break;
      case Kind::kB3Flags:
        first(&f.b3_flags, h);
        break;
      case Kind::kUberTraceId:
        first(&f.uber_trace_id, h);
        break;
      case Kind::kOther:
        break;
    }
  }
  return f;
}

std::string_view value_of(const Header* h) {
  return h != nullptr ? h->value : std::string_view{};
}

// The parent from the first format that yields one; invalid ones are counted.
void choose_parent(const Found& f, IncomingContext* ctx, ContextStats* stats) {
  auto use = [ctx](std::optional<SpanContext> sc, ContextFormat format) {
    ctx->parent = sc;
    ctx->format = format;
  };
  if (f.traceparents > 0) {
    // Two traceparent headers cannot both be the parent: neither is trusted.
    auto sc = f.traceparents == 1 ? parse_traceparent(f.traceparent->value) : std::nullopt;
    if (sc) return use(sc, ContextFormat::kTraceparent);
    ++stats->invalid_traceparent;
  }
  if (f.b3 != nullptr && !b3_sampling_only(f.b3->value)) {
    if (auto sc = parse_b3_single(f.b3->value)) return use(sc, ContextFormat::kB3Single);
    ++stats->invalid_b3;
  }
  if (f.b3_trace_id != nullptr || f.b3_span_id != nullptr) {
    if (auto sc = parse_b3_multi(value_of(f.b3_trace_id), value_of(f.b3_span_id), value_of(f.b3_sampled),
                                 value_of(f.b3_flags)))
      return use(sc, ContextFormat::kB3Multi);
    ++stats->invalid_b3;
  }
  if (f.uber_trace_id != nullptr) {
    if (auto sc = parse_uber_trace_id(f.uber_trace_id->value)) return use(sc, ContextFormat::kJaeger);
    ++stats->invalid_jaeger;
  }
}

// Several tracestate headers are one list, joined in order (RFC 9110 5.3).
void take_tracestate(std::span<const Header> headers, IncomingContext* ctx, ContextStats* stats) {
  for (const Header& h : headers) {
    if (classify(h.name) != Kind::kTracestate) continue;
    std::string_view v = core::trim_ows(h.value);
    if (v.empty()) continue;
    if (!ctx->tracestate.empty()) ctx->tracestate.push_back(',');
    ctx->tracestate.append(v);
  }
  if (!valid_tracestate(ctx->tracestate)) {
    ++stats->invalid_tracestate;
    ctx->tracestate.clear();
  }
}

void take_baggage(std::span<const Header> headers, const BaggageLimits& limits, IncomingContext* ctx,
                  ContextStats* stats) {
  BaggageBudget budget(limits, ctx->baggage);
  for (const Header& h : headers) {
    Kind k = classify(h.name);
    if (k == Kind::kBaggage) parse_baggage_members(h.value, &budget, &ctx->baggage, stats);
    if (k == Kind::kUberctx) add_uberctx(h.name, h.value, &budget, &ctx->baggage, stats);
  }
}

}  // namespace

IncomingContext extract_context(std::span<const Header> headers, const BaggageLimits& limits, ContextStats* stats) {
  ContextStats ignored;
  if (stats == nullptr) stats = &ignored;
  IncomingContext ctx;
  Found f = find_context_headers(headers);
  choose_parent(f, &ctx, stats);
  // tracestate belongs to the traceparent: without a valid one it is not looked at.
  if (ctx.format == ContextFormat::kTraceparent && f.tracestate) take_tracestate(headers, &ctx, stats);
  if (f.baggage) take_baggage(headers, limits, &ctx, stats);
  return ctx;
}

}  // namespace kotel::protocols::context
