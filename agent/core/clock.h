#pragma once
// The kernel stamps events with CLOCK_MONOTONIC (bpf_ktime_get_ns); exporters
// need UNIX-epoch time. The offset is measured once at start.

#include <cstdint>

namespace kotel::core {

class MonotonicToRealtime {
 public:
  MonotonicToRealtime();  // samples both clocks now
  explicit MonotonicToRealtime(int64_t offset_ns) : offset_ns_(offset_ns) {}
  uint64_t to_unix_ns(uint64_t monotonic_ns) const { return monotonic_ns + offset_ns_; }
  int64_t offset_ns() const { return offset_ns_; }

 private:
  int64_t offset_ns_;
};

uint64_t monotonic_now_ns();
uint64_t unix_now_ns();  // CLOCK_REALTIME

}  // namespace kotel::core
