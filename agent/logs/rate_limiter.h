#pragma once
// Records per second per process: a token bucket per pid (burst = one
// second's worth). What it refuses the caller counts. Bounded: at the cap of
// tracked processes, full buckets (idle processes) are forgotten first. Pure.

#include <cstddef>
#include <cstdint>
#include <unordered_map>

namespace kotel::logs {

class RateLimiter {
 public:
  static constexpr size_t kMaxKeys = 16384;
  explicit RateLimiter(uint32_t per_second) : rate_(per_second) {}

  // True when one more record of `key` may go at `now_ns`. rate 0: always.
  bool allow(uint32_t key, uint64_t now_ns);
  void forget(uint32_t key) { buckets_.erase(key); }
  size_t size() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens = 0;
    uint64_t last_ns = 0;
  };
  uint32_t rate_;
  std::unordered_map<uint32_t, Bucket> buckets_;
};

}  // namespace kotel::logs
