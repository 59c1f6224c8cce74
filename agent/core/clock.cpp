#include "core/clock.h"

#include <ctime>

namespace kotel::core {
namespace {
int64_t read_ns(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}
}  // namespace

// Brackets the realtime read between two monotonic reads and takes the midpoint,
// so a preemption between the reads shows up as error rather than skew.
MonotonicToRealtime::MonotonicToRealtime() {
  int64_t m1 = read_ns(CLOCK_MONOTONIC);
  int64_t r = read_ns(CLOCK_REALTIME);
  int64_t m2 = read_ns(CLOCK_MONOTONIC);
  offset_ns_ = r - (m1 + (m2 - m1) / 2);
}

uint64_t monotonic_now_ns() { return static_cast<uint64_t>(read_ns(CLOCK_MONOTONIC)); }
uint64_t unix_now_ns() { return static_cast<uint64_t>(read_ns(CLOCK_REALTIME)); }

}  // namespace kotel::core
