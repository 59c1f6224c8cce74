#pragma once
// Between the pipeline and an exporter: a bounded queue, batches by size and
// time, retries with exponential backoff and jitter for retryable failures
// only, and a count of every item that does not make it, by reason. The
// pipeline never waits: offer() takes the item or counts it dropped.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "exporters/common/export_result.h"
#include "exporters/common/last_error.h"

namespace kotel::exporters {

struct BatchOptions {
  size_t max_queue = 2048;                            // OTEL_BSP_MAX_QUEUE_SIZE (items)
  size_t max_queue_bytes = 0;                         // and/or a memory budget (0: none): --export-queue-bytes
  size_t max_batch = 512;                             // OTEL_BSP_MAX_EXPORT_BATCH_SIZE
  std::chrono::milliseconds schedule_delay{5000};     // OTEL_BSP_SCHEDULE_DELAY
  std::chrono::milliseconds export_timeout{30000};    // OTEL_BSP_EXPORT_TIMEOUT: one attempt
  std::chrono::milliseconds retry_initial{1000};
  std::chrono::milliseconds retry_max{30000};         // one backoff step at most
  std::chrono::milliseconds retry_give_up{120000};    // a batch retried this long is dropped
};

// Counters readable from any thread (self-metrics).
struct BatchStats {
  std::atomic<uint64_t> offered{0};
  std::atomic<uint64_t> exported{0};            // accepted by the receiver
  std::atomic<uint64_t> rejected{0};            // partial success: refused by the receiver
  std::atomic<uint64_t> dropped_queue_full{0};  // the exporter fell behind
  std::atomic<uint64_t> dropped_permanent{0};   // the receiver said never retry
  std::atomic<uint64_t> dropped_retries{0};     // retried until retry_give_up
  std::atomic<uint64_t> dropped_shutdown{0};    // still queued when the agent stopped
  std::atomic<uint64_t> attempts{0};
  std::atomic<uint64_t> failures{0};            // attempts that did not succeed
  std::atomic<uint64_t> latency_ns_sum{0};      // of successful attempts
  std::atomic<uint64_t> queued{0};              // now
  std::atomic<uint64_t> queued_bytes{0};        // now, as size_of estimates them
  std::atomic<uint64_t> queue_limit_bytes{0};   // the budget (0: items only)
  LastError last_error;                         // of the latest failed attempt
};

template <typename Item>
class BatchProcessor {
 public:
  // Sends one batch; called on the processor's own thread only.
  using Send = std::function<ExportResult(std::span<const Item> batch, std::chrono::milliseconds timeout)>;
  using Log = std::function<void(const std::string&)>;
  using SizeOf = std::function<size_t(const Item&)>;  // bytes an item holds, for max_queue_bytes

  BatchProcessor(std::string name, Send send, BatchOptions options, Log log = {}, SizeOf size_of = {})
      : name_(std::move(name)), send_(std::move(send)), options_(options), log_(std::move(log)),
        size_of_(std::move(size_of)), thread_([this] { run(); }) {
    stats_.queue_limit_bytes.store(size_of_ ? options_.max_queue_bytes : 0, std::memory_order_relaxed);
  }
  ~BatchProcessor() { shutdown(std::chrono::milliseconds(0)); }
  BatchProcessor(const BatchProcessor&) = delete;
  BatchProcessor& operator=(const BatchProcessor&) = delete;

  // Never blocks on the exporter: a full queue drops the item (counted).
  bool offer(Item&& item) {
    stats_.offered.fetch_add(1, std::memory_order_relaxed);
    size_t bytes = size_of_ && options_.max_queue_bytes ? size_of_(item) : 0;
    std::unique_lock lock(mu_);
    if (stopping_ || queue_.size() >= options_.max_queue ||
        (bytes && queued_bytes_ + bytes > options_.max_queue_bytes)) {
      stats_.dropped_queue_full.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    queue_.push_back(std::move(item));
    queued_bytes_ += bytes;
    if (bytes) sizes_.push_back(bytes);
    stats_.queued.store(queue_.size(), std::memory_order_relaxed);
    stats_.queued_bytes.store(queued_bytes_, std::memory_order_relaxed);
    // One wake-up per batch: when the queue first holds a full one. A thread
    // busy sending sees a longer queue when it next looks, without a signal.
    if (queue_.size() == options_.max_batch) wake_.notify_one();
    return true;
  }

  // Stops intake and exports what is queued until `deadline` has passed; what
  // is left then is dropped (counted). Returns {exported, abandoned} during it.
  std::pair<uint64_t, uint64_t> shutdown(std::chrono::milliseconds deadline) {
    {
      std::lock_guard lock(mu_);
      if (!thread_.joinable()) return {0, 0};
      stopping_ = true;
      shutdown_by_ = std::chrono::steady_clock::now() + deadline;
      exported_at_stop_ = stats_.exported.load();
    }
    wake_.notify_all();
    thread_.join();
    uint64_t abandoned;
    {
      std::lock_guard lock(mu_);
      abandoned = queue_.size();
      stats_.dropped_shutdown.fetch_add(abandoned, std::memory_order_relaxed);
      queue_.clear();
      sizes_.clear();
      queued_bytes_ = 0;
      stats_.queued.store(0, std::memory_order_relaxed);
      stats_.queued_bytes.store(0, std::memory_order_relaxed);
    }
    return {stats_.exported.load() - exported_at_stop_, abandoned + abandoned_in_flight_};
  }

  const BatchStats& stats() const { return stats_; }
  const std::string& name() const { return name_; }

 private:
  using Clock = std::chrono::steady_clock;

  void run() {
    std::vector<Item> batch;
    std::mt19937_64 rng{std::random_device{}()};
    while (true) {
      {
        std::unique_lock lock(mu_);
        wake_.wait_for(lock, options_.schedule_delay,
                       [this] { return stopping_ || queue_.size() >= options_.max_batch; });
        if (queue_.empty()) {
          if (stopping_) return;
          continue;
        }
        if (stopping_ && Clock::now() >= shutdown_by_) return;  // shutdown() counts what is left
        size_t n = std::min(queue_.size(), options_.max_batch);
        batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + n));
        queue_.erase(queue_.begin(), queue_.begin() + n);
        for (size_t i = 0; i < n && !sizes_.empty(); ++i) {
          queued_bytes_ -= sizes_.front();
          sizes_.pop_front();
        }
        stats_.queued.store(queue_.size(), std::memory_order_relaxed);
        stats_.queued_bytes.store(queued_bytes_, std::memory_order_relaxed);
      }
      deliver(batch, rng);
      batch.clear();
    }
  }

