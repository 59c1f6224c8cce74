#include "admin/span_feed.h"

#include <algorithm>

namespace kotel::admin {

bool SpanFilter::matches(const SpanEntry& e) const {
  if (!service.empty() && e.service() != service) return false;
  if (pid && (!e.resource || e.resource->pid != pid)) return false;
  if (e.duration_ns() < min_duration_ns) return false;
  return !errors_only || e.status == spans::StatusCode::kError;
}

void Subscription::offer(const SpanEntry& e) {
  if (!filter_.matches(e)) return;
  {
    std::lock_guard lock(mu_);
    if (queue_.size() >= capacity_) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.push_back(e);
  }
  cv_.notify_one();
}

std::vector<SpanEntry> Subscription::take(std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, wait, [&] { return !queue_.empty(); });
  std::vector<SpanEntry> out(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  return out;
}

std::shared_ptr<Subscription> SpanFeed::subscribe(SpanFilter filter, size_t capacity) {
  auto s = std::make_shared<Subscription>(std::move(filter), capacity);
  std::lock_guard lock(mu_);
  subs_.push_back(s);
  count_.store(subs_.size(), std::memory_order_relaxed);
  return s;
}

void SpanFeed::unsubscribe(const std::shared_ptr<Subscription>& s) {
  std::lock_guard lock(mu_);
  auto it = std::find(subs_.begin(), subs_.end(), s);
  if (it == subs_.end()) return;
  dropped_gone_ += s->dropped();
  subs_.erase(it);
  count_.store(subs_.size(), std::memory_order_relaxed);
}

void SpanFeed::publish(const SpanEntry& e) {
  if (!has_subscribers()) return;
  std::lock_guard lock(mu_);
  for (auto& s : subs_) s->offer(e);
}

uint64_t SpanFeed::dropped() const {
  std::lock_guard lock(mu_);
  uint64_t n = dropped_gone_;
  for (const auto& s : subs_) n += s->dropped();
  return n;
}

}  // namespace kotel::admin
