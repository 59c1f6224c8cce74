#pragma once
// HTTP/1.x message heads and body framing, parsed from bytes (RFC 9112).
// Pure and allocation-light: heads point into the caller's buffer
// (std::string_view), nothing throws, malformed input is kInvalid.
// The stitcher (frames -> request/response pairs) builds on this.

#include <cstdint>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "protocols/common/header.h"

namespace kotel::protocols::http1 {

enum class ParseState { kNeedsMoreData, kInvalid, kSuccess };

using protocols::Header;

// What the head says about the body that follows it.
struct Framing {
  std::optional<uint64_t> content_length;
  bool chunked = false;          // Transfer-Encoding ends in chunked
  bool connection_close = false;
  bool expect_continue = false;  // requests only
};

struct RequestHead {
  std::string_view method;
  std::string_view target;
  uint8_t version_minor = 1;  // HTTP/1.<minor>
  std::vector<Header> headers;
  Framing framing;
  size_t head_bytes = 0;  // request line + headers + blank line, with any empty lines before them
  size_t empty_line_bytes = 0;  // leading empty lines skipped (RFC 9112 2.2): the head proper starts after them
};

struct ResponseHead {
  uint8_t version_minor = 1;
  uint16_t status = 0;
  std::string_view reason;
  std::vector<Header> headers;
  Framing framing;
  size_t head_bytes = 0;
  size_t empty_line_bytes = 0;
};

// Upper bound on a head kotel will wait for; longer is kInvalid.
inline constexpr size_t kMaxHeadBytes = 64 * 1024;
inline constexpr size_t kMaxHeaders = 128;

ParseState parse_request_head(std::string_view buf, RequestHead* out);
ParseState parse_response_head(std::string_view buf, ResponseHead* out);

// Does this look like the start of an HTTP/1 request / response? Decided from
// the first bytes only (protocol detection); false on too few bytes.
bool looks_like_request(std::string_view first_bytes);
bool looks_like_response(std::string_view first_bytes);
// The start of a request line whose end has not arrived: an upper-case token,
// a space, and no CRLF within the first 8 KiB.
bool may_be_request_line(std::string_view first_bytes);

enum class BodyKind { kNone, kLength, kChunked, kUntilClose };
struct BodyFraming {
  BodyKind kind = BodyKind::kNone;
  uint64_t length = 0;  // kLength only
};

// RFC 9112 section 6.3, in order: the request's own body...
BodyFraming request_body(const RequestHead& req);
// ...and the response's, which depends on the request method (HEAD) and status
// (1xx, 204, 304 have none).
BodyFraming response_body(std::string_view request_method, const ResponseHead& resp);

using core::iequals;  // header names and tokens compare without case
// First header with this name (case-insensitive), if any.
std::optional<std::string_view> find_header(const std::vector<Header>& headers, std::string_view name);

}  // namespace kotel::protocols::http1
