#include "spans/route_template.h"

#include <algorithm>
#include <array>

#include "core/hex.h"
#include "core/text.h"

namespace kotel::spans {
namespace {

constexpr std::string_view kRest = "/{rest}";
constexpr std::string_view kRedacted = "REDACTED";
constexpr size_t kMaxExtensionBytes = 5;

using core::hex_value;
using core::is_alpha;
using core::is_digit;
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
// Visible ASCII: no space, no control, no byte >= 0x80.
bool is_printable(char c) {
  return c > ' ' && c < 0x7f;
}

bool is_hex(char c) {
  return hex_value(c) >= 0;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// A plain loop: string_view::find_first_of calls memchr once per character.
size_t find_any(std::string_view s, char a, char b, char c = '\0') {
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == a || s[i] == b || (c != '\0' && s[i] == c)) return i;
  return std::string_view::npos;
}

std::string_view before_query(std::string_view s) {
  return s.substr(0, find_any(s, '?', '#'));
}

// RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
bool is_scheme(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return false;
  for (char c : s)
    if (!is_alnum(c) && c != '+' && c != '-' && c != '.') return false;
  return true;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

bool is_date(std::string_view s) {  // YYYY-MM-DD
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_digit(s[i])) return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool is_hex_id(std::string_view s) {
  if (s.size() < 8) return false;
  bool digit = false;
  for (char c : s) {
    if (!is_hex(c)) return false;
    digit = digit || is_digit(c);
  }
  return digit;
}

// Random-looking base64url (>= 16 chars, optional '=' padding): a run between
// '-'/'_' of >= 8 chars mixing letters and digits, or, with no digits at all,
// letters whose case looks random (>= 1/3 upper, two upper in a row, some lower)
// rather than camelCase.
bool is_token(std::string_view s) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  if (s.size() < 16) return false;
  size_t digits = 0, upper = 0, lower = 0;
  bool upper_pair = false, mixed_run = false;
  size_t run = 0;
  bool run_letter = false, run_digit = false;
  char prev = 0;
  for (char c : s) {
    if (c == '-' || c == '_') {
      run = 0;
      run_letter = run_digit = false;
      prev = c;
      continue;
    }
    if (!is_alnum(c)) return false;
    ++run;
    run_letter = run_letter || is_alpha(c);
    run_digit = run_digit || is_digit(c);
    mixed_run = mixed_run || (run >= 8 && run_letter && run_digit);
    digits += is_digit(c);
    upper += is_upper(c);
    lower += is_lower(c);
    upper_pair = upper_pair || (is_upper(c) && is_upper(prev));
    prev = c;
  }
  if (mixed_run) return true;
  return digits == 0 && lower > 0 && upper_pair && upper * 3 >= upper + lower;
}

enum class Kind : uint8_t { kKeep, kId, kUuid, kDate, kHex, kToken };

std::string_view placeholder(Kind k) {
  switch (k) {
    case Kind::kId:
      return "{id}";
    case Kind::kUuid:
      return "{uuid}";
    case Kind::kDate:
      return "{date}";
    case Kind::kHex:
      return "{hex}";
    case Kind::kToken:
      return "{token}";
    case Kind::kKeep:
      break;
  }
  return {};
}

Kind classify_decoded(std::string_view s) {
  if (all_digits(s)) return Kind::kId;
  if (is_uuid(s)) return Kind::kUuid;
  if (is_date(s)) return Kind::kDate;
  if (is_hex_id(s)) return Kind::kHex;
  if (is_token(s)) return Kind::kToken;
  return Kind::kKeep;
}

// Classifies s, percent-decoded first when it holds a '%' (into a stack
// buffer: s is at most kMaxSegmentBytes); malformed escapes stay literal.
Kind classify_raw(std::string_view s, bool percent) {
  if (!percent) return classify_decoded(s);
  std::array<char, kMaxSegmentBytes> buf;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    int hi = 0, lo = 0;
    if (s[i] == '%' && i + 2 < s.size() && (hi = hex_value(s[i + 1])) >= 0 && (lo = hex_value(s[i + 2])) >= 0) {
      buf[n++] = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      buf[n++] = s[i];
    }
  }
  return classify_decoded(std::string_view(buf.data(), n));
}

// Trivially constructible, so the array of them in route_template is not
// zeroed on every call (that showed up as a fifth of the time).
struct Piece {
  const char* data;  // the segment as sent
  size_t len;
  Kind kind;
  uint8_t ext_len;  // kept extension after a placeholder: the segment's last ext_len bytes

