// ChunkedScanner: bytes split wherever the fuzzer likes must scan exactly as
// the same bytes in one piece; with skip() interleaved, counts stay in bounds.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "protocols/http1/chunked.h"

using kotel::fuzz::check;
using kotel::protocols::http1::ChunkedScanner;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  std::vector<size_t> cuts;
  for (size_t n = in.ConsumeIntegralInRange<size_t>(0, 16); n > 0; --n)
    cuts.push_back(in.ConsumeIntegralInRange<size_t>(0, 64));
  std::vector<uint64_t> skips;
  for (size_t n = in.ConsumeIntegralInRange<size_t>(0, 4); n > 0; --n)
    skips.push_back(in.ConsumeIntegralInRange<uint64_t>(0, 1 << 20));
  const std::string body = in.ConsumeRemainingBytesAsString();

  ChunkedScanner whole;
  const size_t whole_used = whole.feed(body);
  check(whole_used <= body.size(), "feed consumes at most what it is given");
  check(whole.status() != ChunkedScanner::Status::kInBody || whole_used == body.size(),
        "a scanner still in the body takes every byte");

  ChunkedScanner split;
  size_t used = 0, pos = 0;
  for (size_t i = 0; pos < body.size(); ++i) {
    size_t n = i < cuts.size() ? cuts[i] : body.size() - pos;
    std::string_view piece = std::string_view(body).substr(pos, n);
    size_t got = split.feed(piece);
    check(got <= piece.size(), "feed consumes at most the piece");
    used += got;
    pos += piece.size();
    if (split.status() != ChunkedScanner::Status::kInBody) break;
  }
  check(split.status() == whole.status(), "splitting does not change the outcome");
  check(used == whole_used, "splitting does not change the bytes consumed");
  check(split.body_bytes() == whole.body_bytes(), "splitting does not change the body length");

  // Skips: counts only, never more than the bytes that went by.
  ChunkedScanner skipping;
  uint64_t seen = 0;
  pos = 0;
  const size_t steps = std::max(cuts.size() + 1, skips.size());
  for (size_t i = 0; i < steps; ++i) {
    size_t n = i < cuts.size() ? cuts[i] : body.size() - pos;
    std::string_view piece = std::string_view(body).substr(pos, n);
    check(skipping.feed(piece) <= piece.size(), "feed consumes at most the piece");
    seen += piece.size();
    pos += piece.size();
    if (i < skips.size()) {
      const uint64_t before = skipping.body_bytes();
      skipping.skip(skips[i]);
      check(skipping.body_bytes() == before || skipping.body_bytes() == before + skips[i],
            "skip counts all or nothing");
      seen += skips[i];
    }
  }
  check(skipping.body_bytes() <= seen, "body bytes never exceed the bytes that went by");
  return 0;
}
