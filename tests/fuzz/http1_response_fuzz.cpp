// parse_response_head on arbitrary bytes, and the body framing it implies.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "protocols/http1/parse.h"

using namespace kotel::protocols::http1;
using kotel::fuzz::check;
using kotel::fuzz::inside;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view buf(reinterpret_cast<const char*>(data), size);
  ResponseHead r;
  if (parse_response_head(buf, &r) == ParseState::kSuccess) {
    check(r.head_bytes > 0 && r.head_bytes <= buf.size(), "head_bytes within the buffer");
    check(r.status >= 100 && r.status <= 999, "status has three digits");
    check(inside(r.reason, buf), "reason points into the buffer");
    for (const auto& h : r.headers) check(inside(h.name, buf) && inside(h.value, buf), "headers point into the buffer");
    for (std::string_view method : {"GET", "HEAD", "CONNECT"}) {
      BodyFraming b = response_body(method, r);
      check(method != "HEAD" || b.kind == BodyKind::kNone, "a response to HEAD has no body");
    }
    ResponseHead again;
    check(parse_response_head(buf.substr(0, r.head_bytes), &again) == ParseState::kSuccess &&
              again.head_bytes == r.head_bytes,
          "the head alone parses to the same length");
  }
  (void)looks_like_response(buf);
  return 0;
}