  std::string_view raw() const { return {data, len}; }
  std::string_view ext() const { return raw().substr(len - ext_len); }
  size_t size() const { return kind == Kind::kKeep ? len : placeholder(kind).size() + (ext_len ? 1 + ext_len : 0); }
};

Piece piece(std::string_view raw, Kind kind = Kind::kKeep, size_t ext_len = 0) {
  return {raw.data(), raw.size(), kind, static_cast<uint8_t>(ext_len)};
}

Piece classify_segment(std::string_view raw) {
  if (raw.empty()) return piece(raw);
  // One scan for what every rule needs first.
  bool digits = true, percent = false;
  size_t dot = std::string_view::npos;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (!is_printable(c)) return piece(raw, Kind::kToken);
    digits = digits && is_digit(c);
    percent = percent || c == '%';
    if (c == '.') dot = i;
  }
  if (digits) return piece(raw, Kind::kId);
  if (raw.size() > kMaxSegmentBytes) return piece(raw, Kind::kToken);
  if (Kind k = classify_raw(raw, percent); k != Kind::kKeep) return piece(raw, k);
  // "123.json": classify the stem, keep a short alphanumeric extension.
  if (dot == std::string_view::npos || dot == 0) return piece(raw);
  std::string_view ext = raw.substr(dot + 1);
  if (ext.empty() || ext.size() > kMaxExtensionBytes) return piece(raw);
  for (char c : ext)
    if (!is_alnum(c)) return piece(raw);
  std::string_view stem = raw.substr(0, dot);
  if (Kind k = classify_raw(stem, percent); k != Kind::kKeep) return piece(raw, k, ext.size());
  return piece(raw);
}

}  // namespace

std::string_view url_path(std::string_view target) {
  if (target.empty()) return {};
  if (target[0] == '/') return before_query(target);
  if (target == "*") return target;
  // absolute-form: scheme "://" authority [path]; anything else (authority-form) has no path
  size_t colon = target.find(':');
  if (colon == std::string_view::npos || !is_scheme(target.substr(0, colon)) || target.substr(colon + 1, 2) != "//")
    return {};
  std::string_view rest = target.substr(colon + 3);
  size_t start = find_any(rest, '/', '?', '#');
  if (start == std::string_view::npos || rest[start] != '/') return "/";
  return before_query(rest.substr(start));
}

std::string redact_query(std::string_view target) {
  std::string out;
  redact_query(target, out);
  return out;
}

void redact_query(std::string_view target, std::string& out) {
  out.clear();
  target = target.substr(0, target.find('#'));
  size_t q = target.find('?');
  if (q == std::string_view::npos) return;
  std::string_view query = target.substr(q + 1);
  out.reserve(std::min(kMaxQueryBytes, query.size() + kRedacted.size()));
  bool first = true;
  while (true) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    size_t eq = param.find('=');
    std::string_view name = param.substr(0, eq);
    bool has_value = eq != std::string_view::npos && eq + 1 < param.size();
    size_t need =
        (first ? 0 : 1) + name.size() + (eq == std::string_view::npos ? 0 : 1) + (has_value ? kRedacted.size() : 0);
    if (out.size() + need > kMaxQueryBytes) break;
    if (!first) out += '&';
    out += name;
    if (eq != std::string_view::npos) out += '=';
    if (has_value) out += kRedacted;
    first = false;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

std::string route_template(std::string_view path) {
  path = before_query(path);
  if (path == "*") return std::string(path);
  if (!path.empty() && path[0] == '/') path.remove_prefix(1);
  if (path.empty()) return "/";

  std::array<Piece, kMaxSegments> pieces;
  size_t n = 0;
  size_t total = 0;
  bool rest = false;
  bool trailing_slash = false;
  while (true) {
    size_t slash = path.find('/');
    std::string_view raw = path.substr(0, slash);
    if (n == kMaxSegments) {
      // "/1/2/.../8/" keeps its trailing slash; anything more is collapsed.
      if (raw.empty() && slash == std::string_view::npos)
        trailing_slash = true;
      else
        rest = true;
      break;
    }
    Piece p = classify_segment(raw);
    if (total + 1 + p.size() > kMaxTemplateBytes - kRest.size()) {
      rest = true;
      break;
    }
    pieces[n++] = p;
    total += 1 + p.size();
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }

  std::string out;
  out.reserve(total + (rest ? kRest.size() : 0) + (trailing_slash ? 1 : 0));
  for (size_t i = 0; i < n; ++i) {
    const Piece& p = pieces[i];
    out += '/';
    if (p.kind == Kind::kKeep) {
      out += p.raw();
      continue;
    }
    out += placeholder(p.kind);
    if (p.ext_len) {
      out += '.';
      out += p.ext();
    }
  }
  if (rest) out += kRest;
  if (trailing_slash) out += '/';
  return out;
}

std::string_view TemplateLimiter::admit(std::string_view service, std::string_view tmpl) {
  auto s = by_service_.find(service);
  if (s == by_service_.end()) {
    if (by_service_.size() >= max_services_) {
      ++overflowed_;
      return kOverflow;
    }
    s = by_service_.emplace(std::string(service), Templates{}).first;
  }
  Templates& known = s->second;
  if (auto t = known.find(tmpl); t != known.end()) return *t;
  if (known.size() >= max_per_service_ || tmpl.size() > kMaxTemplateBytes) {
    ++overflowed_;
    return kOverflow;
  }
  return *known.emplace(tmpl).first;
}

}  // namespace kotel::spans
