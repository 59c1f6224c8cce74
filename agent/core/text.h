#pragma once
// ASCII text helpers every stage shares: whitespace, case, tokens. Inline and
// allocation-free where they run per header or per byte.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kotel::core {

constexpr bool is_ows(char c) { return c == ' ' || c == '\t'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Drops optional whitespace (RFC 9110 OWS: spaces and tabs) at both ends.
inline std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// Drops spaces, tabs, CR and LF at both ends (lines read from files and headers).
inline std::string_view trim_space(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

// ASCII case-insensitive equality (header names, tokens, level words).
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

// `s` equals `lower_literal` ignoring ASCII case (the literal is lower case: one fold).
inline bool iequals_lower(std::string_view s, std::string_view lower_literal) {
  if (s.size() != lower_literal.size()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (to_lower(s[i]) != lower_literal[i]) return false;
  return true;
}

inline bool istarts_with_lower(std::string_view s, std::string_view lower_prefix) {
  return s.size() >= lower_prefix.size() && iequals_lower(s.substr(0, lower_prefix.size()), lower_prefix);
}

namespace text_detail {
// RFC 9110 tchar: what a method, a header name or a baggage key may use.
constexpr bool tchar_rule(char c) {
  if (is_alpha(c) || is_digit(c)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
inline constexpr std::array<bool, 256> kTchar = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = tchar_rule(static_cast<char>(c));
  return t;
}();
}  // namespace text_detail

inline bool is_tchar(char c) { return text_detail::kTchar[static_cast<uint8_t>(c)]; }

inline bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

}  // namespace kotel::core
