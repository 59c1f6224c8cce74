#include "discovery/proc_stat.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace kotel::discovery {
namespace {

TEST(StatField, CountsFromTheLastParenOfTheComm) {
  std::string_view stat = "4242 (my) (odd) 1) S 1 4000 4000 0 -1 4194560 99 0 0 0 7 3 0 0 20 0 1 0 123456 ";
  EXPECT_EQ(stat_field(stat, 3), 0u);  // "S" is not a number
  EXPECT_EQ(stat_field(stat, 4), 1u);  // ppid
  EXPECT_EQ(stat_field(stat, 5), 4000u);  // pgrp
  EXPECT_EQ(stat_field(stat, 22), 123456u);  // starttime
  EXPECT_EQ(stat_field(stat, 23), 0u);  // past the end
  EXPECT_EQ(stat_field(stat, 2), 0u);
  EXPECT_EQ(stat_field("no parens 1 2 3", 4), 0u);
  EXPECT_EQ(stat_field("", 5), 0u);
  EXPECT_EQ(stat_field("1 (x) S 1 -4\n", 5), 0u);  // not an unsigned number
}

}  // namespace
}  // namespace kotel::discovery
