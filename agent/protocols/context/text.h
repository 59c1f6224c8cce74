#pragma once
// ASCII helpers shared by the context parsers (internal to this folder).

#include <string_view>

namespace kotel::protocols::context::text {

inline bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

// Drops optional whitespace (RFC 9110 OWS: spaces and tabs) at both ends.
inline std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 9110 tchar: what a header name or a baggage key may use.
inline bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

inline bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

inline char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

// `s` equals `lower_literal` ignoring ASCII case (the literal is lowercase).
inline bool iequals_lower(std::string_view s, std::string_view lower_literal) {
  if (s.size() != lower_literal.size()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (lower(s[i]) != lower_literal[i]) return false;
  return true;
}

inline bool istarts_with_lower(std::string_view s, std::string_view lower_prefix) {
  return s.size() >= lower_prefix.size() && iequals_lower(s.substr(0, lower_prefix.size()), lower_prefix);
}

}  // namespace kotel::protocols::context::text