  bool stopping() {
    std::lock_guard lock(mu_);
    return stopping_;
  }

  bool past_shutdown_deadline() {
    std::lock_guard lock(mu_);
    return stopping_ && Clock::now() >= shutdown_by_;
  }

  // Sends one batch, retrying retryable failures with backoff until it is
  // accepted, refused for good, retried too long, or the agent stops.
  void deliver(std::span<const Item> batch, std::mt19937_64& rng) {
    auto first = Clock::now();
    std::chrono::milliseconds backoff = options_.retry_initial;
    for (uint32_t attempt = 0;; ++attempt) {
      if (past_shutdown_deadline()) {  // the agent is stopping and out of time: abandon
        stats_.dropped_shutdown.fetch_add(batch.size(), std::memory_order_relaxed);
        std::lock_guard lock(mu_);
        abandoned_in_flight_ += batch.size();
        return;
      }
      auto timeout = options_.export_timeout;
      if (stopping()) timeout = std::min(timeout, remaining_shutdown());
      auto start = Clock::now();
      stats_.attempts.fetch_add(1, std::memory_order_relaxed);
      ExportResult r = send_(batch, timeout);
      if (r.status == ExportStatus::kOk) {
        stats_.latency_ns_sum.fetch_add(
            static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count()),
            std::memory_order_relaxed);
        stats_.exported.fetch_add(batch.size() - std::min<uint64_t>(r.rejected, batch.size()), std::memory_order_relaxed);
        stats_.rejected.fetch_add(r.rejected, std::memory_order_relaxed);
        if (r.rejected && log_) log_(name_ + ": receiver rejected " + std::to_string(r.rejected) + " items: " + r.error);
        return;
      }
      stats_.failures.fetch_add(1, std::memory_order_relaxed);
      stats_.last_error.set(r.error);
      if (r.status == ExportStatus::kPermanent) {
        stats_.dropped_permanent.fetch_add(batch.size(), std::memory_order_relaxed);
        if (log_) log_(name_ + ": dropped " + std::to_string(batch.size()) + " items, not retryable: " + r.error);
        return;
      }
      // Full jitter: a random wait up to the backoff, unless the server said when.
      std::chrono::milliseconds wait =
          r.retry_after ? *r.retry_after
                        : std::chrono::milliseconds(std::uniform_int_distribution<int64_t>(
                              backoff.count() / 2, std::max<int64_t>(backoff.count(), 1))(rng));
      backoff = std::min(backoff * 2, options_.retry_max);
      if (Clock::now() + wait - first > options_.retry_give_up) {
        stats_.dropped_retries.fetch_add(batch.size(), std::memory_order_relaxed);
        if (log_) log_(name_ + ": dropped " + std::to_string(batch.size()) + " items after retrying: " + r.error);
        return;
      }
      if (log_ && attempt == 0) log_(name_ + ": export failed, retrying: " + r.error);
      std::unique_lock lock(mu_);
      if (stopping_) {
        // Retry while the shutdown deadline allows; then this batch is abandoned.
        auto until = std::min(shutdown_by_, Clock::now() + wait);
        wake_.wait_until(lock, until, [] { return false; });
      } else {
        wake_.wait_for(lock, wait, [this] { return stopping_; });
      }
    }
  }

  std::chrono::milliseconds remaining_shutdown() {
    std::lock_guard lock(mu_);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(shutdown_by_ - Clock::now());
    return std::max(left, std::chrono::milliseconds(1));
  }

  std::string name_;
  Send send_;
  BatchOptions options_;
  Log log_;
  BatchStats stats_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  std::deque<size_t> sizes_;  // of the queued items, in order (when size_of_ is set)
  size_t queued_bytes_ = 0;
  SizeOf size_of_;
  bool stopping_ = false;
  Clock::time_point shutdown_by_{};
  uint64_t exported_at_stop_ = 0;
  uint64_t abandoned_in_flight_ = 0;
  std::thread thread_;  // last: starts after every member above exists
};

}  // namespace kotel::exporters
