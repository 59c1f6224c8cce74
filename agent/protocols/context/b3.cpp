// Zipkin B3 propagation (openzipkin/b3-propagation): single header and multiple headers.
#include "protocols/context/context.h"
#include "core/text.h"

namespace kotel::protocols::context {
using core::HexCase;
using core::decode_hex_padded;
using core::decode_lower_hex;
using core::all_zero;
namespace {

// 32 or 16 lowercase hex digits; 16 is a 64-bit id, left-padded.
bool decode_trace_id(std::string_view s, SpanContext* sc) {
  if (s.size() != 32 && s.size() != 16) return false;
  return decode_hex_padded(s, sc->trace_id, HexCase::kLowerOnly) && !all_zero(sc->trace_id);
}

bool decode_ids(std::string_view trace_id, std::string_view span_id, SpanContext* sc) {
  return decode_trace_id(trace_id, sc) && decode_lower_hex(span_id, sc->span_id) && !all_zero(sc->span_id);
}

// The single-header sampling state: 0 deny, 1 accept, d debug (an accept).
std::optional<bool> single_sampling(std::string_view s) {
  if (s == "1" || s == "d") return true;
  if (s == "0") return false;
  return std::nullopt;
}

// Splits off the text before the next '-'.
std::string_view next_field(std::string_view* rest, bool* more) {
  size_t dash = rest->find('-');
  std::string_view f = rest->substr(0, dash);
  *more = dash != std::string_view::npos;
  rest->remove_prefix(*more ? dash + 1 : rest->size());
  return f;
}

}  // namespace

bool b3_sampling_only(std::string_view value) {
  return single_sampling(core::trim_ows(value)).has_value();
}

std::optional<SpanContext> parse_b3_single(std::string_view value) {
  std::string_view rest = core::trim_ows(value);
  bool more = false;
  std::string_view trace_id = next_field(&rest, &more);
  if (!more) return std::nullopt;  // a sampling state alone, or garbage
  SpanContext sc;
  std::string_view span_id = next_field(&rest, &more);
  if (!decode_ids(trace_id, span_id, &sc)) return std::nullopt;
  if (!more) return sc;  // sampling deferred
  std::optional<bool> sampled = single_sampling(next_field(&rest, &more));
  if (!sampled) return std::nullopt;
  sc.sampled = *sampled;
  if (!more) return sc;
  // The parent span id is of no use here (span_id is the caller's span), but
  // it must be well formed and last.
  std::array<uint8_t, 8> parent{};
  if (!decode_lower_hex(rest, parent)) return std::nullopt;
  return sc;
}

std::optional<SpanContext> parse_b3_multi(std::string_view trace_id, std::string_view span_id, std::string_view sampled,
                                          std::string_view flags) {
  trace_id = core::trim_ows(trace_id);
  span_id = core::trim_ows(span_id);
  sampled = core::trim_ows(sampled);
  flags = core::trim_ows(flags);
  if (trace_id.empty() && span_id.empty()) return std::nullopt;  // a sampling decision alone
  SpanContext sc;
  if (!decode_ids(trace_id, span_id, &sc)) return std::nullopt;
  if (sampled == "0" || sampled == "false") {
    sc.sampled = false;
  } else if (!sampled.empty() && sampled != "1" && sampled != "true") {
    return std::nullopt;
  }
  if (flags == "1") {
    sc.sampled = true;  // debug implies accept
  } else if (!flags.empty() && flags != "0") {
    return std::nullopt;
  }
  return sc;
}

}  // namespace kotel::protocols::context
