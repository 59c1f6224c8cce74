#include "protocols/detect.h"

#include "protocols/http1/parse.h"

namespace kotel::protocols {

const char* protocol_name(Protocol p) {
  switch (p) {
    case Protocol::kHttp1: return "http1";
    case Protocol::kOther: return "other";
    case Protocol::kRedis: return "redis";
    default: return "undecided";
  }
}

namespace {

// A RESP command as clients send it: an array of bulk strings, "*<n>\r\n$<m>\r\n".
// Only a stream's first bytes are asked. kUndecided while too short to tell.
Protocol redis_command(std::string_view b) {
  size_t i = 1;
  if (b.empty() || b[0] != '*') return Protocol::kOther;
  while (i < b.size() && i < 8 && b[i] >= '0' && b[i] <= '9') ++i;
  if (i == b.size()) return Protocol::kUndecided;
  if (i == 1 || b.substr(i, 3) != std::string_view("\r\n$").substr(0, std::min<size_t>(3, b.size() - i)))
    return Protocol::kOther;
  if (b.size() < i + 4) return Protocol::kUndecided;
  size_t j = i + 3;
  while (j < b.size() && j < i + 12 && b[j] >= '0' && b[j] <= '9') ++j;
  if (j == b.size()) return Protocol::kUndecided;
  return j > i + 3 && b.substr(j, 1) == "\r" ? Protocol::kRedis : Protocol::kOther;
}

}  // namespace

Protocol detect_protocol(std::string_view payload, bool at_stream_start) {
  if (http1::looks_like_request(payload) || http1::looks_like_response(payload)) return Protocol::kHttp1;
  if (at_stream_start) {
    Protocol r = redis_command(payload);
    if (r != Protocol::kOther) return r;
  }
  // A method name and its space, or "HTTP/1.x 200", fit in 12 bytes: fewer
  // bytes at the start may still be HTTP.
  if (!at_stream_start || payload.size() < 12) return Protocol::kUndecided;
  // An upper-case token and a space without its line's end yet may be a
  // request with a method outside the common set: wait for the line.
  if (http1::may_be_request_line(payload)) return Protocol::kUndecided;
  return Protocol::kOther;
}

}  // namespace kotel::protocols
