// W3C Trace Context level 1, "tracestate Header Field Values".
#include <array>

#include "protocols/context/context.h"
#include "core/text.h"

namespace kotel::protocols::context {
namespace {

constexpr size_t kMaxMembers = 32;

bool is_lcalpha(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_key_char(char c) {
  return is_lcalpha(c) || is_digit(c) || c == '_' || c == '-' || c == '*' || c == '/';
}

// A first character (lcalpha, or also a digit), then up to `max_rest` key characters.
bool valid_key_part(std::string_view s, bool digit_first, size_t max_rest) {
  if (s.empty() || s.size() > max_rest + 1) return false;
  if (!is_lcalpha(s[0]) && !(digit_first && is_digit(s[0]))) return false;
  for (char c : s.substr(1))
    if (!is_key_char(c)) return false;
  return true;
}

// simple-key = lcalpha 0*255(...); multi-tenant-key = tenant-id "@" system-id,
// tenant-id = (lcalpha / DIGIT) 0*240(...), system-id = lcalpha 0*13(...).
bool valid_key(std::string_view k) {
  size_t at = k.find('@');
  if (at == std::string_view::npos) return valid_key_part(k, false, 255);
  return valid_key_part(k.substr(0, at), true, 240) && valid_key_part(k.substr(at + 1), false, 13);
}

// value = 0*255(chr) nblk-chr; chr = %x20 / nblk-chr; nblk-chr = %x21-7E but ',' and '='.
bool valid_value(std::string_view v) {
  if (v.empty() || v.size() > 256 || v.back() == ' ') return false;
  for (char c : v)
    if (c < 0x20 || c > 0x7e || c == ',' || c == '=') return false;
  return true;
}

}  // namespace

bool valid_tracestate(std::string_view value) {
  std::array<std::string_view, kMaxMembers> keys;
  size_t n = 0;
  while (true) {
    size_t comma = value.find(',');
    // Empty and whitespace-only members are allowed (and not counted): they
    // come from joining several headers, some of them empty.
    std::string_view member = core::trim_ows(value.substr(0, comma));
    if (!member.empty()) {
      size_t eq = member.find('=');
      if (eq == std::string_view::npos) return false;
      std::string_view key = member.substr(0, eq);
      if (!valid_key(key) || !valid_value(member.substr(eq + 1)) || n == kMaxMembers) return false;
      for (size_t i = 0; i < n; ++i)
        if (keys[i] == key) return false;  // one entry per key
      keys[n++] = key;
    }
    if (comma == std::string_view::npos) return true;
    value.remove_prefix(comma + 1);
  }
}

}  // namespace kotel::protocols::context
