// parse_request_head on arbitrary bytes: a state always, views inside the buffer.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "protocols/http1/parse.h"

using namespace kotel::protocols::http1;
using kotel::fuzz::check;
using kotel::fuzz::inside;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view buf(reinterpret_cast<const char*>(data), size);
  RequestHead r;
  if (parse_request_head(buf, &r) == ParseState::kSuccess) {
    check(r.head_bytes > 0 && r.head_bytes <= buf.size(), "head_bytes within the buffer");
    check(inside(r.method, buf) && inside(r.target, buf), "method and target point into the buffer");
    check(r.headers.size() <= kMaxHeaders, "at most kMaxHeaders");
    for (const auto& h : r.headers) check(inside(h.name, buf) && inside(h.value, buf), "headers point into the buffer");
    BodyFraming b = request_body(r);
    check(b.kind != BodyKind::kUntilClose, "a request body is never read until close");
    // The head parses the same with whatever follows it.
    RequestHead again;
    check(parse_request_head(buf.substr(0, r.head_bytes), &again) == ParseState::kSuccess &&
              again.head_bytes == r.head_bytes,
          "the head alone parses to the same length");
  }
  (void)looks_like_request(buf);
  return 0;
}
