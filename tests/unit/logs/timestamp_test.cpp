#include "logs/timestamp.h"

#include <gtest/gtest.h>

namespace kotel::logs {
namespace {

constexpr uint64_t kJan2_2024_030405 = 1704164645ULL * 1'000'000'000;  // 2024-01-02T03:04:05Z

TEST(Timestamp, LeadingFormats) {
  uint64_t ns = 0;
  EXPECT_EQ(parse_leading_timestamp("2024-01-02T03:04:05Z rest", 0, &ns), 20u);
  EXPECT_EQ(ns, kJan2_2024_030405);
  EXPECT_EQ(parse_leading_timestamp("2024-01-02T05:04:05+02:00", 0, &ns), 25u);
  EXPECT_EQ(ns, kJan2_2024_030405);
  EXPECT_EQ(parse_leading_timestamp("2024-01-02 04:04:05,123 INFO", 3600, &ns), 23u);  // local UTC+1, Python
  EXPECT_EQ(ns, kJan2_2024_030405 + 123'000'000);
  EXPECT_EQ(parse_leading_timestamp("2024/01/02 03:04:05.000250 msg", 0, &ns), 26u);  // Go log, microseconds
  EXPECT_EQ(ns, kJan2_2024_030405 + 250'000);
  for (const char* bad : {"2024-13-02 03:04:05", "2024-01-02X03:04:05", "24-01-02 03:04:05", "hello", ""})
    EXPECT_EQ(parse_leading_timestamp(bad, 0, &ns), 0u) << bad;
}

}  // namespace
}  // namespace kotel::logs
