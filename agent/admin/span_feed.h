#pragma once
// Live span streams (`kotel tail spans`, `kotel top`): each subscriber has
// its own bounded queue, filled on the reader thread without waiting; a
// subscriber that falls behind loses spans (counted), the pipeline never waits.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "admin/span_history.h"

namespace kotel::admin {

struct SpanFilter {
  std::string service;  // "": any
  uint32_t pid = 0;     // 0: any
  uint64_t min_duration_ns = 0;
  bool errors_only = false;
  bool matches(const SpanEntry& e) const;
};

class Subscription {
 public:
  Subscription(SpanFilter filter, size_t capacity) : filter_(std::move(filter)), capacity_(capacity) {}
  // Reader thread: queues `e` if it matches and there is room.
  void offer(const SpanEntry& e);
  // Subscriber: what has queued, waiting up to `wait` for the first one.
  std::vector<SpanEntry> take(std::chrono::milliseconds wait);
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  SpanFilter filter_;
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<SpanEntry> queue_;
  std::atomic<uint64_t> dropped_{0};
};

class SpanFeed {
 public:
  static constexpr size_t kQueueCapacity = 4096;
  std::shared_ptr<Subscription> subscribe(SpanFilter filter, size_t capacity = kQueueCapacity);
  void unsubscribe(const std::shared_ptr<Subscription>& s);
  // Reader thread.
  void publish(const SpanEntry& e);
  // Spans lost by subscribers, gone ones included.
  uint64_t dropped() const;
  bool has_subscribers() const { return count_.load(std::memory_order_relaxed) > 0; }

 private:
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Subscription>> subs_;
  std::atomic<size_t> count_{0};
  uint64_t dropped_gone_ = 0;
};

}  // namespace kotel::admin
