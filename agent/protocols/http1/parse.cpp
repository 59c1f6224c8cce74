#include "protocols/http1/parse.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include "core/text.h"

namespace kotel::protocols::http1 {
namespace {

constexpr std::string_view kCrlf = "\r\n";

using core::is_tchar;
using core::is_token;

// "HTTP/1.x" -> x, or -1.
int version_minor(std::string_view v) {
  if (v.size() != 8 || v.substr(0, 7) != "HTTP/1." || v[7] < '0' || v[7] > '9') return -1;
  return v[7] - '0';
}

// RFC 9112 2.2: empty lines (CRLF) before a request or status line are
// ignored (some clients send one after a POST body). At most a few.
size_t leading_empty_lines(std::string_view buf) {
  constexpr size_t kMaxEmptyLines = 8;
  size_t n = 0;
  while (n < 2 * kMaxEmptyLines && buf.substr(n, 2) == kCrlf) n += 2;
  return n;
}

// A method outside the common set: an upper-case token (WebDAV's PROPFIND,
// PURGE, QUERY, M-SEARCH...), decided only with the whole request line in
// view ("METHOD target HTTP/1.x"), so a text protocol's command is not taken.
bool other_method_request_line(std::string_view b) {
  constexpr size_t kMaxMethod = 24, kMaxLine = 8192;
  size_t sp = b.find(' ');
  if (sp == std::string_view::npos || sp == 0 || sp > kMaxMethod) return false;
  for (char c : b.substr(0, sp))
    if (!((c >= 'A' && c <= 'Z') || c == '-' || c == '_')) return false;
  size_t eol = b.find(kCrlf);
  if (eol == std::string_view::npos || eol > kMaxLine) return false;
  std::string_view line = b.substr(0, eol);
  size_t sp2 = line.rfind(' ');
  return sp2 > sp + 1 && version_minor(line.substr(sp2 + 1)) >= 0 &&
         line.substr(sp + 1, sp2 - sp - 1).find(' ') == std::string_view::npos;
}

// Could this name be one of the four that frame a message? (By length: one
// compare for most headers.)
bool framing_header(std::string_view name) {
  switch (name.size()) {
    case 14: case 17: case 10: case 6: return true;  // content-length transfer-encoding connection expect
    default: return false;
  }
}

// Splits the head into its first line and header lines; fills headers and
// framing. kNeedsMoreData until the blank line arrives.
ParseState split_head(std::string_view buf, std::string_view* first_line, std::vector<Header>* headers,
                      Framing* framing, size_t* head_bytes) {
  size_t end = buf.find("\r\n\r\n");
  if (end == std::string_view::npos) return buf.size() > kMaxHeadBytes ? ParseState::kInvalid : ParseState::kNeedsMoreData;
  if (end + 4 > kMaxHeadBytes) return ParseState::kInvalid;
  *head_bytes = end + 4;
  std::string_view head = buf.substr(0, end + 2);  // every line ends in CRLF
  size_t nl = head.find(kCrlf);
  *first_line = head.substr(0, nl);
  head.remove_prefix(nl + 2);
  headers->clear();
  *framing = Framing{};
  // One pass per line: the name's token characters up to ':', then the value
  // up to CR (which must start the line's CRLF).
  const char* p = head.data();
  const char* const stop = head.data() + head.size();
  while (p < stop) {
    const char* name_begin = p;
    while (p < stop && is_tchar(*p)) ++p;
    if (p == name_begin || p == stop || *p != ':') return ParseState::kInvalid;
    std::string_view name(name_begin, static_cast<size_t>(p - name_begin));
    ++p;
    const char* cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<size_t>(stop - p)));
    if (!cr || cr + 1 >= stop || cr[1] != '\n') return ParseState::kInvalid;
    if (headers->size() >= kMaxHeaders) return ParseState::kInvalid;
    Header h{name, core::trim_ows(std::string_view(p, static_cast<size_t>(cr - p)))};
    p = cr + 2;
    if (!framing_header(h.name)) {
      headers->push_back(h);
      continue;
    }
    if (iequals(h.name, "content-length")) {
      uint64_t n = 0;
      auto [p, ec] = std::from_chars(h.value.data(), h.value.data() + h.value.size(), n);
      if (ec != std::errc() || p != h.value.data() + h.value.size()) return ParseState::kInvalid;
      if (framing->content_length && *framing->content_length != n) return ParseState::kInvalid;  // smuggling
      framing->content_length = n;
    } else if (iequals(h.name, "transfer-encoding")) {
      std::string_view v = h.value;
      size_t comma = v.rfind(',');
      framing->chunked = iequals(core::trim_ows(comma == std::string_view::npos ? v : v.substr(comma + 1)), "chunked");
    } else if (iequals(h.name, "connection")) {
      framing->connection_close = h.value.find("close") != std::string_view::npos ||
                                  h.value.find("Close") != std::string_view::npos;
    } else if (iequals(h.name, "expect")) {
      framing->expect_continue = iequals(h.value, "100-continue");
    }
    headers->push_back(h);
  }
  return ParseState::kSuccess;
}

}  // namespace

std::optional<std::string_view> find_header(const std::vector<Header>& headers, std::string_view name) {
  for (const auto& h : headers)
    if (iequals(h.name, name)) return h.value;
  return std::nullopt;
}

