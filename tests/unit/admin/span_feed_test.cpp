#include "admin/span_feed.h"

#include <gtest/gtest.h>

#include "tests/unit/admin/span_entries.h"

namespace kotel::admin {
namespace {

using testing::entry;

TEST(SpanFeed, FiltersAndDropsWhenTheSubscriberFallsBehind) {
  SpanFeed feed;
  auto slow = feed.subscribe({"svc", 0, 100, false}, 2);
  for (int i = 0; i < 5; ++i) feed.publish(entry(1, static_cast<uint8_t>(i), 200));
  feed.publish(entry(1, 9, 50));            // too short
  feed.publish(entry(1, 9, 500, "other"));  // other service
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

}  // namespace
}  // namespace kotel::admin
