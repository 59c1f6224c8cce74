#pragma once
// One syscall's worth of one direction of a connection, as the kernel reported
// it: the exact byte count and the captured prefix of those bytes.

#include <cstdint>
#include <string_view>

namespace kotel::protocols::http1 {

struct Segment {
  uint64_t ts_ns = 0;        // kernel clock (CLOCK_MONOTONIC)
  uint32_t tid = 0;          // thread that made the call
  uint64_t bytes = 0;        // bytes the call moved
  std::string_view payload;  // captured prefix: payload.size() <= bytes
  uint64_t gap_before = 0;   // bytes lost (events dropped) right before this one

  uint64_t uncaptured() const { return bytes > payload.size() ? bytes - payload.size() : 0; }
};

}  // namespace kotel::protocols::http1