ParseState parse_request_head(std::string_view buf, RequestHead* out) {
  size_t empty = leading_empty_lines(buf);
  buf.remove_prefix(empty);
  if (buf.empty()) return ParseState::kNeedsMoreData;
  std::string_view line;
  ParseState st = split_head(buf, &line, &out->headers, &out->framing, &out->head_bytes);
  out->empty_line_bytes = empty;
  if (st == ParseState::kSuccess) out->head_bytes += empty;
  if (st != ParseState::kSuccess) {
    // Reject garbage early, before the blank line: the method must be a token.
    size_t sp = buf.find(' ');
    if (st == ParseState::kNeedsMoreData && sp != std::string_view::npos && !is_token(buf.substr(0, sp)))
      return ParseState::kInvalid;
    return st;
  }
  size_t sp1 = line.find(' ');
  size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp1 == sp2) return ParseState::kInvalid;
  out->method = line.substr(0, sp1);
  out->target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  int minor = version_minor(line.substr(sp2 + 1));
  if (!is_token(out->method) || out->target.empty() || minor < 0) return ParseState::kInvalid;
  out->version_minor = static_cast<uint8_t>(minor);
  if (minor == 0 && !find_header(out->headers, "connection")) out->framing.connection_close = true;
  return ParseState::kSuccess;
}

ParseState parse_response_head(std::string_view buf, ResponseHead* out) {
  size_t empty = leading_empty_lines(buf);
  buf.remove_prefix(empty);
  if (buf.empty()) return ParseState::kNeedsMoreData;
  std::string_view line;
  ParseState st = split_head(buf, &line, &out->headers, &out->framing, &out->head_bytes);
  out->empty_line_bytes = empty;
  if (st == ParseState::kSuccess) out->head_bytes += empty;
  if (st != ParseState::kSuccess) {
    if (st == ParseState::kNeedsMoreData && buf.size() >= 5 && buf.substr(0, 5) != "HTTP/") return ParseState::kInvalid;
    return st;
  }
  // HTTP/1.1 200 OK   (the reason phrase may be empty)
  if (line.size() < 12 || line[8] != ' ' || (line.size() > 12 && line[12] != ' ')) return ParseState::kInvalid;
  int minor = version_minor(line.substr(0, 8));
  uint16_t status = 0;
  auto [p, ec] = std::from_chars(line.data() + 9, line.data() + 12, status);
  if (minor < 0 || ec != std::errc() || p != line.data() + 12 || status < 100 || status > 999)
    return ParseState::kInvalid;
  out->version_minor = static_cast<uint8_t>(minor);
  out->status = status;
  out->reason = line.size() > 13 ? line.substr(13) : std::string_view{};
  if (minor == 0 && !find_header(out->headers, "connection")) out->framing.connection_close = true;
  return ParseState::kSuccess;
}

bool looks_like_request(std::string_view b) {
  b.remove_prefix(leading_empty_lines(b));
  size_t sp = b.find(' ');
  if (sp == std::string_view::npos || sp == 0 || sp > 16) return other_method_request_line(b);
  static constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH",
                                                  "CONNECT", "TRACE"};
  std::string_view m = b.substr(0, sp);
  return std::find(std::begin(kMethods), std::end(kMethods), m) != std::end(kMethods) || other_method_request_line(b);
}

bool may_be_request_line(std::string_view b) {
  b.remove_prefix(leading_empty_lines(b));
  size_t sp = b.find(' ');
  if (sp == std::string_view::npos || sp == 0 || sp > 24 || b.size() > 8192 || b.find(kCrlf) != std::string_view::npos)
    return false;
  for (char c : b.substr(0, sp))
    if (!((c >= 'A' && c <= 'Z') || c == '-' || c == '_')) return false;
  return true;
}

bool looks_like_response(std::string_view b) {
  b.remove_prefix(leading_empty_lines(b));
  return b.size() >= 12 && b.substr(0, 7) == "HTTP/1." && b[8] == ' ' && b[9] >= '1' && b[9] <= '5';
}

BodyFraming request_body(const RequestHead& req) {
  if (req.framing.chunked) return {BodyKind::kChunked, 0};
  if (req.framing.content_length && *req.framing.content_length > 0)
    return {BodyKind::kLength, *req.framing.content_length};
  return {BodyKind::kNone, 0};  // a request without length has no body (RFC 9112 6.3 rule 7)
}

BodyFraming response_body(std::string_view request_method, const ResponseHead& resp) {
  if (request_method == "HEAD" || (resp.status >= 100 && resp.status < 200) || resp.status == 204 ||
      resp.status == 304)
    return {BodyKind::kNone, 0};
  if (request_method == "CONNECT" && resp.status >= 200 && resp.status < 300) return {BodyKind::kUntilClose, 0};
  if (resp.framing.chunked) return {BodyKind::kChunked, 0};
  if (resp.framing.content_length)
    return *resp.framing.content_length ? BodyFraming{BodyKind::kLength, *resp.framing.content_length}
                                        : BodyFraming{BodyKind::kNone, 0};
  return {BodyKind::kUntilClose, 0};
}

}  // namespace kotel::protocols::http1
