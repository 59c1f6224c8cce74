#pragma once
// Hex digits <-> bytes: ids in trace context headers (table lookups, no
// allocation), printing ids (to_hex), chunk sizes and percent escapes (hex_value).

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace kotel::core {

namespace hex_detail {
// -1 for a non-digit. W3C and B3 ids are lowercase only; Jaeger's are any case.
constexpr std::array<int8_t, 256> make_table(bool upper_too) {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<int8_t>(c - 'a' + 10);
  if (upper_too)
    for (int c = 'A'; c <= 'F'; ++c) t[c] = static_cast<int8_t>(c - 'A' + 10);
  return t;
}
inline constexpr std::array<int8_t, 256> kLower = make_table(false);
inline constexpr std::array<int8_t, 256> kAnyCase = make_table(true);
}  // namespace hex_detail

enum class HexCase : uint8_t { kLowerOnly, kAny };

inline int hex_value(char c, HexCase hc = HexCase::kAny) {
  const auto& t = hc == HexCase::kLowerOnly ? hex_detail::kLower : hex_detail::kAnyCase;
  return t[static_cast<uint8_t>(c)];
}

// Decodes 1..2*out.size() hex digits into `out`, right-aligned: a shorter
// string is a number with its leading zeros left out. False on any other
// character or length; `out` is then unspecified.
inline bool decode_hex_padded(std::string_view in, std::span<uint8_t> out, HexCase hc) {
  if (in.empty() || in.size() > 2 * out.size()) return false;
  const auto& t = hc == HexCase::kLowerOnly ? hex_detail::kLower : hex_detail::kAnyCase;
  for (auto& b : out) b = 0;
  size_t pos = 2 * out.size() - in.size();  // nibble index of in[0]
  for (char c : in) {
    int v = t[static_cast<uint8_t>(c)];
    if (v < 0) return false;
    out[pos / 2] = static_cast<uint8_t>(out[pos / 2] | (pos % 2 ? v : v << 4));
    ++pos;
  }
  return true;
}

// Exactly 2*out.size() lowercase hex digits (the hot path: traceparent, b3).
inline bool decode_lower_hex(std::string_view in, std::span<uint8_t> out) {
  if (in.size() != 2 * out.size()) return false;
  const auto& t = hex_detail::kLower;
  int bad = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = t[static_cast<uint8_t>(in[2 * i])];
    int lo = t[static_cast<uint8_t>(in[2 * i + 1])];
    bad |= hi | lo;  // negative if either is not a digit
    out[i] = static_cast<uint8_t>((hi & 0xf) << 4 | (lo & 0xf));
  }
  return bad >= 0;
}

inline bool all_zero(std::span<const uint8_t> bytes) {
  for (uint8_t b : bytes)
    if (b != 0) return false;
  return true;
}

// Lowercase, two digits per byte: the W3C / OTLP-JSON spelling of an id.
inline std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    s[2 * i] = kDigits[bytes[i] >> 4];
    s[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return s;
}

}  // namespace kotel::core
