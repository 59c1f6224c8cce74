#include "cli/top_screen.h"

#include <gtest/gtest.h>

namespace kotel::cli {
namespace {

TEST(TopScreen, SortKeyForEachKeyPress) {
  EXPECT_EQ(top_sort_for_key('9'), "p99");
  EXPECT_EQ(top_sort_for_key('x'), "");
}

}  // namespace
}  // namespace kotel::cli
