#pragma once
// Live streams for the admin API (`kotel tail`, `kotel top`): each subscriber
// has its own bounded queue, filled on the reader thread without waiting; a
// subscriber that falls behind loses items (counted), the pipeline never waits.
// `Filter` has `bool matches(const Item&) const`.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace kotel::admin {

template <typename Item, typename Filter>
class LiveSubscription {
 public:
  LiveSubscription(Filter filter, size_t capacity) : filter_(std::move(filter)), capacity_(capacity) {}
  // Reader thread: queues `item` if it matches and there is room.
  void offer(const Item& item) {
    if (!filter_.matches(item)) return;
    {
      std::lock_guard lock(mu_);
      if (queue_.size() >= capacity_) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return;
      }
      queue_.push_back(item);
    }
    cv_.notify_one();
  }
  // Subscriber: what has queued, waiting up to `wait` for the first one.
  std::vector<Item> take(std::chrono::milliseconds wait) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, wait, [&] { return !queue_.empty(); });
    std::vector<Item> out(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
    queue_.clear();
    return out;
  }
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  Filter filter_;
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  std::atomic<uint64_t> dropped_{0};
};

template <typename Item, typename Filter>
class LiveFeed {
 public:
  using Subscription = LiveSubscription<Item, Filter>;
  static constexpr size_t kQueueCapacity = 4096;

  std::shared_ptr<Subscription> subscribe(Filter filter, size_t capacity = kQueueCapacity) {
    auto s = std::make_shared<Subscription>(std::move(filter), capacity);
    std::lock_guard lock(mu_);
    subs_.push_back(s);
    count_.store(subs_.size(), std::memory_order_relaxed);
    return s;
  }
  void unsubscribe(const std::shared_ptr<Subscription>& s) {
    std::lock_guard lock(mu_);
    auto it = std::find(subs_.begin(), subs_.end(), s);
    if (it == subs_.end()) return;
    dropped_gone_ += s->dropped();
    subs_.erase(it);
    count_.store(subs_.size(), std::memory_order_relaxed);
  }
  // Reader thread.
  void publish(const Item& item) {
    if (!has_subscribers()) return;
    std::lock_guard lock(mu_);
    for (auto& s : subs_) s->offer(item);
  }
  // Items lost by subscribers, gone ones included.
  uint64_t dropped() const {
    std::lock_guard lock(mu_);
    uint64_t n = dropped_gone_;
    for (const auto& s : subs_) n += s->dropped();
    return n;
  }
  bool has_subscribers() const { return count_.load(std::memory_order_relaxed) > 0; }

 private:
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Subscription>> subs_;
  std::atomic<size_t> count_{0};
  uint64_t dropped_gone_ = 0;
};

}  // namespace kotel::admin
