// `kotel tail events`: the feed filters by pid and service and counts what a
// slow view misses.
#include "admin/event_feed.h"

#include <gtest/gtest.h>

namespace kotel::admin {
namespace {

TEST(EventFeed, FiltersByPidAndServiceAndCountsWhatASlowViewMisses) {
  EventFeed feed;
  auto view = feed.subscribe({42, "svc"}, 2);
  for (int i = 0; i < 4; ++i) feed.publish({0, 42, "data", "svc", "line " + std::to_string(i)});
  feed.publish({0, 43, "data", "svc", "other pid"});
  feed.publish({0, 42, "data", "other", "other service"});
  auto got = view->take(std::chrono::milliseconds(0));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].line, "line 0");
  EXPECT_EQ(view->dropped(), 2u);
  feed.unsubscribe(view);
  EXPECT_EQ(feed.dropped(), 2u);
  EXPECT_FALSE(feed.has_subscribers());
  EXPECT_TRUE(EventFilter{}.matches({0, 0, "state", "", "x"}));
}

}  // namespace
}  // namespace kotel::admin
