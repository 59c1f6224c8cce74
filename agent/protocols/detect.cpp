#include "protocols/detect.h"

#include "protocols/http1/parse.h"

namespace kotel::protocols {

const char* protocol_name(Protocol p) {
  switch (p) {
    case Protocol::kHttp1: return "http1";
    case Protocol::kOther: return "other";
    default: return "undecided";
  }
}

Protocol detect_protocol(std::string_view payload, bool at_stream_start) {
  if (http1::looks_like_request(payload) || http1::looks_like_response(payload)) return Protocol::kHttp1;
  // A method name and its space, or "HTTP/1.x 200", fit in 12 bytes: fewer
  // bytes at the start may still be HTTP.
  if (!at_stream_start || payload.size() < 12) return Protocol::kUndecided;
  // An upper-case token and a space without its line's end yet may be a
  // request with a method outside the common set: wait for the line.
  if (http1::may_be_request_line(payload)) return Protocol::kUndecided;
  return Protocol::kOther;
}

}  // namespace kotel::protocols
