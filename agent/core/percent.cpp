#include "core/percent.h"

#include "core/hex.h"

namespace kotel::core {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[0] (RFC 3629 section 4), or 0 with
// *bad set to the length of its maximal invalid subpart (at least 1).
size_t utf8_sequence(std::string_view s, size_t* bad) {
  auto b = static_cast<uint8_t>(s[0]);
  if (b < 0x80) return 1;
  size_t need = 0;
  uint8_t lo = 0x80, hi = 0xbf;  // the range of the second byte
  if (b >= 0xc2 && b <= 0xdf) {
    need = 1;
  } else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b == 0xe0) lo = 0xa0;  // overlong
    if (b == 0xed) hi = 0x9f;  // surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b == 0xf0) lo = 0x90;  // overlong
    if (b == 0xf4) hi = 0x8f;  // above U+10FFFF
  } else {
    *bad = 1;
    return 0;
  }
  for (size_t i = 1; i <= need; ++i) {
    auto c = i < s.size() ? static_cast<uint8_t>(s[i]) : 0;
    bool ok = i == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xbf);
    if (!ok) {
      *bad = i;
      return 0;
    }
  }
  return need + 1;
}

}  // namespace

void sanitize_utf8(std::string* out, size_t from) {
  std::string_view s(*out);
  size_t i = from;
  while (i < s.size() && static_cast<uint8_t>(s[i]) < 0x80) ++i;
  if (i == s.size()) return;  // ASCII: the common case, nothing to copy
  std::string fixed(s.substr(0, i));
  while (i < s.size()) {
    size_t bad = 0;
    size_t n = utf8_sequence(s.substr(i), &bad);
    if (n > 0) {
      fixed.append(s.substr(i, n));
      i += n;
    } else {
      fixed.append(kReplacement);
      i += bad;
    }
  }
  out->swap(fixed);
}

bool percent_decode(std::string_view in, PlusIs plus, std::string* out) {
  const size_t start = out->size();
  out->reserve(start + in.size());
  bool high = false;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      int h = i + 2 < in.size() ? hex_value(in[i + 1], HexCase::kAny) : -1;
      int l = i + 2 < in.size() ? hex_value(in[i + 2], HexCase::kAny) : -1;
      if (h < 0 || l < 0) {
        out->resize(start);
        return false;
      }
      c = static_cast<char>(h << 4 | l);
      i += 2;
    } else if (c == '+' && plus == PlusIs::kSpace) {
      c = ' ';
    }
    high |= static_cast<uint8_t>(c) >= 0x80;
    out->push_back(c);
  }
  if (high) sanitize_utf8(out, start);
  return true;
}

}  // namespace kotel::core
