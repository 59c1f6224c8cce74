// The batch processor with a scripted transport: batching by size and time,
// the queue bound, retries only for retryable failures (honouring the
// server's delay), partial success, and shutdown's flush and accounting.

#include "exporters/common/batch_processor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

namespace kotel::exporters {
namespace {
using namespace std::chrono_literals;

struct Script {
  std::mutex mu;
  std::vector<size_t> batches;
  std::vector<ExportResult> answers;  // consumed in order; then kOk
  std::vector<std::chrono::steady_clock::time_point> times;
  ExportResult next(size_t n) {
    std::lock_guard lock(mu);
    batches.push_back(n);
    times.push_back(std::chrono::steady_clock::now());
    if (answers.empty()) return {};
    ExportResult r = answers.front();
    answers.erase(answers.begin());
    return r;
  }
  size_t calls() {
    std::lock_guard lock(mu);
    return batches.size();
  }
};

BatchProcessor<int>::Send sender(Script& s) {
  return [&s](std::span<const int> b, std::chrono::milliseconds) { return s.next(b.size()); };
}

// Polls a condition with a deadline: the test waits for an outcome, not a time.
template <typename F>
bool eventually(F f, std::chrono::milliseconds limit = 5s) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!f()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(BatchProcessor, FullBatchesGoAtOnceTheRestOnTheTimer) {
  Script s;
  BatchOptions o;
  o.max_batch = 10;
  o.schedule_delay = 200ms;
  BatchProcessor<int> p("t", sender(s), o);
  for (int i = 0; i < 25; ++i) p.offer(int{i});
  ASSERT_TRUE(eventually([&] { return p.stats().exported.load() == 25; }));
  std::lock_guard lock(s.mu);
  EXPECT_EQ(s.batches, (std::vector<size_t>{10, 10, 5}));
}

TEST(BatchProcessor, FullQueueDropsAndCountsNeverBlocks) {
  Script s;
  s.answers.push_back({ExportStatus::kRetryable, 60000ms, 0, "down"});  // first batch stalls the thread
  BatchOptions o;
  o.max_queue = 100;
  o.max_batch = 10;
  o.schedule_delay = 1ms;
  BatchProcessor<int> p("t", sender(s), o);
  p.offer(0);
  ASSERT_TRUE(eventually([&] { return s.calls() == 1; }));
  int accepted = 0;
  for (int i = 0; i < 1000; ++i) accepted += p.offer(int{i});
  EXPECT_EQ(accepted, 100);
  EXPECT_EQ(p.stats().dropped_queue_full.load(), 900u);
  EXPECT_LE(p.stats().queued.load(), 100u);
  auto [sent, abandoned] = p.shutdown(0ms);
  EXPECT_EQ(sent, 0u);
  EXPECT_EQ(abandoned, 101u);  // the queue and the batch in flight
}

TEST(BatchProcessor, RetryableFailuresAreRetriedWithTheServersDelay) {
  Script s;
  s.answers.push_back({ExportStatus::kRetryable, 300ms, 0, "503"});
  s.answers.push_back({ExportStatus::kRetryable, std::nullopt, 0, "unavailable"});
  BatchOptions o;
  o.schedule_delay = 1ms;
  o.retry_initial = 50ms;
  BatchProcessor<int> p("t", sender(s), o);
  p.offer(7);
  ASSERT_TRUE(eventually([&] { return p.stats().exported.load() == 1; }));
  std::lock_guard lock(s.mu);
  ASSERT_EQ(s.times.size(), 3u);
  EXPECT_GE(s.times[1] - s.times[0], 300ms);  // Retry-After honoured
  EXPECT_GE(s.times[2] - s.times[1], 25ms);   // backoff with jitter: at least half the step
  EXPECT_EQ(p.stats().failures.load(), 2u);
}

TEST(BatchProcessor, PermanentFailuresAreNotRetried) {
  Script s;
  s.answers.push_back({ExportStatus::kPermanent, std::nullopt, 0, "400"});
  BatchOptions o;
  o.schedule_delay = 1ms;
  BatchProcessor<int> p("t", sender(s), o);
  for (int i = 0; i < 3; ++i) p.offer(int{i});
  ASSERT_TRUE(eventually([&] { return p.stats().dropped_permanent.load() == 3; }));
  p.shutdown(1s);
  EXPECT_EQ(s.calls(), 1u);
  EXPECT_EQ(p.stats().exported.load(), 0u);
}

TEST(BatchProcessor, PartialSuccessIsCounted) {
  Script s;
  s.answers.push_back({ExportStatus::kOk, std::nullopt, 2, "two bad spans"});
  BatchOptions o;
  o.schedule_delay = 1ms;
  BatchProcessor<int> p("t", sender(s), o);
  for (int i = 0; i < 5; ++i) p.offer(int{i});
  ASSERT_TRUE(eventually([&] { return p.stats().exported.load() + p.stats().rejected.load() == 5; }));
  EXPECT_EQ(p.stats().rejected.load(), 2u);
}

TEST(BatchProcessor, ShutdownFlushesWhatIsQueued) {
  Script s;
  BatchOptions o;
  o.schedule_delay = 60s;  // only shutdown sends these
  o.max_batch = 512;
  BatchProcessor<int> p("t", sender(s), o);
  for (int i = 0; i < 42; ++i) p.offer(int{i});
  auto [sent, abandoned] = p.shutdown(5s);
  EXPECT_EQ(sent, 42u);
  EXPECT_EQ(abandoned, 0u);
  EXPECT_FALSE(p.offer(1));  // intake stopped
}

TEST(BatchProcessor, ShutdownGivesUpOnADeadReceiverInTime) {
  Script s;
  for (int i = 0; i < 100; ++i) s.answers.push_back({ExportStatus::kRetryable, 100ms, 0, "down"});
  BatchOptions o;
  o.schedule_delay = 60s;
  BatchProcessor<int> p("t", sender(s), o);
  for (int i = 0; i < 10; ++i) p.offer(int{i});
  auto start = std::chrono::steady_clock::now();
  auto [sent, abandoned] = p.shutdown(500ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_EQ(sent, 0u);
  EXPECT_EQ(abandoned, 10u);
  EXPECT_EQ(p.stats().dropped_shutdown.load(), 10u);
}

}  // namespace
}  // namespace kotel::exporters

namespace kotel::exporters {
namespace {

// The queue holds a memory budget, not a count: small items fill it with many,
// large ones with few, and what is over it is dropped and counted; the fill
// shows as queued_bytes and goes back to zero as batches leave.
TEST(BatchProcessorBudget, TheByteBudgetBoundsTheQueue) {
  std::mutex gate;
  gate.lock();  // the transport waits: everything stays queued
  BatchOptions o;
  o.max_queue = 1'000'000;
  o.max_queue_bytes = 10'000;
  o.max_batch = 1'000'000;
  o.schedule_delay = 1h;
  BatchProcessor<int> p(
      "t",
      [&](std::span<const int>, std::chrono::milliseconds) {
        std::lock_guard lock(gate);
        return ExportResult{};
      },
      o, {}, [](const int& bytes) { return static_cast<size_t>(bytes); });
  for (int i = 0; i < 100; ++i) p.offer(int{100});  // 100 x 100 B: exactly the budget
  EXPECT_EQ(p.stats().queued.load(), 100u);
  EXPECT_EQ(p.stats().queued_bytes.load(), 10'000u);
  EXPECT_EQ(p.stats().queue_limit_bytes.load(), 10'000u);
  EXPECT_FALSE(p.offer(int{1})) << "over the budget";
  EXPECT_EQ(p.stats().dropped_queue_full.load(), 1u);
  gate.unlock();
  auto [sent, abandoned] = p.shutdown(5s);
  EXPECT_EQ(sent, 100u);
  EXPECT_EQ(abandoned, 0u);
  EXPECT_EQ(p.stats().queued_bytes.load(), 0u);
}

}  // namespace
}  // namespace kotel::exporters
