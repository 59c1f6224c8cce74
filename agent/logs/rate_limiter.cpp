#include "logs/rate_limiter.h"

#include <algorithm>

namespace kotel::logs {

bool RateLimiter::allow(uint32_t key, uint64_t now_ns) {
  if (rate_ == 0) return true;
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= kMaxKeys) buckets_.clear();  // rare: at worst a burst more for some processes
    it = buckets_.emplace(key, Bucket{static_cast<double>(rate_), now_ns}).first;
  }
  Bucket& b = it->second;
  if (now_ns > b.last_ns) {
    b.tokens = std::min<double>(rate_, b.tokens + static_cast<double>(now_ns - b.last_ns) * rate_ / 1e9);
    b.last_ns = now_ns;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

}  // namespace kotel::logs
