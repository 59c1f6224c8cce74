// `kotel tail logs`: which records a tail's filter lets through.
#include "admin/log_feed.h"

#include <gtest/gtest.h>

namespace kotel::admin {
namespace {

TEST(LogFilter, PidServiceAndSeverityFloor) {
  LogEntry e;
  e.pid = 7;
  e.service = "shop";
  e.severity_number = 13;  // WARN
  EXPECT_TRUE(LogFilter{}.matches(e));
  EXPECT_TRUE((LogFilter{7, "shop", 13}.matches(e)));
  EXPECT_FALSE((LogFilter{8, "", 0}.matches(e)));
  EXPECT_FALSE((LogFilter{0, "cart", 0}.matches(e)));
  EXPECT_FALSE((LogFilter{0, "", 17}.matches(e)));
  e.severity_number = 0;  // a line with no level word: shown without a floor, hidden with one
  EXPECT_TRUE(LogFilter{}.matches(e));
  EXPECT_FALSE((LogFilter{0, "", 1}.matches(e)));
}

}  // namespace
}  // namespace kotel::admin
