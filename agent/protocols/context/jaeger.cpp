// Jaeger native propagation: uber-trace-id and uberctx-<key>.
#include <algorithm>
#include <array>

#include "protocols/context/context.h"
#include "core/percent.h"
#include "core/text.h"

namespace kotel::protocols::context {
using core::hex_value;
using core::HexCase;
using core::decode_hex_padded;
using core::all_zero;
using core::percent_decode;
using core::PlusIs;
namespace {

// 32 + 16 + 16 + 2 digits and 3 colons; longer is not an uber-trace-id.
constexpr size_t kMaxUberTraceId = 69;

// Percent-decodes into `buf` without allocating; the decoded text, or empty
// when it does not fit or a '%' is not followed by two hex digits.
std::string_view decode_into(std::string_view in, std::array<char, kMaxUberTraceId>* buf) {
  size_t n = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      int h = i + 2 < in.size() ? hex_value(in[i + 1], HexCase::kAny) : -1;
      int l = i + 2 < in.size() ? hex_value(in[i + 2], HexCase::kAny) : -1;
      if (h < 0 || l < 0) return {};
      c = static_cast<char>(h << 4 | l);
      i += 2;
    }
    if (n == buf->size()) return {};
    (*buf)[n++] = c;
  }
  return {buf->data(), n};
}

std::string_view next_field(std::string_view* rest) {
  size_t colon = rest->find(':');
  std::string_view f = rest->substr(0, colon);
  rest->remove_prefix(colon == std::string_view::npos ? rest->size() : colon + 1);
  return f;
}

}  // namespace

std::optional<SpanContext> parse_uber_trace_id(std::string_view value) {
  std::array<char, kMaxUberTraceId> buf;
  std::string_view v = core::trim_ows(value);
  if (v.find('%') != std::string_view::npos) v = decode_into(v, &buf);
  if (v.size() > kMaxUberTraceId || std::count(v.begin(), v.end(), ':') != 3) return std::nullopt;
  SpanContext sc;
  std::array<uint8_t, 8> parent{};
  uint8_t flags = 0;
  std::string_view trace_id = next_field(&v), span_id = next_field(&v), parent_id = next_field(&v);
  if (!decode_hex_padded(trace_id, sc.trace_id, HexCase::kAny) || all_zero(sc.trace_id) ||
      !decode_hex_padded(span_id, sc.span_id, HexCase::kAny) || all_zero(sc.span_id) ||
      !decode_hex_padded(parent_id, parent, HexCase::kAny) || !decode_hex_padded(v, {&flags, 1}, HexCase::kAny))
    return std::nullopt;
  sc.sampled = (flags & 0x01) != 0;
  return sc;
}

bool parse_uberctx(std::string_view name, std::string_view value, BaggageEntry* out) {
  constexpr std::string_view kPrefix = "uberctx-";
  if (!core::istarts_with_lower(name, kPrefix)) return false;
  std::string_view key = name.substr(kPrefix.size());
  value = core::trim_ows(value);
  if (!core::is_token(key)) return false;
  for (char c : value)
    if (c < 0x20 || c > 0x7e) return false;
  out->key.resize(key.size());
  for (size_t i = 0; i < key.size(); ++i) out->key[i] = core::to_lower(key[i]);  // header names have no case
  out->value.clear();
  out->properties.clear();
  // Jaeger clients form-encode values (url.QueryEscape, URLEncoder): '+' is a space.
  return percent_decode(value, PlusIs::kSpace, &out->value);
}

}  // namespace kotel::protocols::context
