#include <gtest/gtest.h>

#include <thread>

#include "admin/reader_bridge.h"
#include "admin/span_feed.h"
#include "admin/span_history.h"
#include "admin/top_table.h"
#include "kotel/admin/v1/admin.pb.h"

namespace kotel::admin {
namespace {

SpanEntry entry(uint8_t trace, uint8_t span, uint64_t dur_ns, const char* service = "svc",
                spans::StatusCode status = spans::StatusCode::kOk) {
  SpanEntry e;
  e.trace_id[0] = trace;
  e.span_id[0] = span;
  e.end_unix_ns = 1000 + dur_ns;
  e.start_unix_ns = 1000;
  e.status = status;
  auto r = std::make_shared<model::Resource>();
  r->service_name = service;
  r->pid = 42;
  e.resource = r;
  return e;
}

TEST(EscapeBytes, KeepsPrintablesEscapesTheRestAndBounds) {
  EXPECT_EQ(escape_bytes("GET / HTTP/1.1\r\nHost: a\r\n", 100), "GET / HTTP/1.1\\r\\nHost: a\\r\\n");
  EXPECT_EQ(escape_bytes(std::string("a\0\xff\\", 4), 100), "a\\x00\\xff\\\\");
  EXPECT_EQ(escape_bytes("abcdef", 3), "abc");
}

TEST(SpanHistory, KeepsTheNewestAndFindsByTraceAndSpanWithParent) {
  SpanHistory h(3);
  for (uint8_t i = 1; i <= 4; ++i) h.add(entry(i < 3 ? 1 : 2, i, 10));
  EXPECT_EQ(h.size(), 3u);
  std::vector<uint8_t> span1(8, 0);
  span1[0] = 1;
  EXPECT_TRUE(h.find(span1).empty());  // overwritten
  std::vector<uint8_t> trace2(16, 0);
  trace2[0] = 2;
  auto found = h.find(trace2);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0]->span_id[0], 3);  // oldest first
  SpanEntry child = entry(2, 9, 5);
  child.parent_id[0] = 4;
  h.add(child);
  std::vector<uint8_t> span9(8, 0);
  span9[0] = 9;
  auto with_parent = h.find(span9);
  ASSERT_EQ(with_parent.size(), 2u);
  EXPECT_EQ(with_parent[1]->span_id[0], 4);
  EXPECT_TRUE(h.find({1, 2, 3}).empty());  // neither length
}

TEST(SpanFeed, FiltersAndDropsWhenTheSubscriberFallsBehind) {
  SpanFeed feed;
  auto slow = feed.subscribe({"svc", 0, 100, false}, 2);
  for (int i = 0; i < 5; ++i) feed.publish(entry(1, static_cast<uint8_t>(i), 200));
  feed.publish(entry(1, 9, 50));                // too short
  feed.publish(entry(1, 9, 500, "other"));      // other service
  auto got = slow->take(std::chrono::milliseconds(0));
  EXPECT_EQ(got.size(), 2u);
  EXPECT_EQ(slow->dropped(), 3u);
  feed.unsubscribe(slow);
  EXPECT_EQ(feed.dropped(), 3u);  // still counted once gone
  EXPECT_FALSE(feed.has_subscribers());
  SpanFilter errors{"", 0, 0, true};
  EXPECT_FALSE(errors.matches(entry(1, 1, 1)));
  EXPECT_TRUE(errors.matches(entry(1, 1, 1, "svc", spans::StatusCode::kError)));
}

TEST(TopTable, RatesErrorsAndQuantilesPerServiceThenAFreshWindow) {
  TopTable t;
  for (uint64_t i = 1; i <= 100; ++i)
    t.add(entry(1, 1, i * 1'000'000, "a", i % 10 == 0 ? spans::StatusCode::kError : spans::StatusCode::kOk));
  t.add(entry(1, 1, 5'000'000, "b"));
  v1::TopFrame f;
  t.take_frame(2'000'000'000, &f);
  ASSERT_EQ(f.rows_size(), 2);
  EXPECT_EQ(f.rows(0).service(), "a");
  EXPECT_DOUBLE_EQ(f.rows(0).requests_per_s(), 50.0);
  EXPECT_DOUBLE_EQ(f.rows(0).error_pct(), 10.0);
  EXPECT_DOUBLE_EQ(f.rows(0).p50_ms(), 50.0);
  EXPECT_DOUBLE_EQ(f.rows(0).p99_ms(), 99.0);
  v1::TopFrame next;
  t.take_frame(1'000'000'000, &next);
  ASSERT_EQ(next.rows_size(), 2);  // quiet services stay, at zero
  EXPECT_EQ(next.rows(0).requests(), 0u);
}

TEST(ReaderBridge, RunsOnTheServingThreadAndGivesUpWhenNobodyServes) {
  ReaderBridge bridge;
  EXPECT_FALSE(bridge.run([] {}, std::chrono::milliseconds(20)));
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop) bridge.serve();
  });
  std::thread::id ran_on;
  EXPECT_TRUE(bridge.run([&] { ran_on = std::this_thread::get_id(); }, std::chrono::seconds(5)));
  EXPECT_TRUE(ran_on == reader.get_id());
  stop = true;
  reader.join();
}

}  // namespace
}  // namespace kotel::admin
